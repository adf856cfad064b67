package org.civiupgrade.mysql;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Version;
import org.civiupgrade.mysql.internal.Backup;
import org.civiupgrade.mysql.internal.Checks;
import org.civiupgrade.mysql.internal.DomainVersion;
import org.civiupgrade.mysql.internal.Inventory;
import org.civiupgrade.mysql.internal.Manifest;
import org.civiupgrade.mysql.internal.MinimumVersions;
import org.civiupgrade.mysql.internal.NamedLock;
import org.civiupgrade.mysql.internal.Restore;
import org.civiupgrade.mysql.internal.Sql;
import org.civiupgrade.mysql.internal.SqlDump;
import org.civiupgrade.mysql.internal.TableSetRestore;
import org.civiupgrade.mysql.internal.Verify;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.BackupSummary;
import org.civiupgrade.spi.db.DatabaseCheckOptions;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.db.DatabaseLocking;
import org.civiupgrade.spi.db.DatabaseObject;
import org.civiupgrade.spi.db.ObjectScope;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.RestoreSummary;
import org.civiupgrade.spi.db.SqlDumpExport;
import org.civiupgrade.spi.db.TableSetBackup;
import org.civiupgrade.spi.db.VerifyOptions;
import org.civiupgrade.spi.db.VerifyReport;

/**
 * The MySQL/MariaDB {@link DatabaseDialect}, tested on MariaDB 11.4 (MySQL 5.7/8 differences:
 * {@code local_infile} is OFF by default on MySQL 8 and is checked; {@code SHOW GRANTS} formats of
 * both are parsed; the rest is untested on MySQL). Also a {@link SqlDumpExport} and a
 * {@link DatabaseLocking} ({@code GET_LOCK}) and a {@link TableSetBackup} (the CMS tables an upgrade may change).
 *
 * <p>The backup is a folder: {@code manifest.json} (written last; a folder without it is never
 * used) and {@code data/*.tsv.zst}, one zstd file per table in the {@code LOAD DATA} text format
 * ({@code .tsv.gz}, gzip, with {@link org.civiupgrade.spi.db.BackupOptions.Compression#GZIP} or where
 * zstd's native library does not load; restore reads both), every file readable by its owner only.
 */
public final class MySqlDialect implements DatabaseDialect, SqlDumpExport, DatabaseLocking, TableSetBackup {
    /**
     * The priority of this dialect for every site: CiviCRM runs on MySQL/MariaDB only, so a
     * dialect for a MySQL-family variant (e.g. one backing up with xtrabackup) outranks it with a
     * higher value, or is given with {@code Upgrade.Builder.dialect(...)}.
     */
    public static final int PRIORITY = 100;

    private final NamedLock.KeepAlive lockKeepAlive;

    /** The dialect, its database lock kept alive every 30 s with an 8-hour session idle time-out. */
    public MySqlDialect() {
        this(NamedLock.KeepAlive.DEFAULT);
    }

    private MySqlDialect(NamedLock.KeepAlive lockKeepAlive) {
        this.lockKeepAlive = lockKeepAlive;
    }

    /**
     * This dialect with another keep-alive for the run's database lock ({@link #acquire}): for a
     * server that ends idle sessions sooner than every 30 s, or for tests.
     *
     * @param pingEvery          how often the lock's session asks whether it still holds the lock
     *                           (which also keeps it from idling out); zero for never
     * @param sessionWaitTimeout the {@code wait_timeout} set on the lock's session (whole seconds,
     *                           at least one); zero keeps the server's
     * @return a new dialect; this one is unchanged
     */
    public MySqlDialect withLockKeepAlive(Duration pingEvery, Duration sessionWaitTimeout) {
        return new MySqlDialect(new NamedLock.KeepAlive(pingEvery, sessionWaitTimeout));
    }

    @Override
    public String name() {
        return "mysql";
    }

    /** {@value #PRIORITY}: a site's databases are MySQL/MariaDB ({@link org.civiupgrade.DatabaseCoordinates}). */
    @Override
    public int priority(org.civiupgrade.Site site) {
        return PRIORITY;
    }

    @Override
    public List<CheckResult> check(DataSource database, DatabaseCheckOptions options) {
        return Checks.run(database, options);
    }

