package org.civiupgrade.mysql;

import java.util.Optional;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Site;
import org.civiupgrade.spi.db.ObjectScope;

/**
 * Which objects of a site's databases belong to the backup: the CMS table prefix, and the
 * logging database that {@code CIVICRM_LOGGING_DSN} names when it differs from CiviCRM's
 * ({@link Site#civicrmLoggingDatabase()}, set by the CMS adapter). Only a logging database on the
 * same server (same host and port) can be part of the snapshot.
 */
public final class SiteDatabases {
    private SiteDatabases() {
    }

    /** The object scope of a site. */
    public static ObjectScope scope(Site site) {
        return new ObjectScope(site.cmsDatabase().tablePrefix(), loggingDatabase(site));
    }

    /** The separate logging schema on the CiviCRM server, if any. */
    public static Optional<String> loggingDatabase(Site site) {
        DatabaseCoordinates main = site.civicrmDatabase();
        return site.civicrmLoggingDatabase().filter(log -> sameServer(main, log) && !log.database().equals(main.database()))
                .map(DatabaseCoordinates::database);
    }

    /** True when the logging DSN points at another server, which the snapshot cannot include. */
    public static boolean loggingOnOtherServer(Site site) {
        return site.civicrmLoggingDatabase().map(log -> !sameServer(site.civicrmDatabase(), log)).orElse(false);
    }

    private static boolean sameServer(DatabaseCoordinates a, DatabaseCoordinates b) {
        return a.port() == b.port() && (a.host().equalsIgnoreCase(b.host()) || (local(a.host()) && local(b.host())));
    }

    private static boolean local(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
    }
}
