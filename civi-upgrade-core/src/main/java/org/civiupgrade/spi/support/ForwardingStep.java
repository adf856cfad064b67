package org.civiupgrade.spi.support;

import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.civiupgrade.CheckResult;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;

/**
 * A step that passes every call to another; extend it to change what a decorator needs
 * (another id, a wrapped context, fault points) and inherit the rest.
 */
public abstract class ForwardingStep implements Step {
    private final Step delegate;

    /**
     * Forwards to a step.
     *
     * @param delegate the wrapped step
     */
    protected ForwardingStep(Step delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The wrapped step. */
    public Step delegate() {
        return delegate;
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
        delegate.apply(context);
    }

    @Override
    public String toString() {
        return id();
    }
}