    @Override
    public List<DatabaseObject> classify(DataSource database, ObjectScope scope) {
        return Sql.with(database, "Listing the database objects", c -> Inventory.list(c, scope));
    }

    @Override
    public Optional<String> readVersion(DataSource database, int domainId) {
        return Sql.with(database, "Reading civicrm_domain.version", c -> DomainVersion.read(c, domainId));
    }

    @Override
    public boolean repairMissingVersion(DataSource database, int domainId, Version version) {
        return Sql.with(database, "Setting the missing civicrm_domain.version", c -> DomainVersion.repair(c, domainId, version.toString()));
    }

    @Override
    public BackupSummary backup(DataSource database, Path directory, BackupOptions options) {
        return Backup.run(database, directory, options);
    }

    @Override
    public VerifyReport verify(DataSource database, Path directory, VerifyOptions options) {
        return Verify.run(database, directory, options);
    }

    @Override
    public RestoreSummary restore(DataSource database, Path directory, RestoreOptions options) {
        return Restore.run(database, directory, options, Map.of());
    }

    @Override
    public BackupSummary backupTables(DataSource database, Path directory, java.util.Collection<String> tables, BackupOptions options) {
        return Backup.run(database, directory, options.withCivicrmOnly(false).withScope(ObjectScope.plain()),
                java.util.Set.copyOf(tables));
    }

    @Override
    public RestoreSummary restoreChangedTables(DataSource database, Path directory, RestoreOptions options) {
        return TableSetRestore.run(database, directory, options);
    }

    @Override
    public List<DatabaseObject> dropCivicrmObjects(DataSource database, ObjectScope scope) {
        return Sql.with(database, "Dropping CiviCRM's objects", c -> {
            List<DatabaseObject> dropped = new ArrayList<>();
            Sql.exec(c, "SET SESSION foreign_key_checks = 0");
            try {
                for (DatabaseObject o : Inventory.list(c, scope)) {
                    if (!o.civicrm()) {
                        continue;
                    }
                    String what = switch (o.kind()) {
                        case TABLE -> "TABLE";
                        case VIEW -> "VIEW";
                        case TRIGGER -> "TRIGGER";
                        case FUNCTION -> "FUNCTION";
                        case PROCEDURE -> "PROCEDURE";
                        case EVENT -> "EVENT";
                    };
                    Sql.exec(c, "DROP " + what + " IF EXISTS " + Sql.q(o.schema(), o.name()));
                    dropped.add(o);
                }
            } finally {
                Sql.exec(c, "SET SESSION foreign_key_checks = 1");
            }
            return dropped;
        });
    }

    /**
     * Pre-flight for a restore on this server: the storage engines the backup's tables use (ARCHIVE
     * log tables) and {@code local_infile}. Never throws for a failed check.
     */
    public List<CheckResult> checkRestorable(DataSource database, Path directory) {
        Manifest m = Manifest.read(directory);
        return Sql.with(database, "Checking the server can restore " + directory, c -> Checks.restorable(c, m));
    }

    @Override
    public BackupSummary describeBackup(Path directory) {
        Manifest m = Manifest.read(directory);
        int tables = 0;
        long rows = 0;
        long data = 0;
        long file = 0;
        for (Manifest.SchemaEntry s : m.schemas()) {
            for (Manifest.TableEntry t : s.tables()) {
                tables++;
                rows += t.rows();
                data += t.dataBytes();
                file += t.fileBytes();
            }
        }
        return new BackupSummary(directory, m.serverVersion(), Optional.ofNullable(m.civicrmVersion()), tables, rows, data, file,
                m.lockMillis());
    }

    @Override
    public void writeSqlDump(Path backupDirectory, OutputStream out) {
        SqlDump.write(backupDirectory, out);
    }

    @Override
    public Lock acquire(DataSource database, String name, Duration timeout) {
        return NamedLock.acquire(database, name, timeout, lockKeepAlive);
    }

    /**
     * The minimum {@code civicrm_domain.version} the target release upgrades, as documented, when known.
     */
    public static Optional<Version> minimumUpgradableVersion(Version target) {
        return MinimumVersions.minimumFor(target);
    }

    /** The releases to upgrade through, in order, before {@code target} accepts a {@code current} database. */
    public static List<String> upgradeHops(Version current, Version target) {
        return MinimumVersions.hops(current, target);
    }
}
