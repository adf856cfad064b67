package org.civiupgrade.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.RunStatus;

/**
 * Something that happened during a run, as an immutable record. Start and end events
 * always pair: every {@link RunStarted} is followed by one {@link RunFinished}, every
 * {@link StepStarted} by one {@link StepFinished} or {@link StepFailed}, every
 * {@link RollbackStarted} by one {@link RollbackFinished}. Messages never contain secrets.
 */
public sealed interface UpgradeEvent {
    /** The run this event belongs to. */
    String runId();

    /** When it happened. */
    Instant at();

    /** A run (or a recovery) began. */
    record RunStarted(String runId, Instant at, String site, List<String> stepIds, boolean recovery) implements UpgradeEvent {
        public RunStarted {
            stepIds = List.copyOf(stepIds);
        }
    }

    /** A step began. */
    record StepStarted(String runId, Instant at, String stepId, String description) implements UpgradeEvent { }

    /** A step made progress: {@code done} of {@code total} (-1 when unknown) {@code unit}s. */
    record StepProgress(String runId, Instant at, String stepId, long done, long total, String unit) implements UpgradeEvent { }

    /** A step or compensation reported something worth attention. */
    record Warning(String runId, Instant at, String stepId, String message) implements UpgradeEvent { }

    /** A step finished successfully. */
    record StepFinished(String runId, Instant at, String stepId, Duration duration) implements UpgradeEvent { }

    /** A step failed. */
    record StepFailed(String runId, Instant at, String stepId, Duration duration, ErrorCode code, String message)
            implements UpgradeEvent { }

    /** The engine began undoing {@code compensations} recorded changes. */
    record RollbackStarted(String runId, Instant at, int compensations) implements UpgradeEvent { }

    /** One recorded change was undone. */
    record CompensationApplied(String runId, Instant at, String stepId, String description) implements UpgradeEvent { }

    /** Undoing one recorded change failed; the engine went on with the others. */
    record CompensationFailed(String runId, Instant at, String stepId, String description, String message)
            implements UpgradeEvent { }

    /** The rollback ended; {@code failed} compensations did not complete. */
    record RollbackFinished(String runId, Instant at, int applied, int failed) implements UpgradeEvent { }

    /** The run ended. */
    record RunFinished(String runId, Instant at, RunStatus status, Duration duration) implements UpgradeEvent { }
}
