package org.civiupgrade.drupal7;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.Site;
import org.civiupgrade.Version;
import org.civiupgrade.drupal7.internal.BackupDrupalTablesStep;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.ProcedureContext;
import org.civiupgrade.spi.ProcedureContributor;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/**
 * The Drupal 7 part of the documented procedure: going offline (maintenance mode on, a
 * CiviCRM front page pointed at {@code node}, integration modules disabled, then a backup of the
 * Drupal tables an upgrade rebuilds, restored on rollback where they changed), clearing caches,
 * coming back online in the reverse order (modules that were enabled, the front page, the
 * maintenance mode as it was), and the post-upgrade report. Contributes nothing for other CMSs.
 */
public final class Drupal7ProcedureContributor implements ProcedureContributor {
    @Override
    public List<Step> steps(ProcedureStage stage, ProcedureContext context) {
        Optional<Drupal7Adapter> found = adapterOf(context.site());
        if (found.isEmpty()) {
            return List.of();
        }
        Drupal7Adapter a = found.get();
        Site site = context.site();
        return switch (stage) {
            case OFFLINE -> List.of(a.maintenanceOnStep(site), a.neutralFrontPageStep(site), a.disableIntegrationModulesStep(site),
                    new BackupDrupalTablesStep(site.cmsDatabase().tablePrefix()));
            case CLEAR_CACHES -> List.of(a.clearCachesStep(site));
            case ONLINE -> List.of(a.reenableIntegrationModulesStep(site, context.targetVersion()), a.restoreFrontPageStep(site),
                    a.maintenanceOffStep(site));
            case REPORT -> List.of(reportStep(a, site, context.installedVersion(), context.targetVersion()));
            default -> List.of();
        };
    }

    private static Optional<Drupal7Adapter> adapterOf(Site site) {
        if (site.adapter().isPresent()) {
            return site.adapter().filter(Drupal7Adapter.class::isInstance).map(Drupal7Adapter.class::cast);
        }
        return "Drupal".equalsIgnoreCase(site.cmsName()) && site.cmsVersion().startsWith("7.")
                ? Optional.of(new Drupal7Adapter()) : Optional.empty();
    }

    /** A step that only adds the post-upgrade report lines (permissions, action items, Resource URL) to the result. */
    static Step reportStep(Drupal7Adapter a, Site site, Version from, Version to) {
        return new Step() {
            @Override
            public String id() {
                return "drupal7.post-upgrade-report";
            }

            @Override
            public String description() {
                return "Report role permissions to review, the Resource URL and the action items of this version jump";
            }

            @Override
            public Reversibility reversibility() {
                return Reversibility.REVERSIBLE;
            }

            @Override
            public List<PlannedAction> preview(PlanContext context) {
                return List.of(new PlannedAction(id(), "list permissions to review and action items (changes nothing)", ""));
            }

            @Override
            public void apply(StepContext context) {
                for (String line : a.postUpgradeReport(site, context.resources().cmsDatabase(), from, to)) {
                    context.report(line.startsWith("Review permission") ? "permissions" : "action-items", line);
                }
                for (String line : a.resourceUrlReport(site, context.resources().civicrmDatabase())) {
                    context.report("resource-url", line);
                }
            }
        };
    }
}
