package org.civiupgrade.spi.cms;

import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.Step;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.civiupgrade.Site;
import org.civiupgrade.Version;

/**
 * A {@link CmsAdapter} capability: the CMS modules that integrate with CiviCRM (never CiviCRM's
 * own module). They are disabled during the upgrade and exactly those that were enabled are
 * enabled again afterwards.
 */
public interface IntegrationModuleSupport {
    /** Every installed integration module, enabled or not, in the CMS's order. */
    List<CmsModule> integrationModules(Site site, DataSource cmsDatabase) throws SQLException;

    /**
     * Integration modules that declare constraints (core compatibility, a CiviCRM version
     * range) the target CiviCRM version does not meet, with the reason, for the report.
     */
    List<String> incompatibleWith(Site site, DataSource cmsDatabase, Version target) throws SQLException;

    /** A step that disables the enabled integration modules, remembering which. */
    Step disableIntegrationModulesStep(Site site);

    /** A step that enables again exactly the modules the disable step of the same run disabled. */
    Step reenableIntegrationModulesStep(Site site);
}
