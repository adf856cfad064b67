package org.civiupgrade.internal.engine;

import java.time.Duration;
import java.util.Optional;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.db.DatabaseLocking;
import org.slf4j.Logger;

/**
 * The second half of "one run per site": a named lock in the CiviCRM database, taken by the
 * installed dialect when it can ({@link DatabaseLocking}), so that two runs with different work
 * directories (two hosts, two users) on the same database refuse each other. The server drops
 * it when the holding connection ends, so a crash leaves no stale lock.
 */
final class DatabaseRunLock {
    private static final Logger LOG = org.civiupgrade.internal.redact.Logs.get(DatabaseRunLock.class);

    /** The held lock (or none): {@link #requireHeld()} before each change, closed at the end of the run. */
    interface Held extends AutoCloseable {
        /** No lock: the dialect offers none, or it could not be taken (the work directory's lock still applies). */
        Held NONE = new Held() {
            @Override
            public void requireHeld() {
            }

            @Override
            public void close() {
            }
        };

        /** @throws UpgradeException {@link ErrorCode#DATABASE_LOCK_LOST} when the lock was lost */
        void requireHeld();

        @Override
        void close();
    }

    private DatabaseRunLock() {
    }

    /**
     * The lock, taken by the run's dialect, or a no-op when it offers none (or none is installed);
     * {@link ErrorCode#SITE_LOCKED} when it is held elsewhere.
     */
    static Held acquire(Site site, DefaultSiteResources resources) {
        Optional<DatabaseDialect> dialect = resources.selectedDialect();
        if (dialect.isEmpty() || !(dialect.get() instanceof DatabaseLocking locking)) {
            return Held.NONE;
        }
        DatabaseCoordinates db = site.civicrmDatabase();
        String name = "site:" + db.host() + ":" + db.port() + "/" + db.database();
        try {
            DatabaseLocking.Lock lock = locking.acquire(resources.civicrmDatabase(), name, Duration.ZERO);
            return new Held() {
                @Override
                public void requireHeld() {
                    lock.requireHeld();
                }

                @Override
                public void close() {
                    lock.close();
                }
            };
        } catch (UpgradeException e) {
            if (e.code() == ErrorCode.SITE_LOCKED || e.code() == ErrorCode.DATABASE_ACCESS_DENIED
                    || e.code() == ErrorCode.DATABASE_UNREACHABLE) {
                throw e;
            }
            LOG.warn("Cannot take the database lock (the work directory's lock still applies): {}", e.getMessage());
            return Held.NONE;
        }
    }
}
