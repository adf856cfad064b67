package org.civiupgrade.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.mysql.MySqlDataSourceFactory;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The run's database lock survives idle periods longer than its session's {@code wait_timeout}
 * (the keep-alive asks the server about the lock more often than that), and a lock whose
 * connection ended, by the time-out or a KILL, is reported lost instead of being assumed held.
 * Each test sets a 2-second {@code wait_timeout} on the lock's session only.
 */
@WithTestDatabase
class NamedLockKeepAliveTest {
    private static final Duration WAIT_TIMEOUT = Duration.ofSeconds(2);
    private static final long IDLE_MS = 4_500;

    private static String name(TestDatabase db) {
        return "test:" + db.name();
    }

    private static Optional<String> holder(TestDatabase db) {
        return Optional.ofNullable(db.queryString("SELECT IS_USED_LOCK(?)", NamedLock.serverName(name(db))));
    }

    @Test
    void aKeptAliveLockOutlivesTheSessionsWaitTimeout(TestDatabase db) throws Exception {
        try (HikariDataSource ds = MySqlDataSourceFactory.pool(db.coordinates(), 4);
             NamedLock lock = NamedLock.acquire(ds, name(db), Duration.ZERO, new NamedLock.KeepAlive(Duration.ofMillis(500),
                     WAIT_TIMEOUT))) {
            Thread.sleep(IDLE_MS);
            lock.requireHeld();
            assertThat(holder(db)).isPresent();
            assertThatThrownBy(() -> NamedLock.acquire(ds, name(db), Duration.ZERO))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SITE_LOCKED));
        }
        assertThat(holder(db)).as("released when closed").isEmpty();
    }

    @Test
    void withoutKeepAliveTheWaitTimeoutLosesTheLockAndThatIsReported(TestDatabase db) throws Exception {
        try (HikariDataSource ds = MySqlDataSourceFactory.pool(db.coordinates(), 4);
             NamedLock lock = NamedLock.acquire(ds, name(db), Duration.ZERO, new NamedLock.KeepAlive(Duration.ZERO, WAIT_TIMEOUT))) {
            Thread.sleep(IDLE_MS);
            assertThat(holder(db)).as("the server ended the idle session and released its lock").isEmpty();
            assertThatThrownBy(lock::requireHeld).isInstanceOfSatisfying(UpgradeException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_LOCK_LOST);
                assertThat(e.getMessage()).contains(lock.name(), "was lost", "connection ended", "wait_timeout");
            });
            // lost stays lost, even if another session now takes it
            try (NamedLock other = NamedLock.acquire(ds, name(db), Duration.ZERO)) {
                assertThatThrownBy(lock::requireHeld).isInstanceOf(UpgradeException.class);
                other.requireHeld();
            }
        }
    }

    @Test
    void aKilledLockConnectionIsReportedLostByTheKeepAliveAndOnDemand(TestDatabase db) throws Exception {
        try (HikariDataSource ds = MySqlDataSourceFactory.pool(db.coordinates(), 4);
             NamedLock lock = NamedLock.acquire(ds, name(db), Duration.ZERO, new NamedLock.KeepAlive(Duration.ofMillis(200),
                     Duration.ZERO))) {
            lock.requireHeld();
            String id = holder(db).orElseThrow();
            try (Connection admin = ds.getConnection()) {
                Sql.exec(admin, "KILL " + Long.parseLong(id));
            }
            Thread.sleep(1_000);
            assertThat(holder(db)).isEmpty();
            assertThatThrownBy(lock::requireHeld).isInstanceOfSatisfying(UpgradeException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_LOCK_LOST);
                assertThat(e.getMessage()).contains("connection ended");
            });
        }
    }
}
