package org.civiupgrade.mysql.internal;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.db.DatabaseLocking;

/** {@code GET_LOCK} on a dedicated connection; the server releases it when the connection ends. */
public final class NamedLock implements DatabaseLocking.Lock {
    private final Connection connection;
    private final String name;

    private NamedLock(Connection connection, String name) {
        this.connection = connection;
        this.name = name;
    }

    /** The server-side name: readable, at most 64 characters (MySQL 5.7+'s limit). */
    public static String serverName(String name) {
        String hash = Hashing.sha256().hashString(name, StandardCharsets.UTF_8).toString().substring(0, 16);
        String readable = name.replaceAll("[^A-Za-z0-9._-]", "_");
        String head = "civi-upgrade:" + readable;
        return (head.length() > 46 ? head.substring(0, 46) : head) + ":" + hash;
    }

    /** Takes the lock. */
    public static NamedLock acquire(DataSource ds, String name, Duration timeout) {
        String server = serverName(name);
        Connection c = null;
        try {
            c = ds.getConnection();
            try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
                ps.setString(1, server);
                ps.setLong(2, Math.max(0, timeout.toSeconds()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    int r = rs.getInt(1);
                    if (rs.wasNull() || r != 1) {
                        throw new UpgradeException(ErrorCode.SITE_LOCKED, "Another session holds the database lock " + server
                                + " (another civi-upgrade run on this site, possibly from another host).");
                    }
                }
            }
            return new NamedLock(c, server);
        } catch (SQLException e) {
            close(c);
            throw Sql.error("Taking the database lock " + server, e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing to do
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        try (PreparedStatement ps = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            ps.setString(1, name);
            ps.executeQuery().close();
        } catch (SQLException ignored) {
            // closing the connection below releases it too
        } finally {
            close(connection);
        }
    }
}
