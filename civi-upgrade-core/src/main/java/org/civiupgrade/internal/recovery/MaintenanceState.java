package org.civiupgrade.internal.recovery;

import java.util.List;
import org.civiupgrade.Site;
import org.civiupgrade.spi.cms.MaintenanceModeSupport;
import org.civiupgrade.spi.support.Scopes;
import org.civiupgrade.spi.SiteResources;

/**
 * Whether the CMS is in maintenance mode. Shown, never blocking: a site may have been offline
 * before the run, so being offline alone proves nothing about the run.
 */
final class MaintenanceState {
    private MaintenanceState() {
    }

    static List<Finding> find(Site site, SiteResources resources) {
        if (site.adapter().isEmpty() || !(site.adapter().get() instanceof MaintenanceModeSupport m)) {
            return List.of();
        }
        try {
            if (m.isOffline(site, resources.cmsDatabase())) {
                return List.of(new Finding("the site is in maintenance mode", Scopes.cmsTable("variable", "maintenance_mode"),
                        "if it was online before the run, take it out of maintenance mode (Drupal: drush vset maintenance_mode 0, "
                                + "or Administration > Configuration > Development > Maintenance mode)", false));
            }
        } catch (Exception e) {
            return List.of();
        }
        return List.of();
    }
}
