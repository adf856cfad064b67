package org.civiupgrade.internal.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.civiupgrade.CheckResult;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.Site;
import org.civiupgrade.Version;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.SafeFiles;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/**
 * A step of a later hop of a multi-hop plan: the same step with the id
 * {@code hop-<version>:<id>}, run with its own subfolder of the run folder
 * ({@code hop-<version>}) and its own run id suffix, so that two hops' code swaps or saved
 * copies never meet. Compensations are recorded in the run's one journal, so a failure in any
 * hop undoes every hop, newest first.
 */
public final class HopStep implements Step {
    private final Step delegate;
    private final String hop;

    /**
     * @param hopVersion the version this hop installs
     * @param delegate   the step
     */
    public HopStep(Version hopVersion, Step delegate) {
        this.delegate = delegate;
        this.hop = "hop-" + hopVersion.toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** The prefix of this hop's step ids. */
    public String hop() {
        return hop;
    }

    /** The wrapped step. */
    public Step delegate() {
        return delegate;
    }

    @Override
    public String id() {
        return hop + ":" + delegate.id();
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public Reversibility reversibility() {
        return delegate.reversibility();
    }

    @Override
    public Set<String> requires() {
        return delegate.requires();
    }

    @Override
    public Set<String> provides() {
        return delegate.provides();
    }

    @Override
    public List<CheckResult> check(PlanContext context) {
        return delegate.check(new HopPlanContext(context));
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        return delegate.preview(new HopPlanContext(context)).stream()
                .map(a -> new PlannedAction(id(), a.action(), a.undo())).toList();
    }

    @Override
    public void apply(StepContext context) throws Exception {
        SafeFiles.ownerOnlyDirectories(context.runDir().resolve(hop));
        delegate.apply(new HopStepContext(context));
    }

    @Override
    public String toString() {
        return id();
    }

    private class HopPlanContext implements PlanContext {
        final PlanContext outer;

        HopPlanContext(PlanContext outer) {
            this.outer = outer;
        }

        @Override
        public Site site() {
            return outer.site();
        }

        @Override
        public SiteResources resources() {
            return outer.resources();
        }

        @Override
        public PlanOptions options() {
            return outer.options();
        }

        @Override
        public Path runDir() {
            return outer.runDir().resolve(hop);
        }
    }

    private final class HopStepContext extends HopPlanContext implements StepContext {
        private final StepContext step;

        HopStepContext(StepContext outer) {
            super(outer);
            this.step = outer;
        }

        @Override
        public String runId() {
            return step.runId() + "-" + hop;
        }

        @Override
        public void record(Compensation compensation) {
            step.record(compensation);
        }

        @Override
        public void progress(long done, long total, String unit) {
            step.progress(done, total, unit);
        }

        @Override
        public void warn(String message) {
            step.warn("[" + hop + "] " + message);
        }

        @Override
        public void report(String section, String line) {
            step.report(section, line);
        }

        @Override
        public void checkInterrupted() throws InterruptedException {
            step.checkInterrupted();
        }
    }
}
