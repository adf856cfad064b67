package org.civiupgrade.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.testkit.ScriptedAction;
import org.civiupgrade.testkit.ScriptedStep;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.TestDatabaseServer;

/**
 * The demo: builds a small site on the embedded MariaDB, runs an upgrade plan with progress
 * events, prints the JSON report, and exits 0 only when the result is SUCCEEDED.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        TestDatabaseServer server = TestDatabaseServer.shared();
        System.out.println("Database: " + server);
        Path root = Files.createTempDirectory("civi-upgrade-demo-");
        try (TestDatabase db = server.createDatabase("civi_upgrade_demo")) {
            db.execute("CREATE TABLE variable_demo (id INT PRIMARY KEY, v VARBINARY(255))");
            Files.writeString(root.resolve("index.php"), "<?php\n");
            Site site = Site.builder(root).cms("Demo", "1").civicrmCodeDir(root.resolve("civicrm"))
                    .cmsDatabase(db.coordinates()).workDir(root.resolve("work")).build();
            UpgradePlan plan = Upgrade.of(site)
                    .step(new ScriptedStep("files", List.of(new ScriptedAction.WriteFile("civicrm/version.txt", "5.0.0"))))
                    .step(new ScriptedStep("database", List.of(new ScriptedAction.SetRow("variable_demo", 1, "done"))))
                    .plan();
            System.out.println(plan.dryRun().describe());
            UpgradeResult result = plan.run(Demo::print);
            System.out.println(result.toJson());
            System.out.println("Result: " + result.status());
            System.exit(result.status() == RunStatus.SUCCEEDED ? 0 : 1);
        }
    }

    static void print(UpgradeEvent e) {
        if (e instanceof UpgradeEvent.StepStarted s) {
            System.out.println("> " + s.stepId() + ": " + s.description());
        } else if (e instanceof UpgradeEvent.StepProgress p) {
            System.out.println("  " + p.stepId() + " " + p.done() + "/" + p.total() + " " + p.unit());
        } else if (e instanceof UpgradeEvent.StepFinished f) {
            System.out.println("< " + f.stepId() + " done in " + f.duration().toMillis() + " ms");
        } else if (e instanceof UpgradeEvent.StepFailed f) {
            System.out.println("! " + f.stepId() + " failed: " + f.message());
        } else if (e instanceof UpgradeEvent.Warning w) {
            System.out.println("  warning: " + w.message());
        }
    }
}
