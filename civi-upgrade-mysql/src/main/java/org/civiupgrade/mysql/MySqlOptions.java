package org.civiupgrade.mysql;

import java.util.List;
import org.civiupgrade.PlanOption;
import org.civiupgrade.spi.db.BackupOptions;

/**
 * The plan options of the MySQL module's backup ({@link DatabaseBackupStep}), for
 * {@code Upgrade.Builder#option(PlanOption, Object)}. The backup also reads the core's
 * {@link org.civiupgrade.CoreOptions#TARGET_VERSION} (the server checks) and
 * {@link org.civiupgrade.CoreOptions#CIVICRM_DOMAIN_ID}.
 */
public final class MySqlOptions {
    /** Verify the backup by restoring it into a scratch schema and comparing (default {@code true}). */
    public static final PlanOption<Boolean> VERIFY = PlanOption.flag("database.verify", true,
            "Verify the backup by restoring it into a scratch schema and comparing.");

    /** Parallel connections of the backup, its verification and the restore (default 2). */
    public static final PlanOption<Integer> WORKERS = PlanOption.integer("database.workers", 1, 2,
            "Parallel connections of the backup, its verification and a restore.");

    /**
     * Back up CiviCRM's objects only (default {@code false}: the whole schema, CMS tables included;
     * a rollback still restores CiviCRM's objects only).
     */
    public static final PlanOption<Boolean> CIVICRM_ONLY = PlanOption.flag("database.civicrmOnly", false,
            "Back up CiviCRM's objects only, not the whole schema.");

    /** The compression of the backup's data files: {@code zstd} (default) or {@code gzip} (readable by any {@code zcat}). */
    public static final PlanOption<BackupOptions.Compression> COMPRESSION = PlanOption.choice("database.compression",
            BackupOptions.Compression.class, BackupOptions.Compression.ZSTD, "Compression of the backup's data files.");

    /** Every option of the module. */
    public static final List<PlanOption<?>> ALL = List.of(VERIFY, WORKERS, CIVICRM_ONLY, COMPRESSION);

    private MySqlOptions() {
    }
}
