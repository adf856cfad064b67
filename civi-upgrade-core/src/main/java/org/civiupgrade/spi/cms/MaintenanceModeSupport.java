package org.civiupgrade.spi.cms;

import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.Step;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.civiupgrade.Site;

/**
 * A {@link CmsAdapter} capability: the CMS's maintenance ("offline") mode. The steps capture the
 * exact stored value before changing it, and the online step puts back exactly that value, so a
 * site that was already offline stays offline.
 */
public interface MaintenanceModeSupport {
    /** Whether the site is offline now. */
    boolean isOffline(Site site, DataSource cmsDatabase) throws SQLException;

    /** A step that takes the site offline, recording how to restore the previous value exactly. */
    Step maintenanceOnStep(Site site);

    /** A step that restores the value the {@link #maintenanceOnStep(Site)} of the same run found. */
    Step maintenanceOffStep(Site site);
}
