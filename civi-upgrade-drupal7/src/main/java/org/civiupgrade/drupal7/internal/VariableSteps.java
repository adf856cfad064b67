package org.civiupgrade.drupal7.internal;

import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/**
 * Steps that change one Drupal variable and later put back its exact previous bytes: maintenance
 * mode and the front page.
 */
public final class VariableSteps {
    private VariableSteps() {
    }

    /** What both steps share: their id and description, and that they are reversible. */
    private abstract static class VariableStep implements Step {
        private final String id;
        private final String description;

        VariableStep(String id, String description) {
            this.id = id;
            this.description = description;
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
    }

    /**
     * A step that saves the variable's current bytes for the matching restore step, then, when
     * {@code change} returns new bytes for the current value, records the exact undo and writes them.
     */
    public static Step change(String id, String description, String prefix, String name,
                              Function<Optional<byte[]>, Optional<byte[]>> change, String previewAction) {
        return new VariableStep(id, description) {
            @Override
            public List<PlannedAction> preview(PlanContext context) {
                return List.of(new PlannedAction(id, previewAction, "set Drupal variable " + name + " back to its exact previous bytes"));
            }

            @Override
            public void apply(StepContext context) throws Exception {
                try (Connection c = context.resources().cmsDatabase().getConnection()) {
                    Optional<byte[]> current = DrupalTables.readVariable(c, prefix, name);
                    RunState.saveVariable(context.runDir(), name, current.orElse(null));
                    Optional<byte[]> next = change.apply(current);
                    if (next.isEmpty() || (current.isPresent() && Arrays.equals(current.get(), next.get()))) {
                        return;
                    }
                    context.record(RestoreDrupalVariable.of(prefix, name, current.orElse(null)));
                    DrupalTables.writeVariable(c, prefix, name, next.get());
                }
            }
        };
    }

    /** A step that writes back the bytes the matching change step saved (deleting the row when there was none). */
    public static Step restore(String id, String description, String prefix, String name) {
        return new VariableStep(id, description) {
            @Override
            public List<PlannedAction> preview(PlanContext context) {
                return List.of(new PlannedAction(id, "put Drupal variable " + name + " back to the bytes found before the upgrade",
                        "set it again to the value it had during the upgrade"));
            }

            @Override
            public void apply(StepContext context) throws Exception {
                Optional<RunState.Saved> saved = RunState.loadVariable(context.runDir(), name);
                if (saved.isEmpty()) {
                    context.warn("No saved value of Drupal variable " + name + " in this run; it was left as it is.");
                    return;
                }
                byte[] original = saved.get().bytes();
                try (Connection c = context.resources().cmsDatabase().getConnection()) {
                    Optional<byte[]> current = DrupalTables.readVariable(c, prefix, name);
                    boolean same = original == null ? current.isEmpty() : current.isPresent() && Arrays.equals(current.get(), original);
                    if (same) {
                        return;
                    }
                    context.record(RestoreDrupalVariable.of(prefix, name, current.orElse(null)));
                    DrupalTables.writeVariable(c, prefix, name, original);
                }
            }
        };
    }
}
