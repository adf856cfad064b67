package org.civiupgrade.spi;

import java.util.List;
import java.util.Set;
import org.civiupgrade.CheckResult;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;

/**
 * One stage of an upgrade. A step declares before it runs what it is, how it can be undone,
 * what it needs from earlier steps and what it offers later ones, and previews its actions.
 * While it runs, it records the compensation of each change through
 * {@link StepContext#record(Compensation)}; the engine, not the step, undoes them in reverse
 * order when any later action fails, including the failing step's own partial changes.
 */
public interface Step {
    /** Stable identifier, unique within a plan, e.g. {@code backup-database}. */
    String id();

    /** One line for people. */
    String description();

    /** How the step's changes are undone. */
    Reversibility reversibility();

    /** Capabilities that an earlier step must provide (e.g. {@code database-backup}). */
    default Set<String> requires() {
        return Set.of();
    }

    /** Capabilities this step provides to later steps. */
    default Set<String> provides() {
        return Set.of();
    }

    /** Pre-flight checks; must not change anything and must not throw for a failed check. */
    default List<CheckResult> check(PlanContext context) {
        return List.of();
    }

    /** What the step would do and how each change would be undone; changes nothing. */
    List<PlannedAction> preview(PlanContext context);

    /**
     * Makes the step's changes. Record the compensation of each change with
     * {@link StepContext#record(Compensation)} <em>before</em> making the change, even when the
     * change itself is atomic (a rename): the process may die between the change and the
     * journal write, and a change the journal does not know about cannot be undone. A
     * compensation must therefore also be right when its change never happened (e.g. "rename B
     * back to A if B exists and A does not").
     *
     * @throws Exception any failure; the engine rolls back and reports it
     */
    void apply(StepContext context) throws Exception;
}
