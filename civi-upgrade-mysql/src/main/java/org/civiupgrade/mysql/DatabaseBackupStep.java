package org.civiupgrade.mysql;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.civiupgrade.CheckResult;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.Version;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.BackupSummary;
import org.civiupgrade.spi.db.DatabaseCheckOptions;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.StepContext;
import org.civiupgrade.spi.db.VerifyOptions;
import org.civiupgrade.spi.db.VerifyReport;

/**
 * Takes a verified native backup of the CiviCRM database (and the separate logging database)
 * into the run folder, {@code <run>/}{@value #BACKUP_FOLDER}, and provides the capability
 * {@value #CAPABILITY} to later steps, which record {@link RestoreCivicrmFromBackup} before they
 * change the database. The step is also the {@link org.civiupgrade.spi.RestorePoint} to hand to
 * core's database-upgrade step.
 *
 * <p>Reversibility: {@link Reversibility#REVERSIBLE} — it only adds files. It records no
 * compensation on purpose: after a rollback the backup stays in the owner-only run folder as the
 * user's copy of the database before the run (a failed backup removes its own partial data).
 *
 * <p>Options: {@value #OPTION_TARGET} (the target CiviCRM version, for the checks),
 * {@value #OPTION_VERIFY} ({@code true} by default: restore into a scratch schema and compare),
 * {@value #OPTION_WORKERS} (2), {@value #OPTION_DOMAIN_ID} (1), {@value #OPTION_CIVICRM_ONLY} ({@code false}: the whole schema,
 * CMS tables included, is backed up; a rollback still restores CiviCRM's objects only),
 * {@value #OPTION_COMPRESSION} ({@code zstd} by default, or {@code gzip} for data files any
 * {@code zcat} reads).
 */
public final class DatabaseBackupStep implements org.civiupgrade.spi.Step, org.civiupgrade.spi.RestorePoint {
    /** The capability this step provides. */
    public static final String CAPABILITY = "database-backup";
    /** The backup folder inside the run folder. */
    public static final String BACKUP_FOLDER = "database";
    /** Plan option: target version. */
    public static final String OPTION_TARGET = org.civiupgrade.spi.PlanOptions.TARGET_VERSION;
    /** Plan option: verify by restoring into a scratch schema. */
    public static final String OPTION_VERIFY = "database.verify";
    /** Plan option: parallel connections. */
    public static final String OPTION_WORKERS = "database.workers";
    /** Plan option (or site attribute): {@code CIVICRM_DOMAIN_ID} when not 1. */
    public static final String OPTION_DOMAIN_ID = "civicrm.domainId";
    /** Plan option: back up CiviCRM's objects only. */
    public static final String OPTION_CIVICRM_ONLY = "database.civicrmOnly";
    /** Plan option: {@code zstd} or {@code gzip}. */
    public static final String OPTION_COMPRESSION = "database.compression";

    private final MySqlDialect dialect = new MySqlDialect();

    @Override
    public String id() {
        return "backup-database";
    }

    @Override
    public String description() {
        return "Back up the CiviCRM database (native, consistent, verified)";
    }

    @Override
    public Reversibility reversibility() {
        return Reversibility.REVERSIBLE;
    }

    @Override
    public Set<String> provides() {
        return Set.of(CAPABILITY);
    }

    @Override
    public List<CheckResult> check(PlanContext context) {
        DatabaseCheckOptions o = new DatabaseCheckOptions(context.options().get(OPTION_TARGET).flatMap(Version::tryParse),
                domainId(context), SiteDatabases.scope(context.site()), java.util.Optional.of(context.runDir()));
        List<CheckResult> out = new ArrayList<>(dialect.check(context.resources().civicrmDatabase(), o));
        try {
            compression(context.options().get(OPTION_COMPRESSION));
        } catch (org.civiupgrade.UpgradeException e) {
            out.add(CheckResult.blocker("mysql.compression", e.getMessage(), e.remedy()));
        }
        if (SiteDatabases.loggingOnOtherServer(context.site())) {
            out.add(CheckResult.warning("mysql.logging", "CIVICRM_LOGGING_DSN points at another server; its log tables are not"
                    + " part of this backup.", "Back up the logging database separately before the upgrade."));
        }
        return out;
    }

    private static BackupOptions.Compression compression(java.util.Optional<String> value) {
        String v = value.map(String::trim).orElse("zstd");
        for (BackupOptions.Compression c : BackupOptions.Compression.values()) {
            if (c.name().equalsIgnoreCase(v)) {
                return c;
            }
        }
        throw new org.civiupgrade.UpgradeException(org.civiupgrade.ErrorCode.CHECK_FAILED, "The option " + OPTION_COMPRESSION
                + " is '" + v + "'.", "Set " + OPTION_COMPRESSION + " to zstd or gzip.", null);
    }

    private static int domainId(PlanContext context) {
        return context.options().get(OPTION_DOMAIN_ID).or(() -> context.site().attribute(OPTION_DOMAIN_ID))
                .map(String::trim).map(Integer::parseInt).orElse(1);
    }

    /**
     * The compensation a database-changing step records before it starts (e.g. core's
     * migrate step, given this step as its {@link org.civiupgrade.spi.RestorePoint}).
     */
    @Override
    public org.civiupgrade.spi.Compensation restoreCompensation(StepContext context) {
        int workers = context.options().get(OPTION_WORKERS).map(Integer::parseInt).orElse(2);
        return new RestoreCivicrmFromBackup(BACKUP_FOLDER, workers);
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        Path dir = context.runDir().resolve(BACKUP_FOLDER);
        return List.of(new PlannedAction(id(), "Back up database " + context.site().civicrmDatabase().database()
                + SiteDatabases.loggingDatabase(context.site()).map(l -> " and logging database " + l).orElse("")
                + " into " + dir + (context.options().get(OPTION_VERIFY).map(Boolean::parseBoolean).orElse(true)
                ? ", then restore it into a scratch schema and compare" : ""),
                "nothing: the backup stays in the run folder"));
    }

    @Override
    public void apply(StepContext context) {
        Path dir = context.runDir().resolve(BACKUP_FOLDER);
        int workers = context.options().get(OPTION_WORKERS).map(Integer::parseInt).orElse(2);
        BackupSummary s = dialect.backup(context.resources().civicrmDatabase(), dir,
                new BackupOptions(SiteDatabases.scope(context.site()), context.options().flag(OPTION_CIVICRM_ONLY), workers,
                        domainId(context), context::progress, compression(context.options().get(OPTION_COMPRESSION))));
        if (context.options().get(OPTION_VERIFY).map(Boolean::parseBoolean).orElse(true)) {
            VerifyReport r = dialect.verify(context.resources().civicrmDatabase(), dir,
                    new VerifyOptions(java.util.Optional.empty(), workers, context::progress));
            r.notes().forEach(context::warn);
        } else {
            context.warn("The database backup in " + dir + " was not verified (" + OPTION_VERIFY + "=false).");
        }
        if (s.lockMillis() > 1000) {
            context.warn("Writes were blocked for " + s.lockMillis() + " ms while the backup snapshot started.");
        }
    }
}
