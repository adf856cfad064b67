package org.civiupgrade.mysql.internal;

import org.civiupgrade.spi.support.IoProblems;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;

/** Small JDBC helpers: identifier quoting, one-value queries, error wrapping. */
public final class Sql {
    private Sql() {
    }

    /** Quotes an identifier with backticks. */
    public static String q(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** {@code `schema`.`name`}. */
    public static String q(String schema, String name) {
        return q(schema) + "." + q(name);
    }

    /** Quotes a string literal (for the few statements that cannot take parameters). */
    public static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** The first column of the first row, as a string, or empty. */
    public static Optional<String> one(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Every row's columns as strings. */
    public static List<String[]> rows(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                List<String[]> out = new ArrayList<>();
                while (rs.next()) {
                    String[] row = new String[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }

    /** Runs statements. */
    public static void exec(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** The connection's default schema. */
    public static String schemaOf(Connection c) throws SQLException {
        String s = c.getCatalog();
        if (s == null || s.isEmpty()) {
            s = one(c, "SELECT DATABASE()").orElse(null);
        }
        if (s == null || s.isEmpty()) {
            throw new UpgradeException(ErrorCode.INVALID_INPUT, "The database connection has no default schema.",
                    "Name the CiviCRM database in the DSN (mysql://user:password@host/database).", null);
        }
        return s;
    }

    /**
     * Gives a connection back after a failure: a HikariCP pool evicts it (it may hold a half-read
     * stream or an open snapshot), any other pool gets it closed.
     */
    public static void discard(DataSource ds, Connection c) {
        if (c == null) {
            return;
        }
        try {
            if (ds.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
                ds.unwrap(com.zaxxer.hikari.HikariDataSource.class).evictConnection(c);
                return;
            }
        } catch (SQLException | RuntimeException ignored) {
            // fall back to closing it
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more to do
        }
    }

    /** Wraps a driver error in an {@link UpgradeException} naming what was being done (never a password). */
    public static UpgradeException error(String doing, SQLException e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (lostConnection(t)) {
                // the driver's own I/O (a killed or dropped connection reads an EOF): a database failure, not a file's
                break;
            }
            if (t instanceof java.io.IOException io && !(t instanceof java.net.SocketException)
                    && IoProblems.kind(io) != IoProblems.Kind.OTHER) {
                // a file of the backup or restore failed, not the database: say which and how to fix it
                return IoProblems.failure(ErrorCode.FILE_ERROR, doing + " failed", io);
            }
        }
        String message = doing + " failed: " + e.getMessage() + " (SQL state " + e.getSQLState() + ", error " + e.getErrorCode() + ")";
        if (Checks.ACCESS_DENIED.contains(e.getErrorCode()) || e.getErrorCode() == 1449) {
            // a missing right or a missing definer: never "check the server is running"
            String remedy = e.getErrorCode() == 1449 ? Checks.remedy(e)
                    : "The server refused a right (" + Checks.cause(e) + "): as an administrator grant the database user the"
                    + " right the message names, then run again.";
            return new UpgradeException(ErrorCode.DATABASE_ERROR, message, remedy
                    + " The pre-flight check (civi-upgrade check) lists every right the run needs.", e);
        }
        return new UpgradeException(ErrorCode.DATABASE_ERROR, message, e);
    }

    /** Whether a failure is the database connection's own: SQL state class 08, Connector/J's communication exceptions or its protocol reader's I/O. */
    private static boolean lostConnection(Throwable t) {
        if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
            return true;
        }
        if (t.getClass().getName().startsWith("com.mysql.cj.") && t.getClass().getSimpleName().contains("Communications")) {
            return true;
        }
        // Connector/J reports a connection lost while streaming rows as a general error (S1000) caused by the EOF its
        // protocol reader met; that EOF is the network's, not a file's
        StackTraceElement[] at = t.getStackTrace();
        return t instanceof java.io.IOException && at.length > 0 && at[0].getClassName().startsWith("com.mysql.cj.");
    }

    /** A task that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Runs work on a pooled connection, wrapping driver errors. */
    public static <T> T with(DataSource ds, String doing, SqlFunction<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw error(doing, e);
        }
    }
}
