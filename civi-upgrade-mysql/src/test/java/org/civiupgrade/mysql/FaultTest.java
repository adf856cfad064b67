package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.Progress;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.VerifyOptions;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server connection dies mid-backup or mid-restore: a clear error, and never a backup taken as valid. */
@WithTestDatabase
class FaultTest {
    private final MySqlDialect dialect = new MySqlDialect();

    private static void bigTable(HikariDataSource ds) {
        Db.exec(ds, "CREATE TABLE civicrm_mailing_event_queue (id INT PRIMARY KEY, job_id INT, hash VARCHAR(255)) ENGINE=InnoDB",
                "INSERT INTO civicrm_mailing_event_queue SELECT seq, seq % 7, SHA2(seq, 256) FROM seq_1_to_200000",
                "CREATE TABLE civicrm_domain (id INT PRIMARY KEY, version VARCHAR(32))", "INSERT INTO civicrm_domain VALUES (1, '5.45.0')");
    }

    /** Kills, from another connection, every session of this schema running a statement that starts with {@code prefix}. */
    private static Progress killer(HikariDataSource admin, String schema, String prefix, AtomicBoolean killed) {
        return (done, total, unit) -> {
            if (killed.compareAndSet(false, true)) {
                for (String id : Db.column(admin, "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" + schema
                        + "' AND ID <> CONNECTION_ID() AND INFO LIKE '" + prefix + "%'")) {
                    Db.exec(admin, "KILL " + id);
                }
            }
        };
    }

    @Test
    void connectionKilledMidBackupFailsClearlyAndLeavesNoValidBackup(TestDatabase db, @TempDir Path tmp) {
        try (HikariDataSource ds = Db.pool(db); HikariDataSource admin = Db.pool(db)) {
            bigTable(ds);
            Path dir = tmp.resolve("b");
            AtomicBoolean killed = new AtomicBoolean();
            assertThatThrownBy(() -> dialect.backup(ds, dir, BackupOptions.defaults()
                    .withProgress(killer(admin, db.name(), "SELECT", killed))))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
                        assertThat(e.getMessage()).contains("Backup of the database", "civicrm_mailing_event_queue");
                        assertThat(e.getMessage()).doesNotContain(db.coordinates().password().reveal());
                    });
            assertThat(killed).isTrue();
            assertThat(dir.resolve("manifest.json")).doesNotExist();
            assertThat(dir.resolve("data")).doesNotExist();
            assertThatThrownBy(() -> dialect.describeBackup(dir)).isInstanceOfSatisfying(UpgradeException.class,
                    e -> assertThat(e.getMessage()).contains("incomplete"));
            assertThatThrownBy(() -> dialect.verify(ds, dir, VerifyOptions.defaults())).isInstanceOf(UpgradeException.class);
            assertThatThrownBy(() -> dialect.restore(ds, dir, RestoreOptions.selective())).isInstanceOf(UpgradeException.class);
            // the pool recovers: a new backup works
            dialect.backup(ds, tmp.resolve("again"), BackupOptions.defaults());
            assertThat(Files.exists(tmp.resolve("again/manifest.json"))).isTrue();
        }
    }

    @Test
    void aConnectionKilledOnceMidRestoreIsRetriedOnAFreshConnection(TestDatabase db, @TempDir Path tmp) {
        try (HikariDataSource ds = Db.pool(db); HikariDataSource admin = Db.pool(db)) {
            bigTable(ds);
            SiteFingerprint before = Db.fingerprint(ds, db.name(), false);
            Path dir = tmp.resolve("b");
            dialect.backup(ds, dir, BackupOptions.defaults());
            Db.exec(ds, "DELETE FROM civicrm_mailing_event_queue WHERE id > 1000");
            AtomicBoolean killed = new AtomicBoolean();
            dialect.restore(ds, dir, RestoreOptions.selective().withProgress(killer(admin, db.name(), "LOAD DATA", killed)));
            assertThat(killed).isTrue();
            assertThat(Db.fingerprint(ds, db.name(), false).diff(before)).isEmpty();
        }
    }

    @Test
    void aConnectionKilledAtEveryAttemptFailsClearlyAndARetryCompletes(TestDatabase db, @TempDir Path tmp) {
        try (HikariDataSource ds = Db.pool(db); HikariDataSource admin = Db.pool(db)) {
            bigTable(ds);
            Path dir = tmp.resolve("b");
            dialect.backup(ds, dir, BackupOptions.defaults());
            Db.exec(ds, "DELETE FROM civicrm_mailing_event_queue WHERE id > 1000");
            java.util.concurrent.atomic.AtomicInteger kills = new java.util.concurrent.atomic.AtomicInteger();
            Progress everyTime = (done, total, unit) -> {
                for (String id : Db.column(admin, "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" + db.name()
                        + "' AND ID <> CONNECTION_ID() AND INFO LIKE 'LOAD DATA%'")) {
                    Db.exec(admin, "KILL " + id);
                    kills.incrementAndGet();
                }
            };
            assertThatThrownBy(() -> dialect.restore(ds, dir, RestoreOptions.selective().withProgress(everyTime)))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
                        assertThat(e.getMessage()).contains("Restoring table", "civicrm_mailing_event_queue", "failed 4 times");
                    });
            assertThat(kills.get()).isGreaterThanOrEqualTo(4);
            // retrying the (idempotent) rollback completes it
            dialect.restore(ds, dir, RestoreOptions.selective());
            assertThat(Db.column(ds, "SELECT COUNT(*) FROM civicrm_mailing_event_queue")).containsExactly("200000");
        }
    }
}
