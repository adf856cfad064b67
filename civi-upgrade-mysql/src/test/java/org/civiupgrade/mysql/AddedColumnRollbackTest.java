package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.RestoreSummary;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Columns an upgrade adds with an index or a foreign key (CiviCRM 5.54's
 * {@code civicrm_participant.created_id}): MariaDB refuses to drop them with
 * {@code ALGORITHM=INSTANT} (error 1846, SQLSTATE 0A000), which must neither cost the pool its
 * connection nor abort the rollback.
 */
@WithTestDatabase
class AddedColumnRollbackTest {
    private final MySqlDialect dialect = new MySqlDialect();

    @Test
    void aRefusedInstantDropKeepsThePooledConnectionUsable(TestDatabase db) throws SQLException {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.exec(ds, "CREATE TABLE civicrm_t (id INT PRIMARY KEY, c INT, KEY (c)) ENGINE=InnoDB");
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.execute("ALTER TABLE civicrm_t DROP COLUMN c, ALGORITHM=INSTANT"))
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getErrorCode()).isEqualTo(1846);
                            assertThat(e.getSQLState()).isEqualTo("0A000");
                        });
                // the same connection still works: HikariCP did not close it
                assertThat(c.isClosed()).isFalse();
                st.execute("SELECT 1");
            }
            assertThat(ds.getHikariPoolMXBean().getTotalConnections()).isPositive();
        }
    }

    @Test
    void theMinimalCaseFromTheIssueRollsBack(TestDatabase db, @TempDir Path tmp) {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.exec(ds, "CREATE TABLE civicrm_t (id INT PRIMARY KEY) ENGINE=InnoDB", "INSERT INTO civicrm_t VALUES (1), (2), (3)");
            SiteFingerprint before = Db.fingerprint(ds, db.name(), false);
            Path dir = tmp.resolve("b");
            dialect.backup(ds, dir, BackupOptions.defaults());
            Db.exec(ds, "ALTER TABLE civicrm_t ADD c INT, ADD INDEX (c)");
            dialect.restore(ds, dir, RestoreOptions.selective());
            assertThat(Db.fingerprint(ds, db.name(), false).diff(before)).isEmpty();
            RestoreSummary again = dialect.restore(ds, dir, RestoreOptions.selective());
            assertThat(again.tablesRestored()).isEmpty();
        }
    }

    /** Every kind of key an added column can be part of. */
    @ParameterizedTest
    @ValueSource(strings = {
        // 5.54: civicrm_participant.created_id, an index and a foreign key to civicrm_contact
        "ALTER TABLE civicrm_participant ADD created_id INT UNSIGNED NULL, ADD INDEX FK_civicrm_participant_created_id (created_id),"
                + " ADD CONSTRAINT FK_civicrm_participant_created_id FOREIGN KEY (created_id) REFERENCES civicrm_contact (id) ON DELETE SET NULL",
        "ALTER TABLE civicrm_participant ADD token VARCHAR(64) NULL, ADD UNIQUE KEY UI_token (token)",
        "ALTER TABLE civicrm_participant ADD is_test2 TINYINT NOT NULL DEFAULT 0, ADD INDEX index_status_test (status_id, is_test2)",
        "ALTER TABLE civicrm_participant ADD a INT, ADD b INT, ADD INDEX index_a_b (a, b)",
        "ALTER TABLE civicrm_participant ADD status_plus INT AS (status_id + 1) VIRTUAL, ADD INDEX index_status_plus (status_plus)",
        "ALTER TABLE civicrm_participant ADD status_x INT AS (status_id * 2) PERSISTENT",
        "ALTER TABLE civicrm_participant ADD ref_id INT UNSIGNED NULL, ADD UNIQUE KEY UI_ref (ref_id); CREATE TABLE civicrm_ref"
                + " (id INT UNSIGNED PRIMARY KEY, participant_ref INT UNSIGNED, CONSTRAINT FK_ref FOREIGN KEY (participant_ref)"
                + " REFERENCES civicrm_participant (ref_id)) ENGINE=InnoDB",
    })
    void aColumnAddedWithAKeyIsRolledBackExactly(String change, TestDatabase db, @TempDir Path tmp) {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.exec(ds,
                    "CREATE TABLE civicrm_contact (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, display_name VARCHAR(64)) ENGINE=InnoDB",
                    "INSERT INTO civicrm_contact (display_name) VALUES ('A'), ('B')",
                    "CREATE TABLE civicrm_participant (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, contact_id INT UNSIGNED,"
                            + " status_id INT UNSIGNED, CONSTRAINT FK_civicrm_participant_contact_id FOREIGN KEY (contact_id)"
                            + " REFERENCES civicrm_contact (id) ON DELETE CASCADE) ENGINE=InnoDB",
                    "INSERT INTO civicrm_participant (contact_id, status_id) VALUES (1, 1), (2, 2), (1, 3)");
            SiteFingerprint before = Db.fingerprint(ds, db.name(), false);
            Path dir = tmp.resolve("b");
            dialect.backup(ds, dir, BackupOptions.defaults());
            Db.exec(ds, change.split("; "));
            for (int workers : List.of(1, 2, 4)) {
                dialect.restore(ds, dir, RestoreOptions.selective().withWorkers(workers));
                assertThat(Db.fingerprint(ds, db.name(), false).diff(before)).isEmpty();
                assertThat(Db.column(ds, "SELECT COUNT(*) FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE()"
                        + " AND REFERENCED_TABLE_NAME IS NOT NULL")).containsExactly("1");
                Db.exec(ds, change.split("; ")[0]);
            }
        }
    }
}
