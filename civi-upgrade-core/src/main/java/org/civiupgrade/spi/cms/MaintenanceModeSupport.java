package org.civiupgrade.spi.cms;

import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.StepContext;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.spi.ProcedureContributor;
import org.civiupgrade.spi.Step;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.civiupgrade.Site;

/**
 * A {@link CmsAdapter} capability: the CMS's maintenance ("offline") mode. Required for
 * {@code offline()} and {@code online()} (and so for {@code standard()}) unless an installed
 * {@link ProcedureContributor} contributes those stages itself.
 *
 * <p>What core does with it: at {@link ProcedureStage#OFFLINE} the step of
 * {@link #maintenanceOnStep(Site)} is the stage's first step; at {@link ProcedureStage#ONLINE}
 * the step of {@link #maintenanceOffStep(Site)} is its last CMS step. The pre-flight findings of
 * {@link SiteInspection} and {@link FilesFolderSupport} are added to the on-step's
 * {@link Step#check(PlanContext)}. After a crash, recovery reports a site left offline through
 * {@link #isOffline(Site, DataSource)}.
 *
 * <p>The on-step captures the exact stored value before changing it (for example in the run
 * folder, {@link StepContext#runDir()}), and the off-step puts back exactly that value, so a site
 * that was already offline stays offline. Both record a {@link Compensation} before each change.
 */
public interface MaintenanceModeSupport {
    /**
     * Whether the site is offline now; read only.
     *
     * @throws SQLException when the CMS database cannot be read
     */
    boolean isOffline(Site site, DataSource cmsDatabase) throws SQLException;

    /** A step that takes the site offline, recording how to restore the previous value exactly. */
    Step maintenanceOnStep(Site site);

    /** A step that restores the value the {@link #maintenanceOnStep(Site)} of the same run found. */
    Step maintenanceOffStep(Site site);
}
