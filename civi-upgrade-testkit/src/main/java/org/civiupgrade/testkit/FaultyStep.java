package org.civiupgrade.testkit;

import java.util.List;
import org.civiupgrade.spi.support.ForwardingStep;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/**
 * Wraps any step with two {@link Faults} points, {@code <step-id>:before} (nothing of the step
 * has run) and {@code <step-id>:after} (the step made all its changes and recorded their
 * compensations, then fails), so that a test can make a real plan fail at any step. Everything
 * else is the wrapped step's: id, description, reversibility, requirements, checks, preview.
 *
 * <pre>{@code
 * UpgradePlan real = Upgrade.of(site).to(release).standard().plan();
 * Upgrade.Builder b = Upgrade.of(site).steps(FaultyStep.wrapAll(real.steps()));
 * real.options().values().forEach(b::option); // steps read the plan's options (e.g. the target version)
 * Faults.arm(FaultyStep.after("swap-code"));
 * b.plan().run();
 * }</pre>
 *
 */
public final class FaultyStep extends ForwardingStep {
    /** Wraps the real step. */
    public FaultyStep(Step delegate) {
        super(delegate);
    }

    /** Every step wrapped, in the same order. */
    public static List<Step> wrapAll(List<? extends Step> steps) {
        return steps.stream().<Step>map(FaultyStep::new).toList();
    }

    /** The point passed before the wrapped step runs. */
    public static String before(String stepId) {
        return stepId + ":before";
    }

    /** The point passed after the wrapped step finished. */
    public static String after(String stepId) {
        return stepId + ":after";
    }

    @Override
    public void apply(StepContext context) throws Exception {
        Faults.pass(before(id()));
        super.apply(context);
        Faults.pass(after(id()));
    }
}
