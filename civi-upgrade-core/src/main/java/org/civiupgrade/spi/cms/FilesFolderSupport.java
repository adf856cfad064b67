package org.civiupgrade.spi.cms;

import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.spi.PlanOptions;
import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Site;

/**
 * A {@link CmsAdapter} capability: the folders the web server must be able to write (the CMS
 * files folder, CiviCRM's upload, custom and compiled-template folders). Optional.
 *
 * <p>What core does with it:
 * <ul>
 * <li>when the plan option {@link PlanOptions#WEB_SERVER_USER} names the web server's user, the
 * findings of {@link #checkWritable(Site, String)} are part of the pre-flight check
 * ({@code UpgradePlan.check()}), on the first step of {@link ProcedureStage#OFFLINE};</li>
 * <li>the code swap's permission check and fix ({@code Upgrade.Builder.fixFilesPermissions()})
 * work on {@link CmsAdapter#filesDirectory(Site)}.</li>
 * </ul>
 */
public interface FilesFolderSupport {
    /** The folders the web server writes, for this site (absolute). */
    List<Path> webServerWritablePaths(Site site);

    /**
     * Checks that each folder exists and is writable by {@code webServerUser} (owner, group or
     * world write permission): one finding per folder, a warning with the fix for a folder that
     * is missing or not writable. Never throws for a failed check; changes nothing.
     *
     * @param webServerUser the user name the web server runs as, e.g. {@code www-data}
     */
    List<CheckResult> checkWritable(Site site, String webServerUser);
}
