package org.civiupgrade.internal.journal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.RunStatus;
import org.civiupgrade.spi.Compensation;
import org.jspecify.annotations.Nullable;

/** One line of a run's journal (JSON lines, one entry a line, forced to disk). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JournalEntry.RunStarted.class, name = "run-started"),
    @JsonSubTypes.Type(value = JournalEntry.StepStarted.class, name = "step-started"),
    @JsonSubTypes.Type(value = JournalEntry.Recorded.class, name = "recorded"),
    @JsonSubTypes.Type(value = JournalEntry.StepFinished.class, name = "step-finished"),
    @JsonSubTypes.Type(value = JournalEntry.StepFailed.class, name = "step-failed"),
    @JsonSubTypes.Type(value = JournalEntry.Undone.class, name = "undone"),
    @JsonSubTypes.Type(value = JournalEntry.UndoFailed.class, name = "undo-failed"),
    @JsonSubTypes.Type(value = JournalEntry.RunFinished.class, name = "run-finished"),
    @JsonSubTypes.Type(value = JournalEntry.ChildStarted.class, name = "child-started"),
    @JsonSubTypes.Type(value = JournalEntry.ChildEnded.class, name = "child-ended"),
})
public sealed interface JournalEntry {
    /** When the entry was written. */
    Instant at();

    /**
     * The run began with these steps.
     *
     * @param dialect the class name of the run's database dialect, so that a recovering process
     *                restores with the same one; null when none was installed (and in journals
     *                written before it was recorded)
     */
    record RunStarted(Instant at, String runId, String site, List<String> stepIds, @Nullable String dialect) implements JournalEntry {
        public RunStarted(Instant at, String runId, String site, List<String> stepIds) {
            this(at, runId, site, stepIds, null);
        }
    }

    /** A step began. */
    record StepStarted(Instant at, String stepId) implements JournalEntry { }

    /**
     * A compensation was recorded. {@code description} is kept beside the data so that a person
     * (or a process lacking the compensation's class) can still read what must be undone.
     */
    record Recorded(Instant at, int seq, String stepId, String description, Compensation compensation)
            implements JournalEntry { }

    /** A step finished. */
    record StepFinished(Instant at, String stepId) implements JournalEntry { }

    /** A step failed; a rollback follows. */
    record StepFailed(Instant at, String stepId, ErrorCode code, String message) implements JournalEntry { }

    /** The compensation with this sequence number completed. */
    record Undone(Instant at, int seq) implements JournalEntry { }

    /** The compensation with this sequence number failed. */
    record UndoFailed(Instant at, int seq, String message) implements JournalEntry { }

    /**
     * An upgrader child process (cv, drush, php) started; written before the run waits on it.
     *
     * @param pid     its process id (also its process group's id when started in its own group)
     * @param start   when it started ({@code ticks:<n>} from /proc/&lt;pid&gt;/stat field 22, or
     *                {@code instant:<ISO-8601>}), to tell it from a later process given the same pid
     * @param command its command line, masked
     */
    record ChildStarted(Instant at, long pid, String start, String command) implements JournalEntry { }

    /** The child process with this pid ended (or was killed and waited for). */
    record ChildEnded(Instant at, long pid) implements JournalEntry { }

    /** The run (or a recovery of it) ended. */
    record RunFinished(Instant at, RunStatus status) implements JournalEntry { }
}
