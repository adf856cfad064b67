package org.civiupgrade.mysql;

import java.util.Optional;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.ObjectScope;

/**
 * Which objects of a site's databases belong to the backup: the CMS table prefix, and the
 * logging database that {@code CIVICRM_LOGGING_DSN} names when it differs from CiviCRM's. The
 * CMS adapter exposes the logging DSN as the site attribute {@value #LOGGING_DSN_ATTRIBUTE}; only
 * a logging database on the same server (same host and port) can be part of the snapshot.
 */
public final class SiteDatabases {
    /** Site attribute holding {@code CIVICRM_LOGGING_DSN}, when it is set and differs from {@code CIVICRM_DSN}. */
    public static final String LOGGING_DSN_ATTRIBUTE = "civicrm.loggingDsn";

    private SiteDatabases() {
    }

    /** The object scope of a site. */
    public static ObjectScope scope(Site site) {
        return new ObjectScope(site.cmsDatabase().tablePrefix(), loggingDatabase(site));
    }

    /** The separate logging schema on the CiviCRM server, if any. */
    public static Optional<String> loggingDatabase(Site site) {
        Optional<String> dsn = site.attribute(LOGGING_DSN_ATTRIBUTE).filter(s -> !s.isBlank());
        if (dsn.isEmpty()) {
            return Optional.empty();
        }
        DatabaseCoordinates main = site.civicrmDatabase();
        try {
            DatabaseCoordinates log = DatabaseCoordinates.fromDsn(dsn.get());
            if (sameServer(main, log) && !log.database().equals(main.database())) {
                return Optional.of(log.database());
            }
        } catch (UpgradeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** True when the logging DSN points at another server, which the snapshot cannot include. */
    public static boolean loggingOnOtherServer(Site site) {
        Optional<String> dsn = site.attribute(LOGGING_DSN_ATTRIBUTE).filter(s -> !s.isBlank());
        if (dsn.isEmpty()) {
            return false;
        }
        try {
            return !sameServer(site.civicrmDatabase(), DatabaseCoordinates.fromDsn(dsn.get()));
        } catch (UpgradeException e) {
            return false;
        }
    }

    private static boolean sameServer(DatabaseCoordinates a, DatabaseCoordinates b) {
        return a.port() == b.port() && (a.host().equalsIgnoreCase(b.host()) || (local(a.host()) && local(b.host())));
    }

    private static boolean local(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
    }
}
