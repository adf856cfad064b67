package org.civiupgrade.spi.cms;

import org.civiupgrade.spi.CmsAdapter;
import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Site;

/**
 * A {@link CmsAdapter} capability: the folders the web server must be able to write (the CMS
 * files folder, CiviCRM's upload, custom and compiled-template folders).
 */
public interface FilesFolderSupport {
    /** The folders the web server writes, for this site. */
    List<Path> webServerWritablePaths(Site site);

    /**
     * Checks that each folder exists and is writable by {@code webServerUser} (owner, group or
     * world write permission). Never throws for a failed check.
     */
    List<CheckResult> checkWritable(Site site, String webServerUser);
}
