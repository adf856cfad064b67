package org.civiupgrade.mysql;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.nio.file.Path;
import java.util.Objects;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.db.RestoreOptions;

/**
 * Undoes any change to CiviCRM's database objects by a selective restore from the native backup
 * that {@link DatabaseBackupStep} took: CiviCRM tables whose checksum or definition changed are
 * reloaded, AUTO_INCREMENT counters set back, tables, views, triggers and routines the upgrade
 * created since the backup are dropped (CiviCRM's snapshot tables {@code snap_civicrm_*}
 * included; in a database shared with Drupal, Drupal's are kept), every CiviCRM view, trigger,
 * routine and event is recreated; the CMS's tables are never touched. A failure is retried where a
 * retry can help (lock waits, deadlocks, a lost connection); a restore that still fails recreates
 * the backup's views and triggers before it reports. Idempotent: running it again after a partial
 * run completes it, and a second run finds every table unchanged. A step that changes the database
 * (the DB upgrade) records this before it starts. It restores with the run's dialect
 * ({@link CompensationContext#dialect()}), in a recovering process the one the journal names.
 *
 * @param backupDirectory the backup folder, relative to the run folder (usually
 *                        {@value DatabaseBackupStep#BACKUP_FOLDER}) or absolute
 * @param workers         parallel restore connections
 */
@JsonTypeName("mysql.restore-civicrm-from-backup")
public record RestoreCivicrmFromBackup(String backupDirectory, int workers) implements Compensation {
    public RestoreCivicrmFromBackup {
        Objects.requireNonNull(backupDirectory, "backupDirectory");
        workers = Math.max(1, workers);
    }

    /** The backup {@link DatabaseBackupStep} writes into the run folder, two workers. */
    public static RestoreCivicrmFromBackup ofRunBackup() {
        return new RestoreCivicrmFromBackup(DatabaseBackupStep.BACKUP_FOLDER, 2);
    }

    @Override
    public String describe() {
        return "restore the CiviCRM tables that changed from the database backup " + backupDirectory
                + ", drop the tables and objects the upgrade created since, recreate CiviCRM views, triggers and routines";
    }

    @Override
    public java.util.Set<String> touches() {
        return java.util.Set.of(org.civiupgrade.spi.support.Scopes.civicrmDatabase());
    }

    @Override
    public void apply(CompensationContext context) {
        Path dir = context.runDir().resolve(backupDirectory);
        context.dialect().restore(context.resources().civicrmDatabase(), dir,
                RestoreOptions.selective().withWorkers(workers).withProgress(context::progress));
    }
}
