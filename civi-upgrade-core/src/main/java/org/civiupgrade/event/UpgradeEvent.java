package org.civiupgrade.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.RunStatus;

/**
 * Something that happened during a run or a recovery, as an immutable record; a listener
 * receives them in order, on the thread that runs. Start and end events always pair:
 * <ul>
 * <li>every {@link RunStarted} is followed by one {@link RunFinished}, the last event of the run;</li>
 * <li>every {@link StepStarted} by one {@link StepFinished} or {@link StepFailed} of the same
 * step, before the next step starts;</li>
 * <li>every {@link RollbackStarted} by one {@link RollbackFinished}, and between them, for each of
 * the {@link RollbackStarted#compensations()} recorded changes, newest first, one
 * {@link CompensationStarted} followed by one {@link CompensationApplied} or
 * {@link CompensationFailed} of the same change (a change deferred because it overlaps one that
 * failed is started and failed at once).</li>
 * </ul>
 * {@link StepProgress} and {@link Warning} come between a start and its end. A recovery
 * ({@link RunStarted#recovery()}) has no step events, only the rollback's. Messages never
 * contain secrets. For a typed method per event, extend {@link UpgradeListener.Adapter}.
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

    /**
     * Undoing one recorded change begins (a table restore may take minutes); one
     * {@link CompensationApplied} or {@link CompensationFailed} with the same step and description follows.
     *
     * @param stepId      the step that recorded the change ({@code hop-<version>:<id>} for a later hop)
     * @param description what the undo does, for people
     */
    record CompensationStarted(String runId, Instant at, String stepId, String description) implements UpgradeEvent { }

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
