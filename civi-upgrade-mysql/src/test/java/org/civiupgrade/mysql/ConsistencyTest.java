package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.BackupSummary;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.VerifyOptions;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithTestDatabase
class ConsistencyTest {
    private final MySqlDialect dialect = new MySqlDialect();

    @Test
    void backupWithAConcurrentWriterEqualsOnePointInTime(TestDatabase db, @TempDir Path tmp) throws Exception {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.exec(ds, "CREATE TABLE civicrm_contribution (id INT PRIMARY KEY, amount DECIMAL(20,2), pad VARCHAR(200)) ENGINE=InnoDB",
                    "CREATE TABLE civicrm_line_item (id INT PRIMARY KEY, contribution_id INT, pad VARCHAR(200)) ENGINE=InnoDB",
                    "CREATE TABLE civicrm_counter (id INT PRIMARY KEY, n INT) ENGINE=InnoDB",
                    "INSERT INTO civicrm_counter VALUES (1, 0)",
                    "INSERT INTO civicrm_contribution SELECT seq, seq, REPEAT('x', 150) FROM seq_1_to_60000",
                    "INSERT INTO civicrm_line_item SELECT seq, seq, REPEAT('y', 150) FROM seq_1_to_60000",
                    "UPDATE civicrm_counter SET n = 60000");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger commits = new AtomicInteger();
            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                    c.setAutoCommit(false);
                    int id = 60000;
                    while (!stop.get()) {
                        id++;
                        st.executeUpdate("INSERT INTO civicrm_contribution VALUES (" + id + ", " + id + ", 'w')");
                        st.executeUpdate("INSERT INTO civicrm_line_item VALUES (" + id + ", " + id + ", 'w')");
                        st.executeUpdate("UPDATE civicrm_counter SET n = n + 1");
                        c.commit();
                        commits.incrementAndGet();
                    }
                } catch (Throwable t) {
                    writerFailure.set(t);
                }
            });
            writer.start();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (commits.get() < 20) {
                assertThat(writer.isAlive()).as("the writer thread runs (it failed with %s)", writerFailure.get()).isTrue();
                assertThat(System.nanoTime() - deadline).as("the writer committed 20 times within 60 s (it did %d)", commits.get())
                        .isNegative();
                Thread.sleep(5);
            }
            BackupSummary s;
            int beforeBackup = commits.get();
            long backupStart = System.nanoTime();
            long backupMillis;
            try {
                s = dialect.backup(ds, tmp.resolve("b"), BackupOptions.defaults().withWorkers(3));
                backupMillis = (System.nanoTime() - backupStart) / 1_000_000;
            } finally {
                Thread.sleep(50);
                stop.set(true);
                writer.join(java.util.concurrent.TimeUnit.SECONDS.toMillis(60));
                assertThat(writer.isAlive()).as("the writer thread stopped within 60 s").isFalse();
            }
            assertThat(writerFailure.get()).isNull();
            int afterBackup = commits.get();
            assertThat(afterBackup).isGreaterThan(beforeBackup);
            // the lock is held only to start the snapshot: a part of the backup's own time, not a wall-clock bound
            assertThat(s.lockMillis()).as("lock held (ms) during a backup of %d ms", backupMillis).isBetween(0L, backupMillis);

            // the checksums recorded inside the snapshot match the restored data
            dialect.verify(ds, tmp.resolve("b"), VerifyOptions.defaults());
            String copy = db.name() + "_c";
            try {
                dialect.restore(ds, tmp.resolve("b"), RestoreOptions.full().into(copy));
                long contributions = Long.parseLong(Db.column(ds, "SELECT COUNT(*) FROM `" + copy + "`.civicrm_contribution").get(0));
                long lines = Long.parseLong(Db.column(ds, "SELECT COUNT(*) FROM `" + copy + "`.civicrm_line_item").get(0));
                long counter = Long.parseLong(Db.column(ds, "SELECT n FROM `" + copy + "`.civicrm_counter").get(0));
                assertThat(lines).isEqualTo(contributions);
                assertThat(counter).isEqualTo(contributions);
                assertThat(contributions).isGreaterThan(60000).isLessThan(60000 + afterBackup + 1);
            } finally {
                Db.exec(ds, "DROP DATABASE IF EXISTS `" + copy + "`");
            }
        }
    }
}
