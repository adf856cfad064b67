package org.civiupgrade.spi;

import java.util.Objects;
import org.civiupgrade.Site;
import org.civiupgrade.Version;

/**
 * What a {@link ProcedureContributor} knows when it is asked for steps.
 *
 * @param site             the site
 * @param installedVersion the CiviCRM code version installed now
 * @param targetVersion    the version being installed
 * @param options          the plan's options
 */
public record ProcedureContext(Site site, Version installedVersion, Version targetVersion, PlanOptions options) {
    public ProcedureContext {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(installedVersion, "installedVersion");
        Objects.requireNonNull(targetVersion, "targetVersion");
        Objects.requireNonNull(options, "options");
    }
}
