package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A folder is moved away, a file is then created at its old path, and a later step fails; with
 * the undo of any one change failing too, the rollback plus a recovery must give back exactly the
 * original folder. (Found by {@link AnyFailureRestoresTheSiteProperties}: replaying an undo that had
 * already run once deleted the original file.)
 */
@WithTestDatabase
@WithFaults
class MovedFolderRollbackTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"", "s0#0", "s0#1", "s0#2", "s0#3", "s1#0", "s1#1", "s1#2", "s1#3"})
    void aFolderMovedAwayAndRecreatedComesBackExactlyWhicheverUndoFails(String undo, TestDatabase db) throws Exception {
        Path root = tmp.resolve("site");
        ScriptedSite.reset(root, db);
        Site site = ScriptedSite.site(root, tmp.resolve("work"), db.coordinates());
        SiteFingerprint before = SiteFingerprint.of(root, db.dataSource());
        Faults.arm("s1#3:after");
        if (!undo.isEmpty()) Faults.arm("undo:" + undo);
        UpgradeResult r = Upgrade.of(site)
                .step(new ScriptedStep("s0", List.of(new ScriptedAction.Move("d0", "d3"), new ScriptedAction.WriteFile("f0.txt", ""),
                        new ScriptedAction.SetRow("kv1", 1, ""), new ScriptedAction.WriteFile("d0/f2.txt", "x"))))
                .step(new ScriptedStep("s1", List.of(new ScriptedAction.SetRow("kv1", 6, "y"), new ScriptedAction.CreateTable("kv_new"),
                        new ScriptedAction.DeleteFile("d1/f4.txt"), new ScriptedAction.DeleteFile("d2/f6.txt"))))
                .plan().run();
        Faults.clear(); // recovery runs without the fault, as after the cause was fixed
        if (r.status() != RunStatus.ROLLED_BACK) {
            assertThat(Upgrade.recover(site)).get().extracting(UpgradeResult::status).isEqualTo(RunStatus.ROLLED_BACK);
        }
        assertThat(SiteFingerprint.of(root, db.dataSource()).diff(before)).as(undo).isEmpty();
    }
}
