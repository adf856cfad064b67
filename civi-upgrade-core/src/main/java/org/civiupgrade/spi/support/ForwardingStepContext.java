package org.civiupgrade.spi.support;

import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.spi.StepContext;
import java.nio.file.Path;
import java.util.Objects;
import org.civiupgrade.Site;

/**
 * A step context that passes every call to another; extend it to change what a wrapper needs
 * (a subfolder of the run folder, how compensations are recorded) and inherit the rest.
 */
public class ForwardingStepContext implements StepContext {
    private final StepContext delegate;

    /**
     * Forwards to a context.
     *
     * @param delegate the wrapped context
     */
    public ForwardingStepContext(StepContext delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Site site() {
        return delegate.site();
    }

    @Override
    public SiteResources resources() {
        return delegate.resources();
    }

    @Override
    public DatabaseDialect dialect() {
        return delegate.dialect();
    }

    @Override
    public PlanOptions options() {
        return delegate.options();
    }

    @Override
    public Path runDir() {
        return delegate.runDir();
    }

    @Override
    public String runId() {
        return delegate.runId();
    }

    @Override
    public void record(Compensation compensation) {
        delegate.record(compensation);
    }

    @Override
    public void progress(long done, long total, String unit) {
        delegate.progress(done, total, unit);
    }

    @Override
    public void warn(String message) {
        delegate.warn(message);
    }

    @Override
    public void report(String section, String line) {
        delegate.report(section, line);
    }

    @Override
    public void checkInterrupted() throws InterruptedException {
        delegate.checkInterrupted();
    }
}
