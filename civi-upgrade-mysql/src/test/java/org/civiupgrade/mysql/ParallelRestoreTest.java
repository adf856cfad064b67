package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parallel restores of a schema whose tables are foreign-key parents and children of each other,
 * as CiviCRM's are: MariaDB 10.6+ fails DDL on a parent at once with error 1205 while another
 * session does DDL on a child, so the restore must never run them side by side.
 */
@WithTestDatabase
class ParallelRestoreTest {
    private final MySqlDialect dialect = new MySqlDialect();

    private static void foreignKeyWeb(HikariDataSource ds) {
        List<String> sql = new ArrayList<>();
        sql.add("CREATE TABLE civicrm_contact (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64)) ENGINE=InnoDB");
        sql.add("INSERT INTO civicrm_contact (name) SELECT CONCAT('c', seq) FROM seq_1_to_300");
        for (int i = 0; i < 12; i++) {
            sql.add("CREATE TABLE civicrm_child_" + i + " (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, contact_id INT UNSIGNED,"
                    + " v VARCHAR(32), CONSTRAINT FK_child_" + i + " FOREIGN KEY (contact_id) REFERENCES civicrm_contact (id)"
                    + " ON DELETE CASCADE) ENGINE=InnoDB");
            sql.add("INSERT INTO civicrm_child_" + i + " (contact_id, v) SELECT seq, MD5(seq + " + i + ") FROM seq_1_to_300");
            sql.add("CREATE TABLE civicrm_grandchild_" + i + " (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, child_id INT UNSIGNED,"
                    + " contact_id INT UNSIGNED, CONSTRAINT FK_gc_child_" + i + " FOREIGN KEY (child_id) REFERENCES civicrm_child_" + i
                    + " (id) ON DELETE CASCADE, CONSTRAINT FK_gc_contact_" + i + " FOREIGN KEY (contact_id) REFERENCES civicrm_contact (id)"
                    + " ON DELETE SET NULL) ENGINE=InnoDB");
            sql.add("INSERT INTO civicrm_grandchild_" + i + " (child_id, contact_id) SELECT seq, seq FROM seq_1_to_100");
        }
        Db.exec(ds, sql.toArray(String[]::new));
    }

    @Test
    void fullAndSelectiveRestoresWithFourWorkersNeverRunForeignKeyDdlSideBySide(TestDatabase db, @TempDir Path tmp) {
        try (HikariDataSource ds = Db.pool(db)) {
            foreignKeyWeb(ds);
            SiteFingerprint before = Db.fingerprint(ds, db.name(), false);
            List<String> objects = Db.objectsAndCounters(ds, db.name());
            Path dir = tmp.resolve("b");
            dialect.backup(ds, dir, BackupOptions.defaults());
            for (int round = 0; round < 5; round++) {
                dialect.restore(ds, dir, RestoreOptions.full().withWorkers(4));
                assertThat(Db.fingerprint(ds, db.name(), false).diff(before)).isEmpty();
                // parent and children changed: all reloaded by a selective restore
                Db.exec(ds, "SET SESSION foreign_key_checks = 0", "UPDATE civicrm_contact SET name = 'x' WHERE id = 1",
                        "UPDATE civicrm_child_3 SET v = 'y' WHERE id = 2", "ALTER TABLE civicrm_child_5 ADD COLUMN w INT, ADD KEY (w, v)",
                        "DELETE FROM civicrm_grandchild_7 WHERE id = 3", "SET SESSION foreign_key_checks = 1");
                dialect.restore(ds, dir, RestoreOptions.selective().withWorkers(4));
                assertThat(Db.fingerprint(ds, db.name(), false).diff(before)).isEmpty();
                assertThat(Db.objectsAndCounters(ds, db.name())).isEqualTo(objects);
            }
        }
    }
}
