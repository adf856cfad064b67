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
 * been applied.
 */
public record JournalState(Path file, String runId, String site, List<String> stepIds, Set<String> startedSteps,
                           Set<String> finishedSteps, Optional<JournalEntry.StepFailed> failure,
                           List<JournalEntry.Recorded> recorded, Set<Integer> undone, Map<Integer, String> undoFailures,
                           Optional<RunStatus> finishedStatus) {

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
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.RunStarted s) {
                runId = s.runId();
                site = s.site();
                stepIds = s.stepIds();
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
                List.copyOf(recorded), Set.copyOf(undone), Map.copyOf(undoFailures), Optional.ofNullable(status));
    }

    /**
     * What a recovery must apply, newest first: the newest compensation not yet applied and
     * every older one, including older ones that were already applied. The replay keeps strict
     * reverse order: a compensation retried after older ones ran (because it failed, or the
     * process died) would otherwise leave its resource in a newer state than the older
     * compensations had restored. Compensations are idempotent, so re-applying is safe.
     */
    public List<JournalEntry.Recorded> pendingNewestFirst() {
        int newest = -1;
        for (JournalEntry.Recorded r : recorded) {
            if (!undone.contains(r.seq())) {
                newest = Math.max(newest, r.seq());
            }
        }
        List<JournalEntry.Recorded> pending = new ArrayList<>();
        for (int i = recorded.size() - 1; i >= 0; i--) {
            if (recorded.get(i).seq() <= newest) {
                pending.add(recorded.get(i));
            }
        }
        return pending;
    }
}
