package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civiupgrade.DryRun;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup step and the restore compensation inside a real run of the engine. */
@WithTestDatabase
class BackupStepTest {

    /** What a DB-upgrade step does: records the restore first, then changes the database, then fails. */
    static final class FailingDatabaseUpgrade implements Step {
        @Override
        public String id() {
            return "upgrade-database";
        }

        @Override
        public String description() {
            return "a database upgrade that fails half-way";
        }

        @Override
        public Reversibility reversibility() {
            return Reversibility.RESTORE_FROM_BACKUP;
        }

        @Override
        public Set<String> requires() {
            return Set.of(DatabaseBackupStep.CAPABILITY);
        }

        @Override
        public List<PlannedAction> preview(PlanContext context) {
            return List.of(new PlannedAction(id(), "upgrade", RestoreCivicrmFromBackup.ofRunBackup().describe()));
        }

        @Override
        public void apply(StepContext context) throws Exception {
            context.record(RestoreCivicrmFromBackup.ofRunBackup());
            Db.exec(context.resources().civicrmDatabase(), "DROP TRIGGER civicrm_contact_after_insert",
                    "UPDATE civicrm_domain SET version = '5.0.0.upgrade'",
                    "ALTER TABLE civicrm_contact ADD COLUMN is_deceased TINYINT",
                    "CREATE TABLE civicrm_upgrade_leftover (id INT)",
                    "UPDATE d7_variable SET value = 's:4:\"user\";' WHERE name = 'site_frontpage'");
            throw new IllegalStateException("Unknown column 'is_deleted' in 'where clause'");
        }
    }

    @Test
    void failedDatabaseUpgradeIsRolledBackFromTheVerifiedBackup(TestDatabase db, @TempDir Path tmp) throws Exception {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.civicrmSchema(ds, "4.7.31");
            SharedDatabaseTest.drupalTables(ds, "d7_");
            SiteFingerprint civiBefore = Db.fingerprint(ds, db.name(), true);
            Files.createDirectories(tmp.resolve("site/sites/all/modules/civicrm"));
            Site site = Site.builder(tmp.resolve("site")).cms("Drupal", "7.100")
                    .civicrmCodeDir(tmp.resolve("site/sites/all/modules/civicrm"))
                    .cmsDatabase(db.coordinates().withTablePrefix("d7_")).civicrmDatabase(db.coordinates())
                    .workDir(tmp.resolve("work")).build();
            UpgradePlan plan = Upgrade.of(site).step(new DatabaseBackupStep()).step(new FailingDatabaseUpgrade())
                    .option(DatabaseBackupStep.OPTION_TARGET, "5.0.0").plan();

            assertThat(plan.check().passed()).as(plan.check().describe()).isTrue();
            DryRun dry = plan.dryRun();
            assertThat(dry.toString()).contains("Back up database " + db.name(), "scratch schema");

            UpgradeResult result = plan.run();
            assertThat(result.status()).as(result.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(Db.fingerprint(ds, db.name(), true).diff(civiBefore)).isEmpty();
            assertThat(Db.column(ds, "SELECT version FROM civicrm_domain")).containsExactly("4.7.31");
            assertThat(Db.column(ds, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
                    + " AND TRIGGER_NAME LIKE 'civicrm%'")).containsExactly("2");
            // the CMS's change stays: a CiviCRM rollback never touches Drupal's tables
            assertThat(Db.column(ds, "SELECT value FROM d7_variable WHERE name = 'site_frontpage'")).containsExactly("s:4:\"user\";");
            // the verified backup stays in the run folder, owner-only
            Path backup = Path.of(result.runDir()).resolve(DatabaseBackupStep.BACKUP_FOLDER);
            assertThat(backup.resolve("manifest.json")).exists();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rwx------");
            assertThat(Db.column(ds, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'cuv\\_verify\\_%'"))
                    .containsExactly("0");
        }
    }

    @Test
    void theCompressionOptionIsCheckedAtPlanAndChoosesTheDataFiles(TestDatabase db, @TempDir Path tmp) throws Exception {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.civicrmSchema(ds, "4.7.31");
            Files.createDirectories(tmp.resolve("site/sites/all/modules/civicrm"));
            Site site = Site.builder(tmp.resolve("site")).cms("Drupal", "7.100")
                    .civicrmCodeDir(tmp.resolve("site/sites/all/modules/civicrm"))
                    .cmsDatabase(db.coordinates()).civicrmDatabase(db.coordinates())
                    .workDir(tmp.resolve("work")).build();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Upgrade.of(site).step(new DatabaseBackupStep())
                    .option(DatabaseBackupStep.OPTION_COMPRESSION, "lz4").plan())
                    .isInstanceOfSatisfying(org.civiupgrade.UpgradeException.class,
                            e -> assertThat(e.code()).isEqualTo(org.civiupgrade.ErrorCode.PLAN_INVALID))
                    .hasMessageContaining("database.compression").hasMessageContaining("'lz4'").hasMessageContaining("zstd or gzip");

            UpgradeResult result = Upgrade.of(site).step(new DatabaseBackupStep())
                    .option(DatabaseBackupStep.OPTION_COMPRESSION, "gzip").plan().run();
            assertThat(result.status()).as(result.toJson()).isEqualTo(RunStatus.SUCCEEDED);
            try (var files = Files.list(Path.of(result.runDir()).resolve(DatabaseBackupStep.BACKUP_FOLDER).resolve("data"))) {
                assertThat(files.map(f -> f.getFileName().toString()).toList()).isNotEmpty().allMatch(n -> n.endsWith(".tsv.gz"));
            }
        }
    }
}
