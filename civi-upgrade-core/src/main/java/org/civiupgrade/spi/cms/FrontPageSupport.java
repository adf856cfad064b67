package org.civiupgrade.spi.cms;

import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.Step;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.civiupgrade.Site;

/**
 * A {@link CmsAdapter} capability: the CMS front page. A front page served by CiviCRM breaks
 * while CiviCRM's code and database disagree, so the documented procedure points it at a CMS
 * page during the upgrade and restores it afterwards.
 */
public interface FrontPageSupport {
    /** The configured front page path, empty when the CMS default is used. */
    Optional<String> frontPage(Site site, DataSource cmsDatabase) throws SQLException;

    /** Whether a front page path is served by CiviCRM. */
    boolean isCivicrmPath(String path);

    /** A step that moves a CiviCRM front page to a CMS page (no change otherwise), recording the exact previous value. */
    Step neutralFrontPageStep(Site site);

    /** A step that restores the value the {@link #neutralFrontPageStep(Site)} of the same run found. */
    Step restoreFrontPageStep(Site site);
}
