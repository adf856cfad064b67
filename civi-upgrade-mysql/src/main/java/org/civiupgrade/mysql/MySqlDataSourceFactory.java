package org.civiupgrade.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.mysql.internal.ConnectFailure;
import org.civiupgrade.spi.DataSourceFactory;

/**
 * A HikariCP pool per database, with every connection in {@code utf8mb4} and a UTC session
 * ({@code SET NAMES utf8mb4, time_zone='+00:00'}), local-infile streams allowed for restores.
 * The password goes to the driver only; the pool's name and logs show the coordinates without it.
 * Statement errors the server answered (a refused {@code ALGORITHM=INSTANT}, a lock wait timeout,
 * a duplicate key ...) never cost the connection: see {@link MySqlStatementErrors}.
 *
 * <p>Before the pool is built, one connection is opened and closed with a connect time-out of
 * {@value #CONNECT_TIMEOUT_MS} ms, so that a login the server refuses, an unknown host or a closed
 * port fail at once with the server's own message instead of after the pool's retries; the pool's
 * connections use the same connect time-out.
 */
public final class MySqlDataSourceFactory implements DataSourceFactory {
    /** Above core's unpooled fallback. */
    public static final int PRIORITY = 100;
    /** How long, in milliseconds, a new connection may take to reach the server and log in. */
    public static final int CONNECT_TIMEOUT_MS = 10_000;

    @Override
    public int priority(org.civiupgrade.Site site) {
        return PRIORITY;
    }

    /**
     * A pool of at most eight connections, after one probing login.
     *
     * @throws UpgradeException {@link ErrorCode#DATABASE_ACCESS_DENIED} when the server refuses the
     *                          login or the database, {@link ErrorCode#DATABASE_UNREACHABLE} when no
     *                          server answers; the message quotes the server, never the password
     */
    @Override
    public DataSource open(DatabaseCoordinates coordinates) {
        return pool(coordinates, 8);
    }

    /**
     * A pool of at most {@code maxConnections} connections (backups use one per worker plus two,
     * restores one per worker plus one), after one probing login ({@link #probe}).
     *
     * @throws UpgradeException as {@link #probe} does
     */
    public static HikariDataSource pool(DatabaseCoordinates c, int maxConnections) {
        probe(c);
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
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_MS));
        return new HikariDataSource(config);
    }

    /**
     * Opens one connection to the coordinates and closes it, within {@link #CONNECT_TIMEOUT_MS}.
     *
     * @param c where to log in
     * @throws UpgradeException {@link ErrorCode#DATABASE_ACCESS_DENIED} when the server refuses the
     *                          login or the database (wrong user or password, no rights, unknown
     *                          database, host not allowed), {@link ErrorCode#DATABASE_UNREACHABLE}
     *                          when no server answers (unknown host, closed port, time-out, TLS,
     *                          too many connections), {@link ErrorCode#DATABASE_ERROR} otherwise;
     *                          the message quotes the server, never the password
     */
    public static void probe(DatabaseCoordinates c) {
        Properties p = new Properties();
        p.setProperty("user", c.user());
        p.setProperty("password", c.password().reveal());
        p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_MS));
        try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), p)) {
            conn.isValid(1);
        } catch (SQLException e) {
            throw ConnectFailure.classify(e, c, CONNECT_TIMEOUT_MS).orElseGet(() -> new UpgradeException(ErrorCode.DATABASE_ERROR,
                    "Connecting to " + c + " failed: " + e.getMessage() + " (SQL state " + e.getSQLState() + ", error "
                            + e.getErrorCode() + ")", e));
        }
    }
}
