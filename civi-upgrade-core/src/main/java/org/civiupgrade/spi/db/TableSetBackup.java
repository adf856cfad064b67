package org.civiupgrade.spi.db;

import org.civiupgrade.spi.DatabaseDialect;
import java.nio.file.Path;
import java.util.Collection;
import javax.sql.DataSource;

/**
 * Optional {@link DatabaseDialect} capability: a backup of a named set of tables of one database
 * and an exact restore of those of them that changed since. It is how the CMS tables an upgrade
 * may change (Drupal's {@code system}, {@code registry}, {@code menu_router}, {@code variable},
 * {@code cache*} ...) are put back on rollback while every other CMS table stays as it is.
 *
 * <p>Unlike {@link DatabaseDialect}, the data source's default schema is the database that holds
 * the tables, which may be the CMS database rather than CiviCRM's.
 */
public interface TableSetBackup {
    /**
     * Backs up exactly the named tables (real names, with any CMS table prefix) of the data
     * source's default schema into {@code directory} (created, owner-only), in one consistent
     * snapshot, with each table's definition, {@code AUTO_INCREMENT} counter and checksum. Names
     * that are not base tables of the schema are ignored; views, triggers and routines are not
     * part of such a backup. Only {@link BackupOptions#workers()}, {@link BackupOptions#progress()}
     * and {@link BackupOptions#compression()} are used.
     *
     * @throws org.civiupgrade.UpgradeException when a table cannot be read or the folder written
     */
    BackupSummary backupTables(DataSource database, Path directory, Collection<String> tables, BackupOptions options);

    /**
     * Puts back the tables of a {@link #backupTables} backup that changed, in place: a table whose
     * definition (ignoring the counter) or checksum differs from the backup, or that is missing, is
     * recreated and reloaded with its backed-up {@code AUTO_INCREMENT}; a table equal in definition
     * and checksum whose counter moved gets its counter back; every other table, and every table or
     * object the backup does not name, is not touched. Idempotent. Only
     * {@link RestoreOptions#progress()} is used.
     *
     * @return the tables reloaded ({@link RestoreSummary#tablesRestored()}: counter-only fixes included)
     *         and left as they were ({@link RestoreSummary#tablesUnchanged()}); nothing is ever dropped
     */
    RestoreSummary restoreChangedTables(DataSource database, Path directory, RestoreOptions options);
}
