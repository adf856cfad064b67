package org.civiupgrade.mysql;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.civiupgrade.CheckResult;
import org.civiupgrade.CoreOptions;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.spi.DatabaseDialect;
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
 * <p>Options: {@link MySqlOptions} ({@code database.verify}, {@code database.workers},
 * {@code database.civicrmOnly}, {@code database.compression}), and the core's
 * {@link CoreOptions#TARGET_VERSION} (the target CiviCRM version, for the checks) and
 * {@link CoreOptions#CIVICRM_DOMAIN_ID}.
 *
 * <p>Checks, backup and verification use the run's dialect ({@link PlanContext#dialect()}), so a
 * MySQL-family dialect given with {@code Upgrade.Builder.dialect(...)} reuses this step.
 */
public final class DatabaseBackupStep implements org.civiupgrade.spi.Step, org.civiupgrade.spi.RestorePoint {
    /** The capability this step provides. */
    public static final String CAPABILITY = "database-backup";
    /** The backup folder inside the run folder. */
    public static final String BACKUP_FOLDER = "database";
    /** Key of {@link org.civiupgrade.CoreOptions#TARGET_VERSION}. */
    public static final String OPTION_TARGET = org.civiupgrade.spi.PlanOptions.TARGET_VERSION;
    /** Key of {@link MySqlOptions#VERIFY}. */
    public static final String OPTION_VERIFY = "database.verify";
    /** Key of {@link MySqlOptions#WORKERS}. */
    public static final String OPTION_WORKERS = "database.workers";
    /** Key of {@link org.civiupgrade.CoreOptions#CIVICRM_DOMAIN_ID} (also read from the site attribute of that name). */
    public static final String OPTION_DOMAIN_ID = "civicrm.domainId";
    /** Key of {@link MySqlOptions#CIVICRM_ONLY}. */
    public static final String OPTION_CIVICRM_ONLY = "database.civicrmOnly";
    /** Key of {@link MySqlOptions#COMPRESSION}. */
    public static final String OPTION_COMPRESSION = "database.compression";

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
        DatabaseCheckOptions o = new DatabaseCheckOptions(context.options().find(CoreOptions.TARGET_VERSION),
                domainId(context), SiteDatabases.scope(context.site()), java.util.Optional.of(context.runDir()));
        List<CheckResult> out = new ArrayList<>(context.dialect().check(context.resources().civicrmDatabase(), o));
        if (SiteDatabases.loggingOnOtherServer(context.site())) {
            out.add(CheckResult.warning("mysql.logging", "CIVICRM_LOGGING_DSN points at another server; its log tables are not"
                    + " part of this backup.", "Back up the logging database separately before the upgrade."));
        }
        return out;
    }

    private static int domainId(PlanContext context) {
        return context.options().find(CoreOptions.CIVICRM_DOMAIN_ID).or(() -> context.site().attribute(OPTION_DOMAIN_ID)
                .map(CoreOptions.CIVICRM_DOMAIN_ID::parse)).orElse(1);
    }

    /**
     * The compensation a database-changing step records before it starts (e.g. core's
     * migrate step, given this step as its {@link org.civiupgrade.spi.RestorePoint}).
     */
    @Override
    public org.civiupgrade.spi.Compensation restoreCompensation(StepContext context) {
        int workers = context.options().get(MySqlOptions.WORKERS);
        return new RestoreCivicrmFromBackup(BACKUP_FOLDER, workers);
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        Path dir = context.runDir().resolve(BACKUP_FOLDER);
        return List.of(new PlannedAction(id(), "Back up database " + context.site().civicrmDatabase().database()
                + SiteDatabases.loggingDatabase(context.site()).map(l -> " and logging database " + l).orElse("")
                + " into " + dir + (context.options().get(MySqlOptions.VERIFY)
                ? ", then restore it into a scratch schema and compare (or, when the user may not create one, decode every"
                + " data file and compare it with the manifest)" : ""),
                "nothing: the backup stays in the run folder"));
    }

    @Override
    public void apply(StepContext context) {
        Path dir = context.runDir().resolve(BACKUP_FOLDER);
        int workers = context.options().get(MySqlOptions.WORKERS);
        DatabaseDialect dialect = context.dialect();
        BackupSummary s = dialect.backup(context.resources().civicrmDatabase(), dir,
                new BackupOptions(SiteDatabases.scope(context.site()), context.options().get(MySqlOptions.CIVICRM_ONLY), workers,
                        domainId(context), context::progress, context.options().get(MySqlOptions.COMPRESSION)));
        if (context.options().get(MySqlOptions.VERIFY)) {
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
