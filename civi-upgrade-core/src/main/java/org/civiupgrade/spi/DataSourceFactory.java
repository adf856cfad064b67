package org.civiupgrade.spi;

import javax.sql.DataSource;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Site;

/**
 * Opens connections to a site's database. Registered with {@link java.util.ServiceLoader}; the
 * factory with the highest {@link #priority(Site)} wins (a negative one is never used, equal
 * ones are ordered by class name). civi-upgrade-mysql provides a pooled one; core falls back to
 * {@link java.sql.DriverManager} when none applies.
 */
public interface DataSourceFactory {
    /**
     * Whether, and how strongly, this factory offers itself for the site's databases: {@code 0}
     * to {@code 1000}, higher wins; negative means "not for this site". Must be cheap (no
     * connection). The default is {@code 0}.
     */
    default int priority(Site site) {
        return 0;
    }

    /** A data source for the coordinates; the caller closes it if it is {@link AutoCloseable}. */
    DataSource open(DatabaseCoordinates coordinates);
}
