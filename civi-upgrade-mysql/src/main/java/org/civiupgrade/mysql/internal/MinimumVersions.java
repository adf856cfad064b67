package org.civiupgrade.mysql.internal;

import java.util.List;
import java.util.Optional;
import org.civiupgrade.UpgradePaths;
import org.civiupgrade.Version;

/**
 * The oldest database each CiviCRM release can upgrade and the intermediate releases an older
 * site must go through; the table lives in core ({@link UpgradePaths}), shared with the plan
 * builder's multi-hop plans.
 */
public final class MinimumVersions {
    private MinimumVersions() {
    }

    /** The minimum database version the target release upgrades, when documented. */
    public static Optional<Version> minimumFor(Version target) {
        return UpgradePaths.minimumFor(target);
    }

    /** The releases to upgrade to, in order, before the target accepts the database (see {@link UpgradePaths#hops}). */
    public static List<String> hops(Version current, Version target) {
        return UpgradePaths.hops(current, target);
    }
}
