package org.civiupgrade.drupal7.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.civiupgrade.CheckResult;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/**
 * Backs up the Drupal tables an upgrade may change ({@link UpgradeTouchedTables}) into
 * {@code <run>/}{@value #FOLDER} and records {@link RestoreDrupalTables}, so that a rollback puts
 * back exactly what CiviCRM's cache flush rebuilt and nothing else. It runs last in the offline
 * stage: the site is in maintenance mode, so no legitimate write to these tables is lost, and the
 * earlier offline steps' own undos (maintenance mode, front page, module status) run after this
 * restore. Works on Drupal's database, whether or not it is CiviCRM's.
 */
public final class BackupDrupalTablesStep implements Step {
    /** The backup folder inside the run folder. */
    public static final String FOLDER = "drupal-tables";

    private final String prefix;

    /** For a site with this Drupal table prefix ({@code ""} for none). */
    public BackupDrupalTablesStep(String prefix) {
        this.prefix = prefix == null ? "" : prefix;
    }

    @Override
    public String id() {
        return "drupal7.backup-drupal-tables";
    }

    @Override
    public String description() {
        return "Back up the Drupal tables a CiviCRM upgrade rebuilds (system, registry, menus, variable, caches)";
    }

    @Override
    public Reversibility reversibility() {
        return Reversibility.REVERSIBLE;
    }

    @Override
    public List<CheckResult> check(PlanContext context) {
        if (prefix.contains(".")) {
            return List.of(CheckResult.blocker("drupal7.table-prefix", "The Drupal table prefix '" + prefix
                    + "' names another database; the tables an upgrade rebuilds cannot be backed up there.",
                    "Use a plain table prefix, or back up Drupal's database yourself and accept the risk."));
        }
        try {
            UpgradeTouchedTables.dialect(context.resources());
        } catch (org.civiupgrade.UpgradeException e) {
            return List.of(CheckResult.blocker("drupal7.table-backup", e.getMessage(), e.remedy()));
        }
        return List.of();
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        return List.of(new PlannedAction(id(), "back up Drupal's " + String.join(", ", UpgradeTouchedTables.REBUILT)
                + " and cache* tables" + (prefix.isEmpty() ? "" : " (prefix " + prefix + ")") + " into "
                + context.runDir().resolve(FOLDER), "reload those of them that changed, exactly"));
    }

    @Override
    public void apply(StepContext context) throws Exception {
        List<String> tables;
        try (Connection c = context.resources().cmsDatabase().getConnection()) {
            tables = UpgradeTouchedTables.existing(c, prefix);
        }
        Path dir = context.runDir().resolve(FOLDER);
        UpgradeTouchedTables.dialect(context.resources()).backupTables(context.resources().cmsDatabase(), dir, tables,
                BackupOptions.defaults().withWorkers(1).withProgress(context::progress));
        context.record(new RestoreDrupalTables(FOLDER, tables, prefix));
    }
}
