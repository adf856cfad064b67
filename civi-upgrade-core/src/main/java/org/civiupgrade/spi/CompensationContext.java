package org.civiupgrade.spi;

import java.nio.file.Path;
import org.civiupgrade.Site;

/** What a compensation may use while undoing a change, in the original or a recovering process. */
public interface CompensationContext {
    /** The site. */
    Site site();

    /** Database access for the site. */
    SiteResources resources();

    /**
     * The database dialect of the run being undone ({@link SiteResources#dialect()}); in a
     * recovering process, the dialect the run's journal names.
     *
     * @throws org.civiupgrade.UpgradeException {@link org.civiupgrade.ErrorCode#PLAN_INVALID} when none is installed
     */
    default DatabaseDialect dialect() {
        return resources().dialect();
    }

    /** The folder of the run being undone. */
    Path runDir();

    /** Reports progress of a long undo (e.g. a table restore). */
    void progress(long done, long total, String unit);

    /**
     * Reports something the undo could not do that does not keep the site from being as it was,
     * e.g. a cache that could not be cleared: the message names the path and the fix. The
     * compensation then completes; the warning reaches the run's (or recovery's) result and
     * events. Never secrets. The default only logs it, for contexts made outside the engine.
     */
    default void warn(String message) {
        org.civiupgrade.internal.redact.Logs.get(CompensationContext.class).warn("{}", message);
    }
}
