package org.civiupgrade.internal.steps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.civiupgrade.CheckResult;
import org.civiupgrade.CoreOptions;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.Version;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.RestorePoint;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.slf4j.Logger;

/**
 * Runs CiviCRM's database upgrade with the configured {@link SchemaUpgrader}, then checks that
 * {@code civicrm_domain.version} equals the code version; a leftover {@code X.Y.Z.upgrade} is a
 * partially upgraded database and fails the step, and a version left unchanged although the
 * upgrader reported success means the upgrader upgraded another database (it read another
 * {@code CIVICRM_DSN}): {@link ErrorCode#UPGRADED_ANOTHER_DATABASE}, so the run rolls back.
 * Before touching the database it records
 * the compensation of the {@link RestorePoint} (the backup step's restore), so any failure
 * from here on restores the database. Output lines are logged (secrets masked) and the tasks
 * reported as progress.
 */
public final class MigrateDatabaseStep implements Step {
    private static final Logger LOG = org.civiupgrade.internal.redact.Logs.get(MigrateDatabaseStep.class);
    /** Step id. */
    public static final String ID = "migrate-database";
    /** The capability this step needs: a verified database backup taken earlier in the run. */
    public static final String REQUIRES = "database-backup";
    private static final Pattern REVISION_TASK = Pattern.compile("Upgrade DB to (\\S+?):? SQL|Upgrade DB to (\\S+)$");

    private final SchemaUpgrader upgrader;
    private final Version codeVersion;
    private final RestorePoint restorePoint;
    private final String upgraderChoice;
    private final org.civiupgrade.Release.@org.jspecify.annotations.Nullable MinimumUpgradable minimum;

    /**
     * @param upgrader     runs the upgrade
     * @param codeVersion  the release's version, which the database must reach
     * @param restorePoint supplies the database restore compensation (from the backup step)
     */
    public MigrateDatabaseStep(SchemaUpgrader upgrader, Version codeVersion, RestorePoint restorePoint) {
        this(upgrader, upgrader.name() + " (" + upgrader.getClass().getName() + "), given explicitly", codeVersion, restorePoint);
    }

    /**
     * @param upgraderChoice why this upgrader, for the check's report (which one the plugin rule
     *                       chose and which it passed over)
     */
    public MigrateDatabaseStep(SchemaUpgrader upgrader, String upgraderChoice, Version codeVersion, RestorePoint restorePoint) {
        this(upgrader, upgraderChoice, codeVersion, restorePoint, null);
    }

    /**
     * @param minimum the release's minimum upgradable version ({@link org.civiupgrade.Release#minimumUpgradable()}); the
     *                check blocks a database older than it, naming the intermediate releases; null for none
     */
    public MigrateDatabaseStep(SchemaUpgrader upgrader, String upgraderChoice, Version codeVersion, RestorePoint restorePoint,
                               org.civiupgrade.Release.@org.jspecify.annotations.Nullable MinimumUpgradable minimum) {
        this.minimum = minimum;
        this.upgrader = Objects.requireNonNull(upgrader, "upgrader");
        this.upgraderChoice = Objects.requireNonNull(upgraderChoice, "upgraderChoice");
        this.codeVersion = Objects.requireNonNull(codeVersion, "codeVersion");
        this.restorePoint = Objects.requireNonNull(restorePoint, "restorePoint");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Upgrade the CiviCRM database to " + codeVersion + " with " + upgrader.name();
    }

    @Override
    public Reversibility reversibility() {
        return Reversibility.RESTORE_FROM_BACKUP;
    }

    @Override
    public Set<String> requires() {
        return Set.of(REQUIRES);
    }

