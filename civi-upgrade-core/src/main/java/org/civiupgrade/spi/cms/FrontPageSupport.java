package org.civiupgrade.spi.cms;

import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.spi.Step;
import org.civiupgrade.Site;

/**
 * A {@link CmsAdapter} capability: the CMS front page. A front page served by CiviCRM breaks
 * while CiviCRM's code and database disagree, so the documented procedure points it at a CMS
 * page during the upgrade and restores it afterwards. Optional: without it the procedure leaves
 * the front page alone.
 *
 * <p>What core does with it: at {@link ProcedureStage#OFFLINE} the step of
 * {@link #neutralFrontPageStep(Site)} follows the maintenance-on step; at
 * {@link ProcedureStage#ONLINE} the step of {@link #restoreFrontPageStep(Site)} precedes the
 * maintenance-off step. Which paths count as served by CiviCRM, and which CMS page replaces
 * them, is the adapter's to decide.
 */
public interface FrontPageSupport {
    /** A step that moves a CiviCRM front page to a CMS page (no change otherwise), recording the exact previous value. */
    Step neutralFrontPageStep(Site site);

    /** A step that restores the value the {@link #neutralFrontPageStep(Site)} of the same run found. */
    Step restoreFrontPageStep(Site site);
}
