package org.civiupgrade.testkit;

import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Secret;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.event.UpgradeEvent;

/**
 * The process {@link CrashRecoveryTest} kills: runs a slow scripted upgrade on the site given
 * by its arguments (root, work dir, host, port, database, user; password in the environment
 * variable {@code CRASH_DB_PASSWORD}), optionally with a fault armed so that it is rolling back
 * when the kill lands.
 */
public final class CrashChild {
    private CrashChild() {
    }

    static List<ScriptedStep> steps() {
        return List.of(
                new ScriptedStep("files", List.of(new ScriptedAction.WriteFile("f0.txt", "changed"),
                        new ScriptedAction.Move("d0", "d4/moved"), new ScriptedAction.WriteFile("d2/f6.txt", "new"),
                        new ScriptedAction.DeleteFile("f1.txt")), 40),
                new ScriptedStep("rows", List.of(new ScriptedAction.SetRow("kv1", 1, "one"), new ScriptedAction.DeleteRow("kv1", 2),
                        new ScriptedAction.CreateTable("kv_new"), new ScriptedAction.SetRow("kv2", 6, "six")), 40),
                new ScriptedStep("mixed", List.of(new ScriptedAction.WriteFile("f0.txt", "again"),
                        new ScriptedAction.SetRow("kv1", 1, "uno"), new ScriptedAction.Move("f5.txt", "f7.txt"),
                        new ScriptedAction.DeleteFile("d1/f4.txt")), 40));
    }

    public static void main(String[] args) {
        Site site = ScriptedSite.site(Path.of(args[0]), Path.of(args[1]), DatabaseCoordinates.of(args[2],
                Integer.parseInt(args[3]), args[4], args[5], Secret.of(System.getenv("CRASH_DB_PASSWORD"))));
        if (args.length > 6) {
            Faults.arm(args[6]);
        }
        Upgrade.Builder b = Upgrade.of(site);
        steps().forEach(b::step);
        UpgradeResult r = b.plan().run(e -> {
            if (e instanceof UpgradeEvent.RunStarted) {
                System.out.println("STARTED");
                System.out.flush();
            }
        });
        System.out.println("RESULT " + r.status());
    }
}