    @Override
    public List<CheckResult> check(PlanContext context) {
        List<CheckResult> out = new ArrayList<>();
        out.add(CheckResult.info("migrate.upgrader", "The database upgrade runs through " + upgraderChoice + "."));
        out.addAll(upgrader.check(context));
        try {
            Optional<String> v = readVersion(context.resources().civicrmDatabase(), domainId(context));
            if (v.isEmpty() || v.get().isBlank()) {
                out.add(CheckResult.blocker("db.version", "Version information missing in civicrm database.", ErrorCode.DB_VERSION_MISSING.remedy()));
            } else {
                Optional<Version> parsed = Version.tryParse(v.get());
                if (parsed.isEmpty()) {
                    out.add(CheckResult.blocker("db.version", "civicrm_domain.version '" + v.get() + "' is not a version.", ErrorCode.DB_VERSION_MISSING.remedy()));
                } else if (parsed.get().isPartialUpgrade()) {
                    out.add(CheckResult.blocker("db.version", "civicrm_domain.version is '" + v.get() + "': the database is partially upgraded.",
                            ErrorCode.DB_PARTIALLY_UPGRADED.remedy()));
                } else if (parsed.get().compareTo(codeVersion) > 0) {
                    out.add(CheckResult.blocker("db.version", "The database (" + v.get() + ") is newer than the code (" + codeVersion + ").",
                            "Install the code of version " + v.get() + " or later."));
                } else if (minimum != null && parsed.get().isBefore(minimum.version())) {
                    List<String> hops = org.civiupgrade.UpgradePaths.hops(parsed.get(), codeVersion, minimum.version());
                    out.add(CheckResult.blocker("db.minimum-version", "CiviCRM " + codeVersion + " cannot upgrade this " + v.get()
                            + " database: its minimum upgradable version is " + minimum.version() + " (from " + minimum.source()
                            + ").", "Upgrade through the intermediate release(s) " + String.join(", then ", hops) + " first ("
                            + v.get() + " -> " + String.join(" -> ", hops) + " -> " + codeVersion + "), each with its own run; "
                            + "a hop named X.Y means the last X.Y.Z release."));
                } else {
                    if (minimum != null) {
                        out.add(CheckResult.info("db.minimum-version", "The database " + v.get() + " is at least the minimum upgradable "
                                + "version " + minimum.version() + " (from " + minimum.source() + ")."));
                    }
                    out.add(CheckResult.info("db.version", "The database will be upgraded from " + v.get() + " to " + codeVersion + "."));
                }
            }
        } catch (SQLException | RuntimeException e) {
            out.add(CheckResult.blocker("db.version", "Cannot read civicrm_domain.version: " + e.getMessage(), ErrorCode.DATABASE_ERROR.remedy()));
        }
        return out;
    }

    /**
     * The upgrade and its undo; the details hold the upgrader's own dry run (e.g. the lines of
     * {@code cv upgrade:db --dry-run}) when the code folder already holds the target version (a
     * migrate-only plan). Before a code swap the installed code is the old release, whose upgrader
     * has nothing to list, so the details say that instead of running it. An upgrader's dry run
     * changes no schema and no data; cv's and the php upgrader's do build CiviCRM's upgrade queue
     * (rows of {@code civicrm_queue_item} written and removed again).
     */
    @Override
    public List<PlannedAction> preview(PlanContext context) {
        return List.of(new PlannedAction(ID, "run " + upgrader.describe(context.site()) + " to upgrade the database to " + codeVersion,
                "restore the CiviCRM tables from the run's database backup", upgraderDryRun(context)));
    }

