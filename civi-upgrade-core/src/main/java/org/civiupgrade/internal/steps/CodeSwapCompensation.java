package org.civiupgrade.internal.steps;

import org.civiupgrade.internal.release.Trees;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.nio.file.Path;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;

/**
 * Puts the old CiviCRM code folder back in place, from wherever the swap left it. Recorded
 * before the swap's first rename and correct after a stop at any point of the swap or of
 * itself:
 * <ul>
 * <li>{@code backup} (in the run folder) exists only when complete, so it is preferred;</li>
 * <li>else {@code old} (beside the live folder) holds the complete old code;</li>
 * <li>else the swap never began, or was already undone: nothing to do.</li>
 * </ul>
 * Whatever is at {@code live} then (the new code) is first renamed to {@code failed} and
 * removed, so {@code live} is never a mix of both versions.
 *
 * @param live          the live code folder (the real folder, when the site links to it)
 * @param old           the old code renamed beside the live folder
 * @param backup        the old code in the run's backup location
 * @param backupPartial where a cross-file-system copy to {@code backup} is assembled
 * @param failed        where the new code is put aside while undoing
 * @param restore       where a cross-file-system copy back from {@code backup} is assembled
 */
@JsonTypeName("core.code-swap")
public record CodeSwapCompensation(String live, String old, String backup, String backupPartial, String failed,
                                   String restore) implements Compensation {
    @Override
    public String describe() {
        return "put the old CiviCRM code back at " + live + " (from " + backup + " or " + old + ")";
    }

    /** The live folder and every folder the swap or its undo may leave beside it or in the run folder. */
    @Override
    public java.util.Set<String> touches() {
        return org.civiupgrade.spi.support.Scopes.files(java.util.List.of(live, old, backup, backupPartial, failed, restore));
    }

    @Override
    public void apply(CompensationContext context) throws Exception {
        Path liveP = Path.of(live);
        Path oldP = Path.of(old);
        Path backupP = Path.of(backup);
        Path failedP = Path.of(failed);
        Path restoreP = Path.of(restore);
        Path source = Trees.present(backupP) ? backupP : Trees.present(oldP) ? oldP : null;
        if (source != null) {
            if (Trees.present(liveP)) {
                Trees.deleteIfPresent(failedP);
                if (!Trees.renameAtomically(liveP, failedP)) {
                    throw new java.io.IOException("cannot rename " + liveP + " to " + failedP);
                }
            }
            if (!Trees.renameAtomically(source, liveP)) {
                Trees.deleteIfPresent(restoreP);
                Trees.copy(source, restoreP);
                if (!Trees.renameAtomically(restoreP, liveP)) {
                    throw new java.io.IOException("cannot rename " + restoreP + " to " + liveP);
                }
            }
        }
        for (String leftover : new String[] {failed, backup, old, backupPartial, restore}) {
            if (!leftover.equals(live)) {
                Trees.deleteIfPresent(Path.of(leftover));
            }
        }
    }
}
