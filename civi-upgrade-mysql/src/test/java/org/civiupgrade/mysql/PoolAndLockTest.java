package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.ServiceLoader;
import javax.sql.DataSource;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.DataSourceFactory;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.db.DatabaseLocking;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;

@WithTestDatabase
class PoolAndLockTest {
    @Test
    void serviceLoaderFindsThePooledFactoryAndTheDialect() {
        DataSourceFactory best = ServiceLoader.load(DataSourceFactory.class).stream().map(ServiceLoader.Provider::get)
                .max(Comparator.comparingInt(f -> f.priority(null))).orElseThrow();
        assertThat(best).isInstanceOf(MySqlDataSourceFactory.class);
        assertThat(best.priority(null)).isPositive();
        assertThat(ServiceLoader.load(DatabaseDialect.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(d -> assertThat(d).isInstanceOf(MySqlDialect.class));
    }

    @Test
    void pooledConnectionsSpeakUtf8mb4InUtcAndTheirNameHidesThePassword(TestDatabase db) throws Exception {
        DataSource ds = new MySqlDataSourceFactory().open(db.coordinates());
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@character_set_client, @@character_set_results, @@time_zone, DATABASE()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("utf8mb4");
            assertThat(rs.getString(2)).isEqualTo("utf8mb4");
            assertThat(rs.getString(3)).isEqualTo("+00:00");
            assertThat(rs.getString(4)).isEqualTo(db.name());
            assertThat(ds.toString() + ((com.zaxxer.hikari.HikariDataSource) ds).getPoolName())
                    .doesNotContain(db.coordinates().password().reveal());
        } finally {
            ((AutoCloseable) ds).close();
        }
    }

    @Test
    void namedLockIsExclusiveUntilReleased(TestDatabase db) {
        try (var ds = Db.pool(db)) {
            DatabaseLocking locking = new MySqlDialect();
            try (DatabaseLocking.Lock lock = locking.acquire(ds, "/var/www/site#default", Duration.ZERO)) {
                assertThat(lock.name()).startsWith("civi-upgrade:");
                assertThatThrownBy(() -> locking.acquire(ds, "/var/www/site#default", Duration.ZERO))
                        .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SITE_LOCKED));
                locking.acquire(ds, "/var/www/other#default", Duration.ZERO).close();
            }
            locking.acquire(ds, "/var/www/site#default", Duration.ZERO).close();
        }
    }
}
