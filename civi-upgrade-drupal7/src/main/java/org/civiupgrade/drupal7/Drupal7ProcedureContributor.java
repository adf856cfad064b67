package org.civiupgrade.drupal7;

import java.util.List;
import org.civiupgrade.Site;
import org.civiupgrade.drupal7.internal.BackupDrupalTablesStep;
import org.civiupgrade.spi.ProcedureContext;
import org.civiupgrade.spi.ProcedureContributor;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.spi.Step;

/**
 * The Drupal-only part of the documented procedure, beside the standard CMS steps core builds
 * from {@link Drupal7Adapter}'s capabilities (maintenance mode, front page, integration modules,
 * caches, the report): at the end of the offline stage, a backup of the Drupal tables an upgrade
 * rewrites, restored on rollback where they changed. Contributes nothing for a site opened by
 * another adapter (or by none).
 */
public final class Drupal7ProcedureContributor implements ProcedureContributor {
    @Override
    public List<Step> steps(ProcedureStage stage, ProcedureContext context) {
        Site site = context.site();
        if (stage != ProcedureStage.OFFLINE || site.adapter().filter(Drupal7Adapter.class::isInstance).isEmpty()) {
            return List.of();
        }
        return List.of(new BackupDrupalTablesStep(site.cmsDatabase().tablePrefix()));
    }
}
