package org.civiupgrade.testkit;

import java.util.List;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.support.ForwardingStep;
import org.civiupgrade.spi.support.ForwardingStepContext;
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
 * <p>{@link #withFaultyUndo(Step)} also wraps every compensation the step records in a
 * {@link ScriptedUndo} whose point {@link #undo(String, int)} fires when the compensation is
 * applied, so that a test can make any real compensation fail (the rollback then ends
 * ROLLBACK_INCOMPLETE, and a recovery with the point disarmed finishes it).
 */
public final class FaultyStep extends ForwardingStep {
    private final boolean faultyUndo;

    /** Wraps the real step. */
    public FaultyStep(Step delegate) {
        this(delegate, false);
    }

    private FaultyStep(Step delegate, boolean faultyUndo) {
        super(delegate);
        this.faultyUndo = faultyUndo;
    }

    /** Wraps the real step, and each compensation it records with the fault point {@link #undo(String, int)}. */
    public static FaultyStep withFaultyUndo(Step delegate) {
        return new FaultyStep(delegate, true);
    }

    /**
     * The point passed when the {@code index}-th compensation (from 0) recorded by a step made
     * with {@link #withFaultyUndo(Step)} is applied: {@code undo:<step-id>#<index>}.
     */
    public static String undo(String stepId, int index) {
        return "undo:" + stepId + "#" + index;
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
        super.apply(faultyUndo ? new FaultyUndoContext(context, id()) : context);
        Faults.pass(after(id()));
    }

    /** Records each compensation inside a {@link ScriptedUndo} keyed {@code <step-id>#<index>}. */
    private static final class FaultyUndoContext extends ForwardingStepContext {
        private final String stepId;
        private int recorded;

        FaultyUndoContext(StepContext delegate, String stepId) {
            super(delegate);
            this.stepId = stepId;
        }

        @Override
        public void record(Compensation compensation) {
            super.record(new ScriptedUndo(stepId + "#" + recorded++, compensation));
        }
    }
}
