package org.civiupgrade.spi;

import java.util.Objects;
import java.util.Optional;
import org.civiupgrade.Site;
import org.civiupgrade.Version;

/**
 * What a {@link ProcedureContributor} knows when it is asked for steps.
 *
 * @param site             the site
 * @param installedVersion the CiviCRM code version installed now
 * @param targetVersion    the version being installed
 * @param options          the plan's options
 * @param dialect          the database dialect selected for the run (given on the builder, else the
 *                         installed one with the highest priority for the site); empty when none is
 *                         installed. A database module contributes only when this is its own dialect.
 */
public record ProcedureContext(Site site, Version installedVersion, Version targetVersion, PlanOptions options,
                               Optional<DatabaseDialect> dialect) {
    public ProcedureContext {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(installedVersion, "installedVersion");
        Objects.requireNonNull(targetVersion, "targetVersion");
        Objects.requireNonNull(options, "options");
        dialect = Objects.requireNonNullElse(dialect, Optional.<DatabaseDialect>empty());
    }

    /** A context without a selected dialect (a database module then contributes nothing). */
    public ProcedureContext(Site site, Version installedVersion, Version targetVersion, PlanOptions options) {
        this(site, installedVersion, targetVersion, options, Optional.empty());
    }
}
