package org.civiupgrade.spi;

import javax.sql.DataSource;
import org.civiupgrade.DatabaseCoordinates;

/**
 * Opens connections to a site's database. Found with {@link java.util.ServiceLoader}; the
 * factory with the highest {@link #priority()} wins. civi-upgrade-mysql provides a pooled one;
 * core falls back to {@link java.sql.DriverManager} when none is installed.
 */
public interface DataSourceFactory {
    /** Higher wins. */
    int priority();

    /** A data source for the coordinates; the caller closes it if it is {@link AutoCloseable}. */
    DataSource open(DatabaseCoordinates coordinates);
}
