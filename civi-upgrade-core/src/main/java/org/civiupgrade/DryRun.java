package org.civiupgrade;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a run would do, step by step, with every compensation, and what the checks found.
 * Nothing was changed to produce it.
 */
public record DryRun(List<PlannedAction> actions, CheckReport checks) {
    public DryRun {
        actions = List.copyOf(actions);
    }

    /** A readable listing. */
    public String describe() {
        return actions.stream().map(a -> "[" + a.stepId() + "] " + a.action() + (a.undo().isEmpty() ? "" : "\n    undo: " + a.undo())
                        + a.details().stream().map(d -> "\n    | " + d).collect(Collectors.joining()))
                .collect(Collectors.joining("\n"));
    }
}
