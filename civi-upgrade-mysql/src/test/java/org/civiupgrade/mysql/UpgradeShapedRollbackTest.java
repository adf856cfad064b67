package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.ObjectScope;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.RestoreSummary;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A selective rollback after what real CiviCRM upgrades do: snapshot tables and other new objects,
 * rows added and removed (AUTO_INCREMENT moved), triggers dropped; and a rollback that fails
 * halfway.
 */
@WithTestDatabase
class UpgradeShapedRollbackTest {
    private final MySqlDialect dialect = new MySqlDialect();

    /** Every object of the schema, by kind and name. */
    static List<String> objects(HikariDataSource ds) {
        return Db.column(ds, "SELECT CONCAT(TABLE_TYPE, ':', TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                + " UNION ALL SELECT CONCAT('TRIGGER:', TRIGGER_NAME, ':', EVENT_OBJECT_TABLE) FROM information_schema.TRIGGERS"
                + " WHERE TRIGGER_SCHEMA = DATABASE() UNION ALL SELECT CONCAT(ROUTINE_TYPE, ':', ROUTINE_NAME) FROM"
                + " information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY 1");
    }

    static List<String> counters(HikariDataSource ds) {
        return Db.column(ds, "SELECT CONCAT(TABLE_NAME, '=', IFNULL(AUTO_INCREMENT, 'none')) FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME");
    }

