package org.civiupgrade.internal.engine;

import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.CheckResult;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Site;
import org.civiupgrade.Version;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.support.SafeFiles;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.spi.support.ForwardingStep;
import org.civiupgrade.spi.support.ForwardingStepContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/**
 * A step of a later hop of a multi-hop plan: the same step with the id
 * {@code hop-<version>:<id>}, run with its own subfolder of the run folder
 * ({@code hop-<version>}) and its own run id suffix, so that two hops' code swaps or saved
 * copies never meet. Compensations are recorded in the run's one journal, so a failure in any
 * hop undoes every hop, newest first.
 */
public final class HopStep extends ForwardingStep {
    private final String hop;

    /**
     * @param hopVersion the version this hop installs
     * @param delegate   the step
     */
    public HopStep(Version hopVersion, Step delegate) {
        super(delegate);
        this.hop = "hop-" + hopVersion.toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** The prefix of this hop's step ids. */
    public String hop() {
        return hop;
    }

    @Override
    public String id() {
        return hop + ":" + delegate().id();
    }

    @Override
    public List<CheckResult> check(PlanContext context) {
        return delegate().check(new HopPlanContext(context));
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        return delegate().preview(new HopPlanContext(context)).stream()
                .map(a -> new PlannedAction(id(), a.action(), a.undo(), a.details())).toList();
    }

    @Override
    public void apply(StepContext context) throws Exception {
        SafeFiles.ownerOnlyDirectories(context.runDir().resolve(hop));
        delegate().apply(new HopStepContext(context));
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

    /** The step's context with the hop's subfolder, run id suffix and warning prefix. */
    private final class HopStepContext extends ForwardingStepContext {
        HopStepContext(StepContext outer) {
            super(outer);
        }

        @Override
        public Path runDir() {
            return super.runDir().resolve(hop);
        }

        @Override
        public String runId() {
            return super.runId() + "-" + hop;
        }

        @Override
        public void warn(String message) {
            super.warn("[" + hop + "] " + message);
        }
    }
}
