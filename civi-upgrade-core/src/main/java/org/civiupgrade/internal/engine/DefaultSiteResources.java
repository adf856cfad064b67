package org.civiupgrade.internal.engine;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.internal.plugins.Plugins;
import org.civiupgrade.spi.DataSourceFactory;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.SiteResources;

/**
 * Opens the site's data sources on first use, shares one when the CMS and CiviCRM use the
 * same database, closes them all at the end of a run, and holds the run's database dialect.
 */
public final class DefaultSiteResources implements SiteResources, AutoCloseable {
    private final Site site;
    private final Optional<DatabaseDialect> dialect;
    private final Map<String, DataSource> open = new LinkedHashMap<>();

    /** With the installed dialect that fits the site best ({@link Plugins#dialect}). */
    public DefaultSiteResources(Site site) {
        this(site, Plugins.installed().dialect(site, null));
    }

    /** @param dialect the dialect selected for the run, or empty when none is installed */
    public DefaultSiteResources(Site site, Optional<DatabaseDialect> dialect) {
        this.site = site;
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    @Override
    public DatabaseDialect dialect() {
        return dialect.orElseThrow(() -> new UpgradeException(ErrorCode.PLAN_INVALID, "No installed database dialect applies to "
                + "the CiviCRM database " + site.civicrmDatabase().database() + " (installed: "
                + describe(Plugins.installed().names(DatabaseDialect.class)) + ").",
                "Put a database module such as civi-upgrade-mysql on the class path, or give one with "
                        + "Upgrade.Builder.dialect(...).", null));
    }

    /** The run's dialect, empty when none is installed. */
    public Optional<DatabaseDialect> selectedDialect() {
        return dialect;
    }

    private static String describe(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    @Override
    public synchronized DataSource cmsDatabase() {
        return get(site.cmsDatabase());
    }

    @Override
    public synchronized DataSource civicrmDatabase() {
        return get(site.civicrmDatabase());
    }

    private DataSource get(DatabaseCoordinates c) {
        String key = c.jdbcUrl() + "|" + c.user();
        return open.computeIfAbsent(key, k -> factory().map(f -> f.open(c)).orElseGet(() -> new DriverManagerDataSource(c)));
    }

    private Optional<DataSourceFactory> factory() {
        return Plugins.installed().dataSourceFactory(site);
    }

    /**
     * Closes the data sources handed out so far, so that connections whose session a failed step
     * or upgrader may have changed ({@code time_zone}, {@code autocommit}, {@code sql_mode}, table
     * locks, an open transaction) are gone, with their locks, before anything else runs; later
     * calls open new ones. The run's database lock lives in data sources of its own.
     */
    public synchronized void renew() {
        close();
    }

    @Override
    public synchronized void close() {
        for (DataSource ds : open.values()) {
            if (ds instanceof AutoCloseable ac) {
                try {
                    ac.close();
                } catch (Exception ignored) {
                    // a pool that fails to close cannot hurt the site any more
                }
            }
        }
        open.clear();
    }

    /** Unpooled fallback used when no {@link DataSourceFactory} is installed. */
    static final class DriverManagerDataSource implements DataSource {
        private final DatabaseCoordinates c;

        DriverManagerDataSource(DatabaseCoordinates c) {
            this.c = c;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Properties p = new Properties();
            p.setProperty("user", c.user());
            p.setProperty("password", c.password().reveal());
            Connection conn = DriverManager.getConnection(c.jdbcUrl(), p);
            try (var st = conn.createStatement()) {
                st.execute("SET NAMES utf8mb4");
                st.execute("SET time_zone = '+00:00'");
            }
            return conn;
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("use getConnection()");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // not used
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // not used
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("not a wrapper for " + iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }
    }
}
