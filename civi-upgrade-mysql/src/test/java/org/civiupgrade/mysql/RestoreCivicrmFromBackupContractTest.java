package org.civiupgrade.mysql;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.Site;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.testkit.CompensationContract;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestContexts;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The selective restore from the run's database backup keeps the compensation contract: after an
 * upgrade-shaped change (a column added, rows changed and deleted, a table created) CiviCRM's tables
 * are as the backup found them, Drupal's tables in the same database untouched.
 */
@WithTestDatabase
class RestoreCivicrmFromBackupContractTest implements CompensationContract<RestoreCivicrmFromBackup> {
    @TempDir
    Path tmp;
    private TestDatabase db;
    private HikariDataSource ds;

    @BeforeEach
    void database(TestDatabase database) {
        db = database;
        ds = Db.pool(db);
        Db.exec(ds, "CREATE TABLE civicrm_contact (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, display_name VARCHAR(64))"
                        + " ENGINE=InnoDB",
                "INSERT INTO civicrm_contact (display_name) VALUES ('Ada'), ('Grace')",
                "CREATE TABLE variable (name VARCHAR(128) PRIMARY KEY, value LONGBLOB) ENGINE=InnoDB",
                "INSERT INTO variable VALUES ('site_name', 's:4:\"Site\";')");
        new MySqlDialect().backup(ds, tmp.resolve("run").resolve(DatabaseBackupStep.BACKUP_FOLDER), BackupOptions.defaults());
    }

    @AfterEach
    void close() {
        ds.close();
    }

    @Override
    public List<RestoreCivicrmFromBackup> samples() {
        return List.of(RestoreCivicrmFromBackup.ofRunBackup());
    }

    @Override
    public CompensationContext context() {
        Site site = Site.builder(tmp.resolve("drupal")).cms("Drupal", "7.98").civicrmCodeDir(tmp.resolve("drupal/civicrm"))
                .cmsDatabase(db.coordinates()).workDir(tmp.resolve("work")).build();
        return TestContexts.compensationContext(site, ds, tmp.resolve("run"));
    }

    @Override
    public void makeChange(RestoreCivicrmFromBackup sample) {
        Db.exec(ds, "ALTER TABLE civicrm_contact ADD COLUMN is_deceased TINYINT NOT NULL DEFAULT 0",
                "UPDATE civicrm_contact SET display_name = 'Ada L.' WHERE id = 1",
                "DELETE FROM civicrm_contact WHERE id = 2",
                "CREATE TABLE civicrm_mailing_new (id INT PRIMARY KEY) ENGINE=InnoDB");
    }

    /** The whole database: CiviCRM's tables put back, Drupal's never touched. */
    @Override
    public Object observe(RestoreCivicrmFromBackup sample) {
        return SiteFingerprint.builder().schema("db", ds, db.name()).build();
    }
}
