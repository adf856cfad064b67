package org.civiupgrade.spi;

import java.nio.file.Path;
import org.civiupgrade.Site;

/** What a compensation may use while undoing a change, in the original or a recovering process. */
public interface CompensationContext {
    /** The site. */
    Site site();

    /** Database access for the site. */
    SiteResources resources();

    /** The folder of the run being undone. */
    Path runDir();

    /** Reports progress of a long undo (e.g. a table restore). */
    void progress(long done, long total, String unit);
}
