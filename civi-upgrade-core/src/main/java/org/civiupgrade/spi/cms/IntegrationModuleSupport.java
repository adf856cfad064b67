package org.civiupgrade.spi.cms;

import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.spi.Step;
import org.civiupgrade.Site;
import org.civiupgrade.Version;

/**
 * A {@link CmsAdapter} capability: the CMS modules (plugins, extensions) that integrate with
 * CiviCRM, never CiviCRM's own module. They are disabled during the upgrade and exactly those
 * that were enabled are enabled again afterwards. Optional: without it no module is touched.
 *
 * <p>What core does with it: at {@link ProcedureStage#OFFLINE} the step of
 * {@link #disableIntegrationModulesStep(Site)} follows the front-page step; at
 * {@link ProcedureStage#ONLINE} the step of {@link #reenableIntegrationModulesStep(Site, Version)}
 * is the stage's first CMS step, given the version being installed (the release given with
 * {@code to(...)}, the last one of a multi-hop plan).
 */
public interface IntegrationModuleSupport {
    /** A step that disables the enabled integration modules, remembering which in the run folder. */
    Step disableIntegrationModulesStep(Site site);

    /**
     * A step that enables again exactly the modules the disable step of the same run disabled.
     * It may warn (check and report) about modules whose constraints {@code target} does not meet.
     *
     * @param target the CiviCRM version being installed
     */
    Step reenableIntegrationModulesStep(Site site, Version target);
}
