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
    /** Logins that failed: never tried again by these resources (a refused password stays refused). */
    private final Map<String, UpgradeException> refused = new LinkedHashMap<>();

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

    /**
     * Opens every database the site names (CiviCRM's, the CMS's, a separate logging database) and
     * logs in once to each, so that a refused login or an unreachable server is reported at once,
     * before anything is changed. Only with a database dialect for the run: without one (no database
     * module installed) nothing of the engine's own uses the databases, and they are opened only
     * when a step asks for them.
     *
     * @throws UpgradeException {@link ErrorCode#DATABASE_ACCESS_DENIED} or
     *                          {@link ErrorCode#DATABASE_UNREACHABLE} (or {@link ErrorCode#DATABASE_ERROR}
     *                          when the cause is unknown), naming the database and the settings that hold it
     */
    public synchronized void requireReachable() {
        if (dialect.isEmpty()) {
            return;
        }
        List<DatabaseCoordinates> all = new java.util.ArrayList<>(List.of(site.civicrmDatabase(), site.cmsDatabase()));
        site.civicrmLoggingDatabase().ifPresent(all::add);
        for (DatabaseCoordinates c : all) {
            DataSource ds = get(c);
            try (Connection conn = ds.getConnection()) {
                conn.isValid(1);
            } catch (SQLException e) {
                ErrorCode code = "28000".equals(e.getSQLState()) ? ErrorCode.DATABASE_ACCESS_DENIED
                        : String.valueOf(e.getMessage()).startsWith("No suitable driver") ? ErrorCode.NO_DATABASE_DRIVER
                        : ErrorCode.DATABASE_UNREACHABLE;
                UpgradeException u = new UpgradeException(code, "Cannot connect to " + c + ": " + e.getMessage(), code.remedy(), e);
                throw remember(c, u);
            }
        }
    }

    private DataSource get(DatabaseCoordinates c) {
        String key = key(c);
        UpgradeException failed = refused.get(key);
        if (failed != null) {
            throw failed;
        }
        DataSource ds = open.get(key);
        if (ds == null) {
            try {
                ds = factory().map(f -> f.open(c)).orElseGet(() -> new DriverManagerDataSource(c));
            } catch (UpgradeException e) {
                throw remember(c, e);
            }
            open.put(key, ds);
        }
        return ds;
    }

    /** One data source per login: the same database reached with another password is another login. */
    private static String key(DatabaseCoordinates c) {
        return c.jdbcUrl() + "|" + c.user() + "|" + Integer.toHexString(c.password().reveal().hashCode());
    }

    /** Names the database's role and settings in a login failure, and keeps it so that it is not retried. */
    private UpgradeException remember(DatabaseCoordinates c, UpgradeException e) {
        if (e.code() != ErrorCode.DATABASE_ACCESS_DENIED && e.code() != ErrorCode.DATABASE_UNREACHABLE) {
            return e;
        }
        String prefix = "Cannot connect to ";
        String message = e.getMessage().startsWith(prefix) ? prefix + roleOf(c) + " " + e.getMessage().substring(prefix.length())
                : roleOf(c) + " " + c + ": " + e.getMessage();
        UpgradeException named = new UpgradeException(e.code(), message, e.remedy() + " The settings: " + settingsOf(c) + ".",
                e.getCause() == null ? e : e.getCause());
        refused.put(key(c), named);
        return named;
    }

    private String roleOf(DatabaseCoordinates c) {
        List<String> roles = new java.util.ArrayList<>();
        if (key(c).equals(key(site.civicrmDatabase()))) {
            roles.add("CiviCRM");
        }
        if (key(c).equals(key(site.cmsDatabase()))) {
            roles.add(site.cmsName());
        }
        if (site.civicrmLoggingDatabase().map(l -> key(l).equals(key(c))).orElse(false)) {
            roles.add("CiviCRM logging");
        }
        return "the " + (roles.isEmpty() ? "" : String.join(" and ", roles) + " ") + "database";
    }

    private String settingsOf(DatabaseCoordinates c) {
        List<String> where = new java.util.ArrayList<>();
        if (key(c).equals(key(site.civicrmDatabase()))) {
            where.add("CIVICRM_DSN in " + site.civicrmSettingsFile());
        }
        if (key(c).equals(key(site.cmsDatabase()))) {
            where.add((site.cmsName().toLowerCase(java.util.Locale.ROOT).startsWith("drupal") ? "$databases in " + site.siteDir().resolve("settings.php")
                    + " and " : "") + "CIVICRM_UF_DSN in " + site.civicrmSettingsFile());
        }
        if (site.civicrmLoggingDatabase().map(l -> key(l).equals(key(c))).orElse(false)) {
            where.add("CIVICRM_LOGGING_DSN in " + site.civicrmSettingsFile());
        }
        return where.isEmpty() ? "the site's database settings" : String.join("; ", where);
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
