package org.civiupgrade.spi;

import java.util.List;
import java.util.Optional;

/**
 * Contributes steps to the documented procedure that {@code Upgrade.Builder} assembles
 * ({@code backup()}, {@code offline()}, {@code clearCaches()}, {@code online()},
 * {@code standard()}). Found with {@link java.util.ServiceLoader}: the database module
 * contributes the backup and the restore point, a CMS module the offline/online steps and
 * caches. A contributor returns nothing for a site it does not handle (e.g. another CMS).
 */
public interface ProcedureContributor {
    /** The steps for one stage, in order; empty when this contributor has none for the site. */
    List<Step> steps(ProcedureStage stage, ProcedureContext context);

    /**
     * How the database is restored from the backup this contributor's {@link ProcedureStage#BACKUP}
     * steps take, for steps that change the database (the schema upgrade); empty if it takes none.
     */
    default Optional<RestorePoint> restorePoint(ProcedureContext context) {
        return Optional.empty();
    }
}
