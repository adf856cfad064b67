package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Map;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.RestoreSummary;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The selective rollback's change detection, in particular tables an upgrade added columns to. */
@WithTestDatabase
class SelectiveRollbackTest {
    private final MySqlDialect dialect = new MySqlDialect();

    private static void tables(HikariDataSource ds) {
        Db.exec(ds,
                "CREATE TABLE civicrm_contribution (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, contact_id INT UNSIGNED,"
                        + " total_amount DECIMAL(20,2), source VARCHAR(255), KEY idx_contact (contact_id)) ENGINE=InnoDB",
                "INSERT INTO civicrm_contribution (contact_id, total_amount, source) VALUES (1, 10.00, 'a'), (2, 20.50, NULL),"
                        + " (3, 0.01, 'c\\tx'), (4, NULL, 'd')",
                "CREATE TABLE civicrm_option_value (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, label VARCHAR(64),"
                        + " value VARCHAR(64)) ENGINE=InnoDB",
                "INSERT INTO civicrm_option_value (label, value) VALUES ('One', '1'), ('Two', '2')",
                "CREATE TABLE civicrm_phone (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, phone VARCHAR(32)) ENGINE=InnoDB",
                "INSERT INTO civicrm_phone (phone) VALUES ('555'), ('556')");
    }

    @Test
    void addedColumnsAreDroppedWhenTheDataIsProvedUnchangedAndChangedDataIsAlwaysReloaded(TestDatabase db, @TempDir Path tmp) {
        try (HikariDataSource ds = Db.pool(db)) {
            tables(ds);
            SiteFingerprint before = Db.fingerprint(ds, db.name(), true);
            Path dir = tmp.resolve("b");
            dialect.backup(ds, dir, BackupOptions.defaults());

            Db.exec(ds,
                    // columns added at the end and in the middle, old data untouched
                    "ALTER TABLE civicrm_contribution ADD COLUMN tax_amount DECIMAL(20,2), ADD COLUMN is_template TINYINT"
                            + " NOT NULL DEFAULT 0 AFTER contact_id",
                    "UPDATE civicrm_contribution SET tax_amount = 1.00",
                    // a column added and an old value changed: the data differs and must be reloaded
                    "ALTER TABLE civicrm_option_value ADD COLUMN icon VARCHAR(255)",
                    "UPDATE civicrm_option_value SET label = 'Deux' WHERE value = '2'",
                    // a column added and a row deleted
                    "ALTER TABLE civicrm_phone ADD COLUMN phone_ext VARCHAR(16) AFTER id",
                    "DELETE FROM civicrm_phone WHERE phone = '556'");

            RestoreSummary s = dialect.restore(ds, dir, RestoreOptions.selective());
            assertThat(s.tablesRestored()).containsExactlyInAnyOrder(db.name() + ".civicrm_contribution",
                    db.name() + ".civicrm_option_value", db.name() + ".civicrm_phone");
            assertThat(Db.fingerprint(ds, db.name(), true).diff(before)).isEmpty();
            assertThat(Db.column(ds, "SELECT label FROM civicrm_option_value ORDER BY id")).containsExactly("One", "Two");
            assertThat(Db.column(ds, "SELECT COUNT(*) FROM civicrm_phone")).containsExactly("2");

            RestoreSummary again = dialect.restore(ds, dir, RestoreOptions.selective());
            assertThat(again.tablesRestored()).isEmpty();
            assertThat(again.tablesUnchanged()).hasSize(3);
        }
    }

    @Test
    void aTableWithAColumnRemovedOrRenamedIsReloaded(TestDatabase db, @TempDir Path tmp) {
        try (HikariDataSource ds = Db.pool(db)) {
            tables(ds);
            SiteFingerprint before = Db.fingerprint(ds, db.name(), true);
            Path dir = tmp.resolve("b");
            dialect.backup(ds, dir, BackupOptions.defaults());
            Db.exec(ds, "ALTER TABLE civicrm_contribution DROP COLUMN source",
                    "ALTER TABLE civicrm_phone CHANGE phone phone_numeric VARCHAR(32), ADD COLUMN phone VARCHAR(32)");
            RestoreSummary s = dialect.restore(ds, dir, RestoreOptions.selective());
            assertThat(s.tablesRestored()).containsExactlyInAnyOrder(db.name() + ".civicrm_contribution",
                    db.name() + ".civicrm_phone");
            assertThat(s.tablesUnchanged()).containsExactly(db.name() + ".civicrm_option_value");
            assertThat(Db.fingerprint(ds, db.name(), true).diff(before)).isEmpty();
        }
    }

    @Test
    void whereColumnsCannotBeDroppedInstantlyTheTableIsReloaded(TestDatabase db, @TempDir Path tmp) {
        try (HikariDataSource ds = Db.pool(db)) {
            // old CiviCRM sites still have MyISAM tables; MyISAM has no instant DROP COLUMN
            Db.exec(ds, "CREATE TABLE civicrm_cache (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, path VARCHAR(64),"
                            + " data LONGTEXT) ENGINE=MyISAM",
                    "INSERT INTO civicrm_cache (path, data) VALUES ('a', 'x'), ('b', NULL)");
            SiteFingerprint before = Db.fingerprint(ds, db.name(), true);
            Path dir = tmp.resolve("b");
            dialect.backup(ds, dir, BackupOptions.defaults());
            Db.exec(ds, "ALTER TABLE civicrm_cache ADD COLUMN expired_date TIMESTAMP NULL");
            // the path under test: this server refuses the instant drop on such a table
            Db.exec(ds, "CREATE TABLE probe_myisam (id INT, extra INT) ENGINE=MyISAM");
            assertThatThrownBy(() -> Db.exec(ds, "ALTER TABLE probe_myisam DROP COLUMN extra, ALGORITHM=INSTANT"))
                    .hasMessageContaining("ALGORITHM");
            Db.exec(ds, "DROP TABLE probe_myisam");

            RestoreSummary s = dialect.restore(ds, dir, RestoreOptions.selective());
            assertThat(s.tablesRestored()).containsExactly(db.name() + ".civicrm_cache");
            assertThat(Db.createTable(ds, db.name(), "civicrm_cache")).contains("ENGINE=MyISAM").doesNotContain("expired_date");
            assertThat(Db.fingerprint(ds, db.name(), true).diff(before)).isEmpty();
        }
    }
}
