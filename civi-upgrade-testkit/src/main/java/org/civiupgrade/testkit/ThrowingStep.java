package org.civiupgrade.testkit;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/**
 * A step that changes nothing and then throws, to make a plan fail at a chosen place (or, with
 * {@link #noop(String)}, a step that does nothing at all). Its preview is empty and it is
 * {@link Reversibility#REVERSIBLE}: there is nothing of its own to undo.
 *
 * <pre>{@code
 * Upgrade.of(site).step(realStep).step(ThrowingStep.failing("test.fail", "injected failure")).plan().run();
 * }</pre>
 */
public final class ThrowingStep implements Step {
    private final String id;
    private final String description;
    private final Supplier<? extends Throwable> failure;

    /**
     * @param id          the step id
     * @param description one line for the report
     * @param failure     what {@link #apply} throws; null for a step that does nothing
     */
    public ThrowingStep(String id, String description, @org.jspecify.annotations.Nullable Supplier<? extends Throwable> failure) {
        this.id = Objects.requireNonNull(id, "id");
        this.description = Objects.requireNonNull(description, "description");
        this.failure = failure;
    }

    /** A step that throws {@code IllegalStateException(message)}. */
    public static ThrowingStep failing(String id, String message) {
        return new ThrowingStep(id, "fails: " + message, () -> new IllegalStateException(message));
    }

    /** A step that does nothing. */
    public static ThrowingStep noop(String id) {
        return new ThrowingStep(id, "nothing", null);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Reversibility reversibility() {
        return Reversibility.REVERSIBLE;
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        return List.of();
    }

    /** Throws the configured failure (checked ones wrapped as they are: {@code apply} declares {@code Exception}). */
    @Override
    public void apply(StepContext context) throws Exception {
        if (failure == null) {
            return;
        }
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        }
        throw (Error) t;
    }
}
