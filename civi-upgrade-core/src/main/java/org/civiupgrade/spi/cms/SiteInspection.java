package org.civiupgrade.spi.cms;

import org.civiupgrade.spi.CmsAdapter;
import java.util.List;
import javax.sql.DataSource;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Site;
import org.civiupgrade.Version;

/**
 * A {@link CmsAdapter} capability: what an adapter can tell by reading the CMS's database, for
 * the pre-flight check and the report (CiviCRM module enabled and where, role permissions to
 * review, follow-up work after the version jump). Never changes anything.
 */
public interface SiteInspection {
    /** Findings from the CMS database, e.g. a disabled CiviCRM module as a blocker. Never throws for a finding. */
    List<CheckResult> inspect(Site site, DataSource cmsDatabase);

    /** Lines for the post-upgrade report: role permissions to review and action items for this jump. */
    List<String> postUpgradeReport(Site site, DataSource cmsDatabase, Version from, Version to);
}
