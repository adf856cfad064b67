package org.civiupgrade.spi.cms;

import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.spi.ProcedureStage;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Site;
import org.civiupgrade.Version;

/**
 * A {@link CmsAdapter} capability: what an adapter can tell by reading the CMS's database, for
 * the pre-flight check and the report (CiviCRM module enabled and where, role permissions to
 * review, follow-up work after the version jump). Never changes anything. Optional.
 *
 * <p>What core does with it:
 * <ul>
 * <li>the warnings and blockers of {@link #inspect(Site, SiteResources, PlanOptions)} are part of the pre-flight
 * check ({@code UpgradePlan.check()}), on the first step of {@link ProcedureStage#OFFLINE}
 * (informational findings are left out: the check lists what needs attention);</li>
 * <li>at {@link ProcedureStage#REPORT} a step named {@code <adapter name>.post-upgrade-report},
 * changing nothing, adds the lines of {@link #report(Site, SiteResources, Version, Version)} to
 * the run's post-upgrade report ({@code UpgradeResult.report()}), section by section.</li>
 * </ul>
 */
public interface SiteInspection {
    /**
     * Findings from the CMS database, e.g. a disabled CiviCRM module as a blocker, each with its
     * fix. Never throws for a finding (an unreadable database is a blocker finding too).
     */
    List<CheckResult> inspect(Site site, DataSource cmsDatabase);

    /**
     * The findings of the pre-flight check: by default those of {@link #inspect(Site, DataSource)}.
     * An adapter overrides it for findings that need the CiviCRM database or depend on the plan's
     * options (e.g. a risk the caller accepted with an option turns a blocker into a warning).
     * Never throws for a finding.
     *
     * @param resources the site's databases
     * @param options   the plan's options
     */
    default List<CheckResult> inspect(Site site, SiteResources resources, PlanOptions options) {
        return inspect(site, resources.cmsDatabase());
    }

    /**
     * The post-upgrade report: section name (e.g. {@code permissions}, {@code action-items}) to its
     * lines, in the order they are to be shown (use a {@link java.util.LinkedHashMap}). Runs after
     * a successful upgrade; must not throw for a fact it cannot read, but say so in a line.
     * Lines never hold secrets.
     *
     * @param resources the CMS and CiviCRM databases
     * @param from      the CiviCRM version before the upgrade
     * @param to        the CiviCRM version installed
     */
    Map<String, List<String>> report(Site site, SiteResources resources, Version from, Version to);
}
