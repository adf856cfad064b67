package org.civiupgrade.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.civiupgrade.RehearsalOptions;
import org.civiupgrade.RehearsalReport;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rehearsals run the whole procedure on a scratch copy and leave the site exactly as it was. */
@WithTestDatabase
class RehearsalTest {
    @TempDir
    Path tmp;

    private Release release(String version) throws Exception {
        return Release.tarball(FakeRelease.of(version).writeTo(tmp.resolve("dl")));
    }

    private static String schemaCount(TestDatabase db, String schema) {
        return db.queryString("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", schema);
    }

    @Test
    void aRehearsalUpgradesTheCopyAndLeavesProductionUntouched(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules()
                .frontPage("civicrm/dashboard").create(tmp.resolve("site"), db);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        SiteFingerprint before = SiteFingerprint.of(fake.root(), db.dataSource());

        RehearsalReport report = Upgrade.of(site).to(release("4.7.0")).upgrader(new FakeSchemaUpgrader()).standard()
                .rehearse(RehearsalOptions.defaults().withCopyParent(tmp.resolve("rehearsals")));

        System.out.println("rehearsal: " + report.clonedTables().size() + " tables, " + report.clonedFiles() + " files ("
                + report.clonedBytes() + " bytes) cloned in " + report.cloneDuration() + ", run " + report.runDuration()
                + ", clean-up " + report.cleanupDuration());
        assertThat(report.result().status()).as(report.toJson()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.result().steps()).extracting(s -> s.stepId()).contains("migrate-database", "drupal7.maintenance-on");
        assertThat(report.clonedTables()).contains("civicrm_domain", "civicrm_contact", "variable", "system", "cache_bootstrap");
        assertThat(report.clonedFiles()).isPositive();
        assertThat(report.cloneDuration()).isPositive();
        assertThat(report.kept()).isFalse();
        // production: every file and every row (caches included) as before, no run in its work folder
        assertThat(SiteFingerprint.of(fake.root(), db.dataSource()).diff(before)).isEmpty();
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.4.0");
        assertThat(Files.exists(site.workDir().resolve("runs"))).isFalse();
        // the copy is gone
        assertThat(report.scratchDatabases()).hasSize(1).allSatisfy(s -> assertThat(schemaCount(db, s)).isEqualTo("0"));
        assertThat(Path.of(report.copyRoot())).doesNotExist();
        assertThat(RehearsalReport.fromJson(report.toJson())).isEqualTo(report);
    }

    @Test
    void aKeptMultiHopRehearsalOfAPrefixedSiteLeavesAnUpgradedCopy(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.1.0").tablePrefix("d7_").withBundledIntegrationModules()
                .create(tmp.resolve("site"), db);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        SiteFingerprint before = SiteFingerprint.of(fake.root(), db.dataSource());
        String scratch = "cuv_rehearsal_kept_" + db.name().replaceAll("[^A-Za-z0-9_]", "_");
        scratch = scratch.substring(0, Math.min(64, scratch.length()));

        RehearsalReport report = Upgrade.of(site).to(release("5.40.0")).via(release("4.7.0")).upgrader(new FakeSchemaUpgrader())
                .standard().rehearse(RehearsalOptions.defaults().keepingCopy().withScratchDatabase(scratch)
                        .withCopyParent(tmp.resolve("rehearsals")));
        try {
            assertThat(report.result().status()).as(report.toJson()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(report.kept()).isTrue();
            assertThat(report.scratchDatabases()).containsExactly(scratch);
            assertThat(report.clonedTables()).contains("civicrm_domain", "d7_variable", "d7_system");
            assertThat(db.queryString("SELECT version FROM `" + scratch + "`.civicrm_domain WHERE id = 1")).isEqualTo("5.40.0");
            assertThat(db.queryString("SELECT COUNT(*) FROM `" + scratch + "`." + FakeRelease.revisionTable("5.40.0"))).isEqualTo("1");
            Path copyRoot = Path.of(report.copyRoot());
            Path copySettings = copyRoot.resolve(fake.root().relativize(site.civicrmSettingsFile()).toString());
            SettingsFile settings = SettingsFile.read(copySettings);
            assertThat(settings.civicrmDsn().database()).isEqualTo(scratch);
            assertThat(settings.civicrmRoot().orElseThrow()).doesNotContain(fake.root().toString() + "/");
            assertThat(Files.readString(copyRoot.resolve(fake.root().relativize(site.siteDir()).resolve("settings.php").toString())))
                    .contains("$databases['default']['default']['database'] = '" + scratch + "';");
            assertThat(Release.installedVersion(copyRoot.resolve(fake.root().relativize(site.civicrmCodeDir()).toString())).toString())
                    .isEqualTo("5.40.0");
            // production untouched
            assertThat(SiteFingerprint.of(fake.root(), db.dataSource()).diff(before)).isEmpty();
            assertThat(Release.installedVersion(site.civicrmCodeDir()).toString()).isEqualTo("4.1.0");
        } finally {
            db.execute("DROP DATABASE IF EXISTS `" + scratch + "`");
        }
    }

    @Test
    void aFailingRehearsalRollsTheCopyBackAndStillLeavesProductionUntouched(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules()
                .frontPage("civicrm/dashboard").create(tmp.resolve("site"), db);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        SiteFingerprint before = SiteFingerprint.of(fake.root(), db.dataSource());

        RehearsalReport report = Upgrade.of(site).to(release("4.7.0")).upgrader(new FakeSchemaUpgrader("4.6.0", 1)).standard()
                .rehearse(RehearsalOptions.defaults().withCopyParent(tmp.resolve("rehearsals")));

        assertThat(report.result().status()).as(report.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(report.result().failureCause().orElseThrow().stepId()).isEqualTo("migrate-database");
        assertThat(SiteFingerprint.of(fake.root(), db.dataSource()).diff(before)).isEmpty();
        assertThat(report.scratchDatabases()).allSatisfy(s -> assertThat(schemaCount(db, s)).isEqualTo("0"));
        assertThat(Path.of(report.copyRoot())).doesNotExist();
    }
}
