package org.civiupgrade.spi;

import javax.sql.DataSource;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;

/**
 * Database access for a site, opened lazily and closed by the engine at the end of a run, and
 * the database dialect selected for the run.
 */
public interface SiteResources {
    /** The CMS database (Drupal's tables). */
    DataSource cmsDatabase();

    /** The CiviCRM database (often the same schema). */
    DataSource civicrmDatabase();

    /**
     * The database dialect of this run: the one given with {@code Upgrade.Builder.dialect(...)},
     * else the installed one with the highest {@link DatabaseDialect#priority priority} for the
     * site. The same instance serves checks, backup, the database lock, restores (also when a
     * later process recovers the run: the run's journal names the dialect's class) and the
     * rehearsal. The default, for resources made outside the engine, has none.
     *
     * @throws UpgradeException {@link ErrorCode#PLAN_INVALID} when no dialect is installed or
     *                          applies to the site, naming the module to add
     */
    default DatabaseDialect dialect() {
        throw new UpgradeException(ErrorCode.PLAN_INVALID, "These site resources offer no database dialect.",
                "Put a database module such as civi-upgrade-mysql on the class path, or give one with "
                        + "Upgrade.Builder.dialect(...).", null);
    }
}
