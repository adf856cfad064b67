package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.RunStatus;
import org.civiupgrade.event.UpgradeEvent;
import org.junit.jupiter.api.Test;

/** assertPaired() accepts what the engine promises and names what breaks it. */
class RecordingListenerTest {
    private static final Instant T = Instant.EPOCH;

    private static RecordingListener of(UpgradeEvent... events) {
        RecordingListener l = new RecordingListener();
        for (UpgradeEvent e : events) {
            l.onEvent(e);
        }
        return l;
    }

    private static UpgradeEvent start(String run) {
        return new UpgradeEvent.RunStarted(run, T, "site", List.of("a", "b"), false);
    }

    private static UpgradeEvent end(String run) {
        return new UpgradeEvent.RunFinished(run, T, RunStatus.ROLLED_BACK, Duration.ZERO);
    }

    @Test
    void aRunThatFailsAndRollsBackIsPairedAndQueriesAnswer() {
        RecordingListener l = of(start("r1"), new UpgradeEvent.StepStarted("r1", T, "a", "A"),
                new UpgradeEvent.StepFinished("r1", T, "a", Duration.ZERO), new UpgradeEvent.StepStarted("r1", T, "b", "B"),
                new UpgradeEvent.Warning("r1", T, "b", "careful"),
                new UpgradeEvent.StepFailed("r1", T, "b", Duration.ZERO, ErrorCode.INTERNAL, "boom"),
                new UpgradeEvent.RollbackStarted("r1", T, 1), new UpgradeEvent.CompensationApplied("r1", T, "a", "undo a"),
                new UpgradeEvent.RollbackFinished("r1", T, 1, 0), end("r1"));
        l.assertPaired();
        assertThat(l.stepIds()).containsExactly("a", "b");
        assertThat(l.finishedStepIds()).containsExactly("a");
        assertThat(l.failedStepIds()).containsExactly("b");
        assertThat(l.warnings()).containsExactly("careful");
        assertThat(l.compensationsApplied()).containsExactly("undo a");
        assertThat(l.rolledBack()).isTrue();
    }

    @Test
    void aStepLeftOpenNestedStepsAndStrayCompensationsAreRefused() {
        assertThatThrownBy(() -> of(start("r1"), new UpgradeEvent.StepStarted("r1", T, "a", "A"), end("r1")).assertPaired())
                .hasMessageContaining("step left open");
        assertThatThrownBy(() -> of(start("r1"), new UpgradeEvent.StepStarted("r1", T, "a", "A"),
                new UpgradeEvent.StepStarted("r1", T, "b", "B"), end("r1")).assertPaired())
                .hasMessageContaining("step b started while step a is open");
        assertThatThrownBy(() -> of(start("r1"), new UpgradeEvent.CompensationApplied("r1", T, "a", "undo a"), end("r1"))
                .assertPaired()).hasMessageContaining("CompensationApplied outside a rollback");
        assertThatThrownBy(() -> of(start("r1"), new UpgradeEvent.RollbackStarted("r1", T, 1), end("r1")).assertPaired())
                .hasMessageContaining("rollback left open");
    }

    @Test
    void eachRunIsCheckedOnItsOwn() {
        of(start("r1"), end("r1"), start("r2"), end("r2")).assertPaired();
        assertThatThrownBy(() -> of(start("r1"), end("r1"), start("r2")).assertPaired()).hasMessageContaining("run r2");
        assertThatThrownBy(() -> new RecordingListener().assertPaired()).hasMessageContaining("events recorded");
    }
}
