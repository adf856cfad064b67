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

    /**
     * The plan options this module's steps read (e.g. the MySQL module's {@code database.*} keys),
     * so that {@code Upgrade.Builder#plan()} knows them: a key that neither the core
     * ({@link org.civiupgrade.CoreOptions}) nor any installed contributor declares is refused with
     * {@code PLAN_INVALID}, as is a value its option cannot parse. Keep the options in a public
     * holder of the module. Empty by default.
     */
    default List<org.civiupgrade.PlanOption<?>> options() {
        return List.of();
    }
}
