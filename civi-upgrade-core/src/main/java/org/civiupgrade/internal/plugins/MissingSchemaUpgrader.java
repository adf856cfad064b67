package org.civiupgrade.internal.plugins;

import java.util.List;
import org.civiupgrade.CheckResult;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.SchemaUpgrader;

/**
 * Stands in when no installed schema upgrader applies to the site (neither {@code cv} nor, for
 * a Drupal 7 site, {@code drush} is on the PATH): its check blocks the plan, naming both ways out.
 */
final class MissingSchemaUpgrader implements SchemaUpgrader {
    static final String CHECK_ID = "upgrader.missing";
    private final List<String> installed;

    /** @param installed names of the installed upgraders, none of which applies */
    MissingSchemaUpgrader(List<String> installed) {
        this.installed = List.copyOf(installed);
    }

    @Override
    public String name() {
        return "none";
    }

    @Override
    public int priority(Site site) {
        return -1;
    }

    private String problem(Site site) {
        return "No schema upgrader applies to " + site.root() + ": cv is not on the PATH"
                + (site.cmsName().equalsIgnoreCase("drupal") ? ", nor are drush and php" : " (drush and the php runner are used for Drupal 7 sites only)")
                + (installed.isEmpty() ? "" : " (installed upgraders: " + String.join(", ", installed) + ")") + ".";
    }

    private static String remedy() {
        return "Give one with --upgrader cv|drush|php|web (and --upgrader-path) or Upgrade.Builder.upgrader(...), "
                + "or put cv (or, for a Drupal 7 site with civi-upgrade-drupal7, drush or php) on the PATH.";
    }

    @Override
    public List<CheckResult> check(PlanContext context) {
        return List.of(CheckResult.blocker(CHECK_ID, problem(context.site()), remedy()));
    }

    @Override
    public String describe(Site site) {
        return "no schema upgrader (" + problem(site) + ")";
    }

    @Override
    public List<String> upgrade(Request request) {
        throw new UpgradeException(ErrorCode.CHECK_FAILED, problem(request.site()), remedy(), null);
    }
}