    @Test
    void autoIncrementCountersMovedByRowsAddedAndRemovedAreRestored(TestDatabase db, @TempDir Path tmp) {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.civicrmSchema(ds, "5.50.1");
            Db.exec(ds, "CREATE TABLE civicrm_queue_item (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, data TEXT) ENGINE=InnoDB");
            SiteFingerprint before = Db.fingerprint(ds, db.name(), false);
            List<String> counters = counters(ds);
            List<String> creates = Stream.of("civicrm_contact", "civicrm_email", "civicrm_queue_item", "civicrm_domain")
                    .map(t -> Db.column(ds, "SHOW CREATE TABLE " + t).toString()).toList();
            Path dir = tmp.resolve("b");
            dialect.backup(ds, dir, BackupOptions.defaults());

            Db.exec(ds,
                    // rows added and removed: same data, counter moved
                    "INSERT INTO civicrm_contact (contact_type, display_name) VALUES ('Individual', 'tmp1'), ('Individual', 'tmp2')",
                    "DELETE FROM civicrm_contact WHERE display_name LIKE 'tmp%'",
                    "DELETE FROM log_civicrm_contact WHERE display_name LIKE 'tmp%'",
                    // a table that never had rows: its counter leaves 1
                    "INSERT INTO civicrm_queue_item (data) VALUES ('x')", "DELETE FROM civicrm_queue_item",
                    // a column added (the instant-drop path) and the counter moved
                    "ALTER TABLE civicrm_email ADD COLUMN is_billing TINYINT NOT NULL DEFAULT 0",
                    "INSERT INTO civicrm_email (contact_id, email) VALUES (1, 'tmp@example.org')", "DELETE FROM civicrm_email WHERE id > 2");
            assertThat(counters(ds)).isNotEqualTo(counters);

            RestoreSummary s = dialect.restore(ds, dir, RestoreOptions.selective());
            assertThat(s.tablesUnchanged()).contains(db.name() + ".civicrm_contact", db.name() + ".civicrm_queue_item");
            assertThat(Db.fingerprint(ds, db.name(), false).diff(before)).isEmpty();
            assertThat(counters(ds)).isEqualTo(counters);
            assertThat(Stream.of("civicrm_contact", "civicrm_email", "civicrm_queue_item", "civicrm_domain")
                    .map(t -> Db.column(ds, "SHOW CREATE TABLE " + t).toString()).toList()).isEqualTo(creates);
            Db.exec(ds, "INSERT INTO civicrm_contact (contact_type, display_name) VALUES ('Individual', 'next')");
            assertThat(Db.column(ds, "SELECT MAX(id) FROM civicrm_contact")).containsExactly("3");
        }
    }

    @Test
    void inItsOwnDatabaseEveryObjectTheUpgradeCreatedIsDropped(TestDatabase db, @TempDir Path tmp) {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.civicrmSchema(ds, "5.50.1");
            SiteFingerprint before = Db.fingerprint(ds, db.name(), false);
            List<String> objects = objects(ds);
            Path dir = tmp.resolve("b");
            dialect.backup(ds, dir, BackupOptions.defaults());
            upgradeShapedChanges(ds, "");
            Db.exec(ds, "CREATE TABLE upgrade_scratch (id INT) ENGINE=InnoDB", "CREATE VIEW v_upgrade AS SELECT 1 AS one",
                    "CREATE PROCEDURE upgrade_proc() SELECT 1");

            RestoreSummary s = dialect.restore(ds, dir, RestoreOptions.selective());
            assertThat(s.tablesDropped()).contains(db.name() + ".snap_civicrm_v5_51_fields", db.name() + ".upgrade_scratch");
            assertThat(objects(ds)).isEqualTo(objects);
            assertThat(Db.fingerprint(ds, db.name(), false).diff(before)).isEmpty();
        }
    }

    @Test
    void inADatabaseSharedWithDrupalWithAPrefixOnlyTheUpgradesObjectsAreDropped(TestDatabase db, @TempDir Path tmp) {
        shared(db, tmp, "d7_");
    }

    @Test
    void inADatabaseSharedWithDrupalWithoutPrefixOnlyTheUpgradesObjectsAreDropped(TestDatabase db, @TempDir Path tmp) {
        shared(db, tmp, "");
    }

    @Test
    void aBackupOfCiviCrmsObjectsOnlyStillKnowsTheDatabaseIsSharedWithDrupal(TestDatabase db, @TempDir Path tmp) {
        shared(db, tmp, "", true);
    }

    private void shared(TestDatabase db, Path tmp, String prefix) {
        shared(db, tmp, prefix, false);
    }

    private void shared(TestDatabase db, Path tmp, String prefix, boolean civicrmOnly) {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.civicrmSchema(ds, "5.50.1");
            SharedDatabaseTest.drupalTables(ds, prefix);
            ObjectScope scope = ObjectScope.withPrefix(prefix);
            Path dir = tmp.resolve("b");
            dialect.backup(ds, dir, BackupOptions.defaults().withScope(scope).withCivicrmOnly(civicrmOnly));
            SiteFingerprint before = Db.fingerprint(ds, db.name(), false);
            List<String> objects = objects(ds);

            upgradeShapedChanges(ds, prefix);
            // Drupal's own new table, and (with a prefix) a table outside it, which cannot be Drupal's
            Db.exec(ds, "CREATE TABLE " + prefix + "cache_civicrm_new (cid VARCHAR(255) PRIMARY KEY) ENGINE=InnoDB");
            if (!prefix.isEmpty()) {
                Db.exec(ds, "CREATE TABLE upgrade_scratch (id INT) ENGINE=InnoDB");
            }
            RestoreSummary s = dialect.restore(ds, dir, RestoreOptions.selective());
            assertThat(s.tablesDropped()).contains(db.name() + ".snap_civicrm_v5_51_fields")
                    .doesNotContain(db.name() + "." + prefix + "cache_civicrm_new");
            if (!prefix.isEmpty()) {
                assertThat(s.tablesDropped()).contains(db.name() + ".upgrade_scratch");
            }
            List<String> expected = new java.util.ArrayList<>(objects);
            expected.add("BASE TABLE:" + prefix + "cache_civicrm_new");
            assertThat(objects(ds)).containsExactlyInAnyOrderElementsOf(expected);
            SiteFingerprint after = Db.fingerprint(ds, db.name(), false)
                    .without(k -> k.startsWith("table:db." + prefix + "cache_civicrm_new:"));
            assertThat(after.diff(before)).isEmpty();
        }
    }

    /** What CiviCRM's upgrader does (5.45+): triggers dropped, snapshot tables, new columns and objects. */
    static void upgradeShapedChanges(HikariDataSource ds, String drupalPrefix) {
        Db.exec(ds, "DROP TRIGGER civicrm_contact_after_insert", "DROP TRIGGER civicrm_contact_after_update",
                "CREATE TABLE snap_civicrm_v5_51_fields AS SELECT id, display_name FROM civicrm_contact",
                "ALTER TABLE civicrm_email ADD COLUMN created_id INT UNSIGNED NULL, ADD INDEX FK_civicrm_email_created_id (created_id),"
                        + " ADD CONSTRAINT FK_civicrm_email_created_id FOREIGN KEY (created_id) REFERENCES civicrm_contact (id) ON DELETE SET NULL",
                "ALTER TABLE civicrm_contact ADD COLUMN preferred_language_2 VARCHAR(5), ADD INDEX index_pl2 (preferred_language_2)",
                "INSERT INTO civicrm_contact (contact_type, display_name) VALUES ('Individual', 'Upgrade added')",
                "UPDATE civicrm_domain SET version = '5.56.1'",
                "CREATE TABLE civicrm_new_entity (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB",
                "CREATE VIEW civicrm_contact_fr_FR AS SELECT id FROM civicrm_contact",
                "CREATE FUNCTION civicrm_new_fn() RETURNS INT NO SQL DETERMINISTIC RETURN 1",
                "CREATE TRIGGER civicrm_contact_after_delete AFTER DELETE ON civicrm_contact FOR EACH ROW SET @x = 1",
                "CREATE TRIGGER civicrm_contact_after_insert AFTER INSERT ON civicrm_contact FOR EACH ROW SET @y = NEW.id");
    }

    @Test
    void aRollbackThatFailsLeavesTheTriggersAndViewsAndARetryCompletesIt(TestDatabase db, @TempDir Path tmp) throws IOException {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.civicrmSchema(ds, "5.50.1");
            SiteFingerprint before = Db.fingerprint(ds, db.name(), false);
            List<String> objects = objects(ds);
            Path dir = tmp.resolve("b");
            dialect.backup(ds, dir, BackupOptions.defaults());
            // a copy of the backup whose civicrm_email data file is damaged: the rollback fails on that table
            Path damaged = tmp.resolve("damaged");
            PathUtils.copyDirectory(dir, damaged);
            String email = org.civiupgrade.mysql.internal.Manifest.read(damaged).schemas().get(0).tables().stream()
                    .filter(t -> t.name().equals("civicrm_email")).findFirst().orElseThrow().file();
            Files.write(damaged.resolve(email), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            upgradeShapedChanges(ds, "");
            Db.exec(ds, "UPDATE civicrm_email SET email = 'changed@example.org' WHERE id = 1");

            assertThatThrownBy(() -> dialect.restore(ds, damaged, RestoreOptions.selective().withWorkers(2)))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.getMessage()).contains("civicrm_email"));
            // the triggers, views and routines of the backup are there again, none of the upgrade's
            List<String> now = objects(ds);
            assertThat(now.stream().filter(o -> !o.startsWith("BASE TABLE:")).toList())
                    .isEqualTo(objects.stream().filter(o -> !o.startsWith("BASE TABLE:")).toList());

            // recover: running the rollback again completes it
            dialect.restore(ds, dir, RestoreOptions.selective().withWorkers(2));
            assertThat(objects(ds)).isEqualTo(objects);
            assertThat(Db.fingerprint(ds, db.name(), false).diff(before)).isEmpty();
        }
    }
}
