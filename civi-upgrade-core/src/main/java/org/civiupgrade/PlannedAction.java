package org.civiupgrade;

import java.util.Objects;

/**
 * One change a step would make, and how it would be undone: a line of the dry run.
 *
 * @param stepId the step making the change
 * @param action what would change
 * @param undo   how the change would be undone ({@code ""} if nothing needs undoing)
 */
public record PlannedAction(String stepId, String action, String undo) {
    public PlannedAction {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(action, "action");
        undo = undo == null ? "" : undo;
    }
}
