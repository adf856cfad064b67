package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.internal.steps.MigrateDatabaseStep;
import org.civiupgrade.spi.SchemaUpgrader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrader that reads another CIVICRM_DSN than the run (the fault a silent fallback to Drupal's
 * database caused) upgrades another database: the run must notice that the database it backed up
 * kept its version, fail with "the upgrader upgraded another database" and roll back.
 */
@WithTestDatabase
class UpgradedAnotherDatabaseTest {
    @TempDir
    Path tmp;

    private static void civicrmTables(TestDatabase db) {
        db.execute("CREATE TABLE civicrm_domain (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(64), "
                        + "version varchar(32), loc_block_id int unsigned) ENGINE=InnoDB",
                "INSERT INTO civicrm_domain (id, name, version) VALUES (1, 'Default Domain Name', '4.4.0')",
                "CREATE TABLE civicrm_contact (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, sort_name varchar(128)) ENGINE=InnoDB",
                "CREATE TRIGGER civicrm_contact_before_insert BEFORE INSERT ON civicrm_contact FOR EACH ROW SET NEW.sort_name = NEW.sort_name");
    }

    @Test
    void anUpgraderThatUpgradesAnotherDatabaseFailsTheRunAndItRollsBack(TestDatabase db) throws Exception {
        civicrmTables(db);
        try (TestDatabase other = TestDatabaseServer.shared().createDatabase()) {
            civicrmTables(other);
            Path code = tmp.resolve("drupal/sites/all/modules/civicrm");
            for (var e : FakeRelease.of("4.5.0").contents().entrySet()) {
                Path p = code.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue());
            }
            DatabaseCoordinates wrong = other.coordinates();
            SchemaUpgrader misdirected = new SchemaUpgrader() {
                @Override
                public String name() {
                    return "misdirected";
                }

                @Override
                public String describe(Site site) {
                    return "an upgrader reading another CIVICRM_DSN";
                }

                @Override
                public List<String> upgrade(Request request) throws Exception {
                    try (Connection c = TestDatabase.connect(wrong)) {
                        return FakeSchemaUpgrader.run(c, code, 1, null, false, false, line -> { });
                    }
                }
            };
            Site site = Site.builder(tmp.resolve("drupal")).cms("Drupal", "7.105").civicrmCodeDir(code)
                    .cmsDatabase(db.coordinates()).workDir(tmp.resolve("work")).build();
            UpgradeResult r = Upgrade.of(site).step(new MigrateDatabaseStep(misdirected, Version.parse("4.5.0"),
                            FakeUpgraderTest.RESTORE_440)).acceptRisk(MigrateDatabaseStep.REQUIRES).plan().run(e -> { });
            assertThat(r.status()).as(r.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(r.failure().code()).isEqualTo(ErrorCode.UPGRADED_ANOTHER_DATABASE);
            assertThat(r.failure().message()).contains("the upgrader upgraded another database").contains(db.name())
                    .doesNotContain(db.coordinates().password().reveal().isEmpty() ? "\u0000" : db.coordinates().password().reveal());
            assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.4.0");
            // the other database was really upgraded: what the run reports is what happened
            assertThat(other.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.5.0");
        }
    }

    @Test
    void anUpgraderThatUpgradesTheRunsDatabasePasses(TestDatabase db) throws Exception {
        civicrmTables(db);
        Path code = tmp.resolve("drupal/sites/all/modules/civicrm");
        for (var e : FakeRelease.of("4.5.0").contents().entrySet()) {
            Path p = code.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        Site site = Site.builder(tmp.resolve("drupal")).cms("Drupal", "7.105").civicrmCodeDir(code)
                .cmsDatabase(db.coordinates()).workDir(tmp.resolve("work")).build();
        UpgradeResult r = Upgrade.of(site).step(new MigrateDatabaseStep(new FakeSchemaUpgrader(), Version.parse("4.5.0"),
                FakeUpgraderTest.RESTORE_440)).acceptRisk(MigrateDatabaseStep.REQUIRES).plan().run(e -> { });
        assertThat(r.status()).as(r.toJson()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.5.0");
    }
}
