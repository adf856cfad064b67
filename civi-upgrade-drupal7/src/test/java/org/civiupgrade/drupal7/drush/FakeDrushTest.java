package org.civiupgrade.drupal7.drush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.commons.io.file.PathUtils;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.Version;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeDrush;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DrushSchemaUpgrader} against {@link FakeDrush} (drush 8's civicrm-upgrade-db: its
 * output, exit codes, and an error printed with exit status 0) on a fake site in the real
 * database; success is judged by civicrm_domain.version.
 */
@WithTestDatabase
class FakeDrushTest {
    @TempDir
    Path tmp;

    FakeDrupalSite fake;
    Site site;
    SiteResources resources;

    void prepare(TestDatabase db, String from, FakeRelease release) throws Exception {
        fake = FakeDrupalSite.builder().civicrmVersion(from).create(tmp.resolve("site"), db);
        PathUtils.deleteDirectory(fake.civicrmDir());
        for (Map.Entry<String, byte[]> f : release.contents().entrySet()) {
            Path p = fake.civicrmDir().resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        resources = new SiteResources() {
            @Override
            public DataSource cmsDatabase() {
                return db.dataSource();
            }

            @Override
            public DataSource civicrmDatabase() {
                return db.dataSource();
            }
        };
    }

    List<String> run(Path drush, boolean dryRun, List<String> lines) throws Exception {
        return new DrushSchemaUpgrader(drush.toString()).upgrade(new SchemaUpgrader.Request(site, resources, Version.parse("4.5.0"),
                dryRun, Duration.ofMinutes(2), lines::add));
    }

    @Test
    void upgradesAndThenIsAlreadyUpgraded(TestDatabase db) throws Exception {
        prepare(db, "4.4.5", FakeRelease.of("4.5.0").revisions("4.4.6", "4.5.0"));
        Path drush = FakeDrush.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), null, FakeDrush.Failure.EXIT_ONE);
        List<String> lines = new ArrayList<>();
        run(drush, false, lines);
        assertThat(lines).contains("Upgrade outputs:").anyMatch(l -> l.startsWith("Note: drush civicrm-upgrade-db upgrades extensions only"));
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.5.0");
        assertThat(db.queryString("SELECT note FROM `" + FakeRelease.revisionTable("4.4.6") + "`")).isEqualTo("upgraded to 4.4.6");

        List<String> again = new ArrayList<>();
        run(drush, false, again);
        assertThat(again).contains("You are already upgraded to CiviCRM 4.5.0");
    }

    @Test
    void aFailingTaskWithExitOneNamesTheException(TestDatabase db) throws Exception {
        prepare(db, "4.4.5", FakeRelease.of("4.5.0").revisions("4.4.6", "4.4.7", "4.5.0"));
        Path drush = FakeDrush.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), "4.4.7", FakeDrush.Failure.EXIT_ONE);
        assertThatThrownBy(() -> run(drush, false, new ArrayList<>())).isInstanceOf(UpgradeException.class)
                .hasMessageContaining("exit status 1").hasMessageContaining("'4.4.7.upgrade'")
                .hasMessageContaining("Exception: DB Error: injected failure in revision 4.4.7");
    }

    @Test
    void anErrorPrintedWithExitStatusZeroIsCaughtByTheDatabaseVersion(TestDatabase db) throws Exception {
        prepare(db, "4.4.5", FakeRelease.of("4.5.0").revisions("4.4.6", "4.4.7", "4.5.0"));
        Path drush = FakeDrush.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), "4.4.7",
                FakeDrush.Failure.ERROR_WITH_EXIT_ZERO);
        assertThatThrownBy(() -> run(drush, false, new ArrayList<>())).isInstanceOf(UpgradeException.class)
                .hasMessageContaining("exit status 0, but civicrm_domain.version is '4.4.7.upgrade', not 4.5.0")
                .hasMessageContaining("injected failure in revision 4.4.7");
    }

    @Test
    void theValidateHooksRefusalOfAPartiallyUpgradedDatabaseFails(TestDatabase db) throws Exception {
        prepare(db, "4.4.5", FakeRelease.of("4.5.0").revisions("4.4.6", "4.5.0"));
        db.execute("UPDATE civicrm_domain SET version = '4.4.6.upgrade' WHERE id = 1");
        Path drush = FakeDrush.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), null, FakeDrush.Failure.EXIT_ONE);
        assertThatThrownBy(() -> run(drush, false, new ArrayList<>())).hasMessageContaining("exit status 1")
                .hasMessageContaining("Database check failed - the database looks to have been partially upgraded");
    }

    @Test
    void aDryRunNeverStartsDrushAndListsThePendingRevisions(TestDatabase db) throws Exception {
        prepare(db, "4.4.5", FakeRelease.of("4.5.0").revisions("4.4.5", "4.4.6", "4.5.0"));
        Path marker = tmp.resolve("drush-ran");
        Path drush = Files.writeString(tmp.resolve("drush"), "#!/bin/sh\ntouch " + marker + "\n");
        drush.toFile().setExecutable(true);
        List<String> lines = new ArrayList<>();
        assertThat(run(drush, true, lines)).containsExactly("Upgrade DB to 4.4.6", "Upgrade DB to 4.5.0");
        assertThat(lines.get(0)).startsWith("drush civicrm-upgrade-db has no dry-run option; drush was not run.");
        assertThat(marker).doesNotExist();
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.4.5");
    }
}
