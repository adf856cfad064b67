package org.civiupgrade.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.spi.DataSourceFactory;

/**
 * A HikariCP pool per database, with every connection in {@code utf8mb4} and a UTC session
 * ({@code SET NAMES utf8mb4, time_zone='+00:00'}), local-infile streams allowed for restores.
 * The password goes to the driver only; the pool's name and logs show the coordinates without it.
 * Statement errors the server answered (a refused {@code ALGORITHM=INSTANT}, a lock wait timeout,
 * a duplicate key ...) never cost the connection: see {@link MySqlStatementErrors}.
 */
public final class MySqlDataSourceFactory implements DataSourceFactory {
    /** Above core's unpooled fallback. */
    public static final int PRIORITY = 100;

    @Override
    public int priority(org.civiupgrade.Site site) {
        return PRIORITY;
    }

    @Override
    public DataSource open(DatabaseCoordinates coordinates) {
        return pool(coordinates, 8);
    }

    /** A pool of at most {@code maxConnections} connections (backups use one per worker plus two, restores one per worker plus one). */
    public static HikariDataSource pool(DatabaseCoordinates c, int maxConnections) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("civi-upgrade " + c.user() + "@" + c.host() + ":" + c.port() + "/" + c.database());
        config.setJdbcUrl(c.jdbcUrl());
        config.setUsername(c.user());
        config.setPassword(c.password().reveal());
        config.setMaximumPoolSize(Math.max(2, maxConnections));
        config.setMinimumIdle(0);
        config.setConnectionInitSql("SET NAMES utf8mb4, time_zone = '+00:00'");
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(30_000);
        config.setExceptionOverrideClassName(MySqlStatementErrors.class.getName());
        config.addDataSourceProperty("useServerPrepStmts", "false");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(config);
    }
}
