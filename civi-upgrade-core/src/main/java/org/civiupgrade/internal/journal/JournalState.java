package org.civiupgrade.internal.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.civiupgrade.RunStatus;

/**
 * What a journal says: the run, its steps, the compensations recorded and which of them have
 * been applied; {@code children} are the upgrader processes recorded as started and not as
 * ended; {@code runStarted} is false when the journal holds no complete {@code run-started}
 * record (empty, or cut inside its first line), so that it cannot say what its run did;
 * {@code dialect} is the class name of the run's database dialect, when recorded.
 */
public record JournalState(Path file, String runId, String site, List<String> stepIds, Set<String> startedSteps,
                           Set<String> finishedSteps, Optional<JournalEntry.StepFailed> failure,
                           List<JournalEntry.Recorded> recorded, Set<Integer> undone, Map<Integer, String> undoFailures,
                           Optional<RunStatus> finishedStatus, List<JournalEntry.ChildStarted> children,
                           boolean runStarted, Optional<String> dialect) {

    static JournalState of(Path file, List<JournalEntry> entries) {
        String runId = file.getParent().getFileName().toString();
        String site = "";
        List<String> stepIds = List.of();
        Set<String> started = new LinkedHashSet<>();
        Set<String> finished = new LinkedHashSet<>();
        JournalEntry.StepFailed failure = null;
        List<JournalEntry.Recorded> recorded = new ArrayList<>();
        Set<Integer> undone = new HashSet<>();
        Map<Integer, String> undoFailures = new HashMap<>();
        RunStatus status = null;
        Map<Long, JournalEntry.ChildStarted> children = new java.util.LinkedHashMap<>();
        boolean runStarted = false;
        String dialect = null;
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.ChildStarted c) {
                children.put(c.pid(), c);
            } else if (e instanceof JournalEntry.ChildEnded c) {
                children.remove(c.pid());
            } else if (e instanceof JournalEntry.RunStarted s) {
                runStarted = true;
                runId = s.runId();
                site = s.site();
                stepIds = s.stepIds();
                dialect = s.dialect();
            } else if (e instanceof JournalEntry.StepStarted s) {
                started.add(s.stepId());
            } else if (e instanceof JournalEntry.StepFinished s) {
                finished.add(s.stepId());
            } else if (e instanceof JournalEntry.StepFailed s) {
                failure = s;
            } else if (e instanceof JournalEntry.Recorded r) {
                recorded.add(r);
            } else if (e instanceof JournalEntry.Undone u) {
                undone.add(u.seq());
                undoFailures.remove(u.seq());
            } else if (e instanceof JournalEntry.UndoFailed f) {
                undoFailures.put(f.seq(), f.message());
            } else if (e instanceof JournalEntry.RunFinished f) {
                status = f.status();
            }
        }
        return new JournalState(file, runId, site, stepIds, started, finished, Optional.ofNullable(failure),
                List.copyOf(recorded), Set.copyOf(undone), Map.copyOf(undoFailures), Optional.ofNullable(status),
                List.copyOf(children.values()), runStarted, Optional.ofNullable(dialect));
    }

    /**
     * What a recovery must apply, newest first: every recorded compensation that has not completed
     * (failed, deferred, or cut short by a crash). Those that completed are not applied again: the
     * engine only lets a compensation run after a failure when it touches nothing a failed one
     * touches, so the pending ones can be finished on their own, in strict reverse order, while
     * re-applying a completed one could act on a path that a later undo has already given back
     * its old meaning.
     */
    public List<JournalEntry.Recorded> pendingNewestFirst() {
        List<JournalEntry.Recorded> pending = new ArrayList<>();
        for (int i = recorded.size() - 1; i >= 0; i--) {
            if (!undone.contains(recorded.get(i).seq())) {
                pending.add(recorded.get(i));
            }
        }
        return pending;
    }
}
