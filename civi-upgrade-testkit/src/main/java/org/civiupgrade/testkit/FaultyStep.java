package org.civiupgrade.testkit;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.civiupgrade.CheckResult;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.spi.PlanContext;
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
 * @param delegate the real step
 */
public record FaultyStep(Step delegate) implements Step {
    public FaultyStep {
        Objects.requireNonNull(delegate, "delegate");
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
    public String id() {
        return delegate.id();
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
        return delegate.check(context);
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        return delegate.preview(context);
    }

    @Override
    public void apply(StepContext context) throws Exception {
        Faults.pass(before(id()));
        delegate.apply(context);
        Faults.pass(after(id()));
    }
}
