package org.civiupgrade.spi;

import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.BackupSummary;
import org.civiupgrade.spi.db.DatabaseCheckOptions;
import org.civiupgrade.spi.db.DatabaseLocking;
import org.civiupgrade.spi.db.DatabaseObject;
import org.civiupgrade.spi.db.ObjectScope;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.RestoreSummary;
import org.civiupgrade.spi.db.SqlDumpExport;
import org.civiupgrade.spi.db.VerifyOptions;
import org.civiupgrade.spi.db.VerifyReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Version;

/**
 * Everything civi-upgrade does to a site's database server: pre-flight checks, telling
 * CiviCRM's objects from the CMS's in a shared database, a verified backup, full and selective
 * restore, and reading (or, on request, repairing) {@code civicrm_domain.version}. Registered
 * with {@link java.util.ServiceLoader} ({@code META-INF/services} and {@code provides}); civi-upgrade-mysql
 * provides the MySQL/MariaDB dialect. One dialect serves a whole run (checks, backup, database lock,
 * restore, rehearsal); steps and compensations get it from {@link SiteResources#dialect()}. Which
 * one: the {@code Upgrade.Builder} override wins; otherwise every installed provider (library and context
 * class loaders) is asked its priority for the site, a negative one drops it, the highest wins and
 * equal priorities are ordered by class name (see {@link #priority(Site)}).
 *
 * <p>Every method works on a {@link DataSource} whose default schema is the CiviCRM database.
 * Optional capabilities are separate interfaces ({@link SqlDumpExport}, {@link DatabaseLocking})
 * that a dialect implements when it can.
 */
public interface DatabaseDialect {
    /** Short name, e.g. {@code mysql}. */
    String name();

    /**
     * How well this dialect fits the site's databases: {@code 0} to {@code 1000}, higher wins
     * (civi-upgrade-mysql uses {@code 100} for MySQL/MariaDB coordinates); a negative value means
     * "not for this site" and the dialect is never chosen for it (unless given explicitly with
     * {@code Upgrade.Builder.dialect(...)}). Equal priorities are ordered by class name. Must be
     * cheap and must not connect or change anything. The default is {@code 0}.
     */
    default int priority(org.civiupgrade.Site site) {
        return 0;
    }

    /**
     * Pre-flight checks, all reported at once; never throws for a failed check (a connection
     * failure becomes a blocker too).
     */
    List<CheckResult> check(DataSource database, DatabaseCheckOptions options);

    /** Every table, view, trigger, routine and event of the database (and of the logging database), with its owner. */
    List<DatabaseObject> classify(DataSource database, ObjectScope scope);

    /**
     * The raw {@code civicrm_domain.version} of the domain, read by column name; empty when the
     * column is missing, NULL or blank.
     *
     * @throws org.civiupgrade.UpgradeException when {@code civicrm_domain} cannot be read
     */
    Optional<String> readVersion(DataSource database, int domainId);

    /**
     * The documented troubleshooting fix for "Version information missing in civicrm database":
     * sets {@code civicrm_domain.version} of the domain to {@code version}, only when it is missing.
     *
     * @return true when the value was set, false when a version was already present (nothing changed)
     */
    boolean repairMissingVersion(DataSource database, int domainId, Version version);

    /**
     * Backs the database up into {@code directory} (created, owner-only). The backup counts only
     * once its manifest has been written, which happens last.
     */
    BackupSummary backup(DataSource database, Path directory, BackupOptions options);

    /**
     * Proves a backup restores: restores it into a scratch schema on the same server, compares
     * checksums and definitions with the manifest, and drops the scratch schema.
     *
     * @throws org.civiupgrade.UpgradeException when the backup is incomplete or does not restore identically
     */
    VerifyReport verify(DataSource database, Path directory, VerifyOptions options);

    /** Restores a backup, fully or selectively ({@link RestoreOptions#mode()}). */
    RestoreSummary restore(DataSource database, Path directory, RestoreOptions options);

    /** Drops CiviCRM's objects only (never the CMS's), e.g. before restoring them by hand. */
    List<DatabaseObject> dropCivicrmObjects(DataSource database, ObjectScope scope);

    /** The version of a backup's CiviCRM database and other facts from its manifest, without touching a server. */
    BackupSummary describeBackup(Path directory);
}
