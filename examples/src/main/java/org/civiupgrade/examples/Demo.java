package org.civiupgrade.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import org.civiupgrade.CheckReport;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.TestDatabaseServer;

/**
 * The demo: a Drupal 7 site with CiviCRM 4.4 (files and database, on the embedded MariaDB unless
 * {@code CIVI_UPGRADE_TEST_JDBC_URL} names a server) is upgraded to a 4.7 release tarball with
 * the whole documented procedure. Prints the checks, the dry run, progress and the JSON report;
 * exits 0 only when the result is SUCCEEDED.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        int exit;
        try (TestDatabase db = TestDatabaseServer.shared().createDatabase("civi_upgrade_demo")) {
            exit = run(db, Files.createTempDirectory("civi-upgrade-demo-"));
        }
        System.exit(exit);
    }

    static int run(TestDatabase db, Path dir) throws Exception {
        System.out.println("Database server: " + db.server());
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules()
                .frontPage("civicrm/dashboard").contacts(200).create(dir.resolve("drupal"), db);
        Path tarball = FakeRelease.of("4.7.0").writeTo(dir.resolve("downloads"));

        Site site = Site.detect(fake.root()).withWorkDir(dir.resolve("work"));
        System.out.println("Site: " + site);
        Release release = Release.tarball(tarball);
        System.out.println("Release: " + release);

        UpgradePlan plan = Upgrade.of(site).to(release).upgrader(new FakeSchemaUpgrader()).standard().plan();
        System.out.println("\nPlan: " + String.join(" -> ", plan.stepIds()));

        CheckReport checks = plan.check();
        System.out.println("\nPre-flight checks:\n" + checks.describe());
        System.out.println("\nDry run:\n" + plan.dryRun().describe());

        System.out.println("\nRunning:");
        UpgradeResult result = plan.run(Demo::print);
        System.out.println("\nReport:\n" + result.toJson());
        System.out.println("\nResult: " + result.status());
        return result.status() == RunStatus.SUCCEEDED ? 0 : 1;
    }

    static void print(UpgradeEvent e) {
        if (e instanceof UpgradeEvent.StepStarted s) {
            System.out.println("> " + s.stepId() + ": " + s.description());
        } else if (e instanceof UpgradeEvent.StepProgress p && (p.total() < 0 || p.done() == p.total())) {
            System.out.println("  " + p.done() + (p.total() < 0 ? "" : "/" + p.total()) + " " + p.unit());
        } else if (e instanceof UpgradeEvent.StepFinished f) {
            System.out.println("< " + f.stepId() + " done in " + f.duration().toMillis() + " ms");
        } else if (e instanceof UpgradeEvent.StepFailed f) {
            System.out.println("! " + f.stepId() + " failed: " + f.message());
        } else if (e instanceof UpgradeEvent.Warning w) {
            System.out.println("  note: " + w.message());
        } else if (e instanceof UpgradeEvent.CompensationApplied c) {
            System.out.println("  undone: " + c.description());
        }
    }
}
