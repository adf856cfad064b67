package org.civiupgrade.spi.db;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * Optional dialect capability: a server-wide named lock, so that two processes (on different
 * hosts sharing a database) never upgrade the same site at once. The lock lives as long as the
 * connection holding it: a crashed holder releases it.
 */
public interface DatabaseLocking {
    /**
     * Takes the named lock, waiting at most {@code timeout}.
     *
     * @return a handle that releases the lock (and its connection) when closed
     * @throws org.civiupgrade.UpgradeException {@link org.civiupgrade.ErrorCode#SITE_LOCKED} when another session holds it
     */
    Lock acquire(DataSource database, String name, Duration timeout);

    /** A held lock. */
    interface Lock extends AutoCloseable {
        /** The name as taken on the server. */
        String name();

        @Override
        void close();
    }
}
