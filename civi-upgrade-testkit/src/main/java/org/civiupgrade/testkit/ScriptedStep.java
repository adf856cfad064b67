package org.civiupgrade.testkit;

import java.util.ArrayList;
import java.util.List;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/**
 * A step made of {@link ScriptedAction}s, with fault points around each action
 * ({@code <id>#<n>:before}, {@code <id>#<n>:after}) and in each compensation
 * ({@code undo:<id>#<n>}), and an optional pause between actions (for crash tests).
 *
 * @param id      the step id
 * @param actions the actions, in order
 * @param pauseMillis pause after each action
 */
public record ScriptedStep(String id, List<ScriptedAction> actions, long pauseMillis) implements Step {
    public ScriptedStep {
        actions = List.copyOf(actions);
    }

    /**
     * A step that does not pause between actions.
     *
     * @param id      the step id
     * @param actions the actions, in order
     */
    public ScriptedStep(String id, List<ScriptedAction> actions) {
        this(id, actions, 0);
    }

    @Override
    public String description() {
        return "scripted step with " + actions.size() + " action(s)";
    }

    @Override
    public Reversibility reversibility() {
        return Reversibility.REVERSIBLE;
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        List<PlannedAction> out = new ArrayList<>();
        for (ScriptedAction a : actions) {
            out.add(new PlannedAction(id, a.toString(), "undo " + a));
        }
        return out;
    }

    @Override
    public void apply(StepContext context) throws Exception {
        for (int i = 0; i < actions.size(); i++) {
            String point = id + "#" + i;
            Faults.pass(point + ":before");
            actions.get(i).apply(context, point);
            context.progress(i + 1, actions.size(), "actions");
            Faults.pass(point + ":after");
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
    }
}