    private List<String> upgraderDryRun(PlanContext context) {
        Optional<Version> installed = org.civiupgrade.Release.readInstalledVersion(context.site().civicrmCodeDir());
        if (installed.isEmpty() || !installed.get().equals(codeVersion)) {
            return List.of(upgrader.name() + "'s own dry run lists its tasks once the code folder holds " + codeVersion
                    + " (it holds " + installed.map(Version::toString).orElse("no readable version") + " now); run dry-run with a "
                    + "migrate-only plan after the code swap to see them.");
        }
        List<String> lines = new ArrayList<>();
        lines.add(upgrader.name() + "'s dry run:");
        try {
            upgrader.upgrade(new SchemaUpgrader.Request(context.site(), context.resources(), codeVersion, true, Duration.ofMinutes(10),
                    lines::add, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lines.add("(interrupted)");
        } catch (Exception e) {
            lines.add("The dry run of " + upgrader.name() + " failed: " + e.getMessage());
        }
        return lines;
    }

    static int domainId(PlanContext ctx) {
        return ctx.options().find(CoreOptions.CIVICRM_DOMAIN_ID).orElseGet(() -> ctx.site().attribute(CoreOptions.CIVICRM_DOMAIN_ID.name())
                .map(CoreOptions.CIVICRM_DOMAIN_ID::parse).orElse(1));
    }

    /** {@code civicrm_domain.version} of a domain, selected by column name (other columns move between versions). */
    public static Optional<String> readVersion(DataSource ds, int domainId) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT version FROM civicrm_domain WHERE id = ?")) {
            st.setInt(1, domainId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public void apply(StepContext ctx) throws Exception {
        DataSource db = ctx.resources().civicrmDatabase();
        int domainId = domainId(ctx);
        String before = readVersion(db, domainId).orElse("");
        Version from = Version.tryParse(before).orElseThrow(() -> new UpgradeException(ErrorCode.DB_VERSION_MISSING,
                "Version information missing in civicrm database (civicrm_domain.version of domain " + domainId + " is '" + before + "')."));
        if (from.isPartialUpgrade()) {
            throw new UpgradeException(ErrorCode.DB_PARTIALLY_UPGRADED, "civicrm_domain.version is '" + before
                    + "' before the upgrade: an earlier attempt stopped half-way.");
        }
        // The database changes from here on: restoring the backup undoes it.
        ctx.record(restorePoint.restoreCompensation(ctx));

        long[] tasks = {0};
        Duration timeout = Duration.ofMinutes(ctx.options().get(CoreOptions.MIGRATE_TIMEOUT_MINUTES));
        List<String> done = upgrader.upgrade(new SchemaUpgrader.Request(ctx.site(), ctx.resources(), codeVersion, false, timeout,
                line -> {
                    LOG.info("{}: {}", upgrader.name(), line);
                    Matcher m = REVISION_TASK.matcher(line.trim());
                    if (m.find() || line.trim().startsWith("Finish Upgrade DB")) {
                        ctx.progress(++tasks[0], -1, "tasks");
                    }
                }, ctx.runDir(), ctx::record));
        LOG.info("{} ran {} tasks", upgrader.name(), done.size());

        String after = readVersion(db, domainId).orElse("");
        Optional<Version> reached = Version.tryParse(after);
        if (after.equals(before) && !from.equals(codeVersion)) {
            // the upgrader reported success, yet the database that was backed up is as it was
            throw new UpgradeException(ErrorCode.UPGRADED_ANOTHER_DATABASE, upgrader.name()
                    + " ended without an error, but civicrm_domain.version of the database this run backed up ("
                    + ctx.site().civicrmDatabase() + ") is still '" + before
                    + "': the upgrader upgraded another database.", ErrorCode.UPGRADED_ANOTHER_DATABASE.remedy(), null);
        }
        if (reached.isPresent() && reached.get().isPartialUpgrade()) {
            throw new UpgradeException(ErrorCode.DB_PARTIALLY_UPGRADED, upgrader.name() + " ended, but civicrm_domain.version is '"
                    + after + "': the upgrade stopped in revision " + reached.get().withoutUpgradeMarker() + ".",
                    "The database will be restored from the backup; fix the cause shown in the log and run the upgrade again.", null);
        }
        if (reached.isEmpty() || !reached.get().equals(codeVersion)) {
            throw new UpgradeException(ErrorCode.STEP_FAILED, upgrader.name() + " ended, but civicrm_domain.version is '" + after
                    + "', not the code version " + codeVersion + ".",
                    "The database will be restored from the backup; check the upgrader's output in the log.", null);
        }
    }
}
