package org.civiupgrade;

import java.util.List;
import java.util.Objects;

/**
 * One change a step would make, and how it would be undone: a line of the dry run.
 *
 * @param stepId  the step making the change
 * @param action  what would change
 * @param undo    how the change would be undone ({@code ""} if nothing needs undoing)
 * @param details further lines shown under the action, e.g. the output of the schema
 *                upgrader's own dry run ({@code cv upgrade:db --dry-run}), secrets masked; may be empty
 */
public record PlannedAction(String stepId, String action, String undo, List<String> details) {
    public PlannedAction {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(action, "action");
        undo = undo == null ? "" : undo;
        details = details == null ? List.of() : List.copyOf(details);
    }

    /** An action without details. */
    public PlannedAction(String stepId, String action, String undo) {
        this(stepId, action, undo, List.of());
    }
}
