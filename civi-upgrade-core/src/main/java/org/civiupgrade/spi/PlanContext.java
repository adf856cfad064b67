package org.civiupgrade.spi;

import java.nio.file.Path;
import org.civiupgrade.Site;

/** What a step may look at while planning, checking or previewing. */
public interface PlanContext {
    /** The site being upgraded. */
    Site site();

    /** Database access for the site. */
    SiteResources resources();

    /**
     * The database dialect of the run ({@link SiteResources#dialect()}), to check, back up or
     * restore with: a step never creates a dialect of its own.
     *
     * @throws org.civiupgrade.UpgradeException {@link org.civiupgrade.ErrorCode#PLAN_INVALID} when none is installed
     */
    default DatabaseDialect dialect() {
        return resources().dialect();
    }

    /** Values set on the plan by the caller or by earlier steps' declarations. */
    PlanOptions options();

    /**
     * The folder of this run inside the site's work directory, where a step keeps its backups
     * and saved copies. During planning it is the folder the run would use; it may not exist.
     */
    Path runDir();
}
