package org.civiupgrade;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.civiupgrade.internal.json.Json;

/**
 * What a rehearsal did: the copy's {@link UpgradeResult}, what was cloned and how long each part
 * took. Serialises to JSON like {@link UpgradeResult}.
 *
 * @param result           the result of the plan's run on the copy
 * @param scratchDatabases the scratch database(s) the site's database(s) were cloned into
 *                         (CiviCRM's first; the CMS's when it is a separate database)
 * @param copyRoot         the copied site's root folder
 * @param clonedTables     the tables cloned (CiviCRM's and the CMS's, with the CMS table prefix)
 * @param clonedFiles      files copied (code, settings and the site's folder)
 * @param clonedBytes      bytes of those files
 * @param cloneDuration    time to clone the database(s) and the files
 * @param runDuration      time of the plan's run on the copy
 * @param cleanupDuration  time to drop the scratch database(s) and delete the copy (zero when kept)
 * @param kept             whether the scratch database(s) and the copy were kept
 */
public record RehearsalReport(UpgradeResult result, List<String> scratchDatabases, String copyRoot, List<String> clonedTables,
                              long clonedFiles, long clonedBytes, Duration cloneDuration, Duration runDuration,
                              Duration cleanupDuration, boolean kept) {
    public RehearsalReport {
        Objects.requireNonNull(result, "result");
        scratchDatabases = List.copyOf(scratchDatabases);
        clonedTables = List.copyOf(clonedTables);
    }

    /** Whether the plan succeeded on the copy. */
    public boolean succeeded() {
        return result.succeeded();
    }

    /** Clone, run and clean-up time together. */
    public Duration totalDuration() {
        return cloneDuration.plus(runDuration).plus(cleanupDuration);
    }

    /** Pretty-printed JSON. */
    public String toJson() {
        return Json.write(this);
    }

    /** Reads a report written by {@link #toJson()}. */
    public static RehearsalReport fromJson(String json) {
        return Json.read(json, RehearsalReport.class);
    }
}
