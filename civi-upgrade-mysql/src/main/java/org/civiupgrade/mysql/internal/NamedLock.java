package org.civiupgrade.mysql.internal;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.db.DatabaseLocking;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET_LOCK} on a dedicated connection; the server releases it when the connection ends.
 * The connection is kept alive while the lock is held: its session's {@code wait_timeout} is raised
 * and a daemon thread asks the server every {@link KeepAlive#pingEvery()} whether this session still
 * holds the lock ({@code IS_USED_LOCK(name) = CONNECTION_ID()}), which also resets the idle timer.
 * {@link #requireHeld()} asks the same on demand; once the lock is found lost (the connection was
 * killed, timed out, or the server restarted) it stays lost.
 */
public final class NamedLock implements DatabaseLocking.Lock {
    private static final Logger LOG = LoggerFactory.getLogger(NamedLock.class);

    /**
     * How the lock's connection is kept alive.
     *
     * @param pingEvery          how often the holder's session is asked about the lock; zero for never
     * @param sessionWaitTimeout the lock session's {@code wait_timeout}, in whole seconds (at least 1);
     *                           zero leaves the server's
     */
    public record KeepAlive(Duration pingEvery, Duration sessionWaitTimeout) {
        /** Every 30 s, and a session idle time-out of 8 hours (the server's default). */
        public static final KeepAlive DEFAULT = new KeepAlive(Duration.ofSeconds(30), Duration.ofHours(8));
    }

    private final Connection connection;
    private final String name;
    private final @Nullable ScheduledExecutorService pinger;
    private @Nullable String lost;

    private NamedLock(Connection connection, String name, KeepAlive keepAlive) {
        this.connection = connection;
        this.name = name;
        if (keepAlive.pingEvery().isZero() || keepAlive.pingEvery().isNegative()) {
            this.pinger = null;
        } else {
            this.pinger = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "civi-upgrade lock keep-alive " + name);
                t.setDaemon(true);
                return t;
            });
            long every = keepAlive.pingEvery().toMillis();
            pinger.scheduleWithFixedDelay(this::ping, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** The server-side name: readable, at most 64 characters (MySQL 5.7+'s limit). */
    public static String serverName(String name) {
        String hash = Hashing.sha256().hashString(name, StandardCharsets.UTF_8).toString().substring(0, 16);
        String readable = name.replaceAll("[^A-Za-z0-9._-]", "_");
        String head = "civi-upgrade:" + readable;
        return (head.length() > 46 ? head.substring(0, 46) : head) + ":" + hash;
    }

    /** Takes the lock, kept alive as {@link KeepAlive#DEFAULT}. */
    public static NamedLock acquire(DataSource ds, String name, Duration timeout) {
        return acquire(ds, name, timeout, KeepAlive.DEFAULT);
    }

    /** Takes the lock, kept alive as given. */
    public static NamedLock acquire(DataSource ds, String name, Duration timeout, KeepAlive keepAlive) {
        String server = serverName(name);
        Connection c = null;
        try {
            c = ds.getConnection();
            if (!keepAlive.sessionWaitTimeout().isZero()) {
                Sql.exec(c, "SET SESSION wait_timeout = " + Math.max(1, keepAlive.sessionWaitTimeout().toSeconds()));
            }
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
            return new NamedLock(c, server, keepAlive);
        } catch (SQLException e) {
            close(c);
            throw Sql.error("Taking the database lock " + server, e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    private static void close(@Nullable Connection c) {
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

    private void ping() {
        try {
            requireHeld();
        } catch (UpgradeException e) {
            LOG.error("{}", e.getMessage());
            if (pinger != null) {
                pinger.shutdown();
            }
        } catch (RuntimeException e) {
            LOG.warn("Checking the database lock {} failed: {}", name, e.toString());
        }
    }

    /**
     * Asks the holding session whether it still holds the lock.
     *
     * @throws UpgradeException {@link ErrorCode#DATABASE_LOCK_LOST} naming the cause
     */
    @Override
    public synchronized void requireHeld() {
        if (lost == null) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT IS_USED_LOCK(?), CONNECTION_ID()")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long holder = rs.getLong(1);
                    boolean free = rs.wasNull();
                    long self = rs.getLong(2);
                    if (free || holder != self) {
                        lost = free ? "the server no longer holds it for this run's session"
                                : "the server's session " + holder + " holds it now, not this run's session " + self;
                    }
                }
            } catch (SQLException e) {
                lost = "its connection ended (" + firstLine(e) + "; SQL state " + e.getSQLState() + ", error " + e.getErrorCode()
                        + "): killed, closed by the server's wait_timeout, or the server restarted";
            }
        }
        if (lost != null) {
            throw new UpgradeException(ErrorCode.DATABASE_LOCK_LOST, "The run's database lock " + name + " was lost: " + lost
                    + ". Another run could start on this site, so this one stops before its next change.");
        }
    }

    private static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }

    @Override
    public void close() {
        if (pinger != null) {
            pinger.shutdownNow();
            try {
                pinger.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
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
}
