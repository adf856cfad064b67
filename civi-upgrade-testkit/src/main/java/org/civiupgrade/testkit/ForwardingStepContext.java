package org.civiupgrade.testkit;

import java.nio.file.Path;
import org.civiupgrade.Site;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.spi.StepContext;

/** A {@link StepContext} passing every call to another; override what a test needs to change. */
class ForwardingStepContext implements StepContext {
    private final StepContext delegate;

    ForwardingStepContext(StepContext delegate) {
        this.delegate = delegate;
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
