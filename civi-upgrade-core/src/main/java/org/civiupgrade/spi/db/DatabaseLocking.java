package org.civiupgrade.spi.db;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * Optional dialect capability: a server-wide named lock, so that two processes (on different
 * hosts sharing a database) never upgrade the same site at once. The lock lives as long as the
 * connection holding it: a crashed holder releases it. A dialect keeps that connection alive while
 * the lock is held and lets the engine ask whether it still is ({@link Lock#requireHeld()}).
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

        /**
         * Confirms that the lock is still held, asking the server when the dialect can (the engine
         * calls this before each step and after journaling each change, so that a run whose lock
         * was lost stops before its next change). The default, for locks that cannot be lost while
         * their process lives, does nothing.
         *
         * @throws org.civiupgrade.UpgradeException {@link org.civiupgrade.ErrorCode#DATABASE_LOCK_LOST}
         *                                          naming the cause (the connection ended, another session holds it)
         */
        default void requireHeld() {
        }

        @Override
        void close();
    }
}
