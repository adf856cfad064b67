package org.civiupgrade.internal.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.internal.journal.JournalEntry;
import org.civiupgrade.internal.journal.JournalState;
import org.civiupgrade.internal.recovery.Finding;

/**
 * Whether a run's journal accounts for what the run left ({@link org.civiupgrade.internal.recovery.SiteEvidence}):
 * every blocking finding must concern a resource that one of the journal's recorded compensations
 * touches (applied or not). Steps record their compensation before they change anything, so a
 * complete journal always accounts for what its run did; a journal that is empty or was cut
 * before its end may not, and then recovery must not claim the site is as before.
 */
final class JournalAccounting {
    private JournalAccounting() {
    }

    /** The blocking findings no recorded compensation of the journal touches. */
    static List<Finding> unaccounted(JournalState state, List<Finding> findings) {
        Set<String> touched = new HashSet<>();
        for (JournalEntry.Recorded r : state.recorded()) {
            touched.addAll(RunEngine.touches(r.compensation()));
        }
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            if (f.blocking() && (!state.runStarted() || !Overlap.any(touched, Set.of(f.resource())))) {
                out.add(f);
            }
        }
        return out;
    }

    /** Refuses, before changing anything, a recovery whose journal cannot account for what the run left. */
    static void requireAccounted(JournalState state, List<Finding> findings) {
        List<Finding> missing = unaccounted(state, findings);
        if (missing.isEmpty()) {
            return;
        }
        String why = !state.runStarted() ? "it holds no complete record (empty, or cut before its first line ended)"
                : "it ends before the records of these changes (it was cut or lost writes)";
        throw refusal("The journal of run " + state.runId() + " (" + state.file() + ") cannot account for what is on disk and in "
                + "the database: " + why + ". Recovery changed nothing and will not guess.", state, findings);
    }

    /** Refuses to report a rollback when the site still shows the run's changes after every recorded undo was applied. */
    static void requireGone(JournalState state, List<Finding> after) {
        if (after.stream().noneMatch(Finding::blocking)) {
            return;
        }
        throw refusal("Every undo in the journal of run " + state.runId() + " (" + state.file() + ") was applied, but the site "
                + "still shows changes of the run, so it is not as before.", state, after);
    }

    private static UpgradeException refusal(String message, JournalState state, List<Finding> findings) {
        StringBuilder found = new StringBuilder();
        StringBuilder steps = new StringBuilder();
        int n = 1;
        for (Finding f : findings) {
            found.append(" Found: ").append(f.what()).append('.');
            steps.append(' ').append(n++).append(". ").append(f.manualStep()).append('.');
        }
        java.nio.file.Path runDir = state.file().getParent();
        steps.append(' ').append(n).append(". Check the site, then move the run folder ").append(runDir)
                .append(" out of ").append(runDir.getParent())
                .append(" (keep it: it holds the backups), so that status reports the site idle.");
        return new UpgradeException(ErrorCode.JOURNAL_INCOMPLETE, message + found, "Put the site back by hand:" + steps, null);
    }
}
