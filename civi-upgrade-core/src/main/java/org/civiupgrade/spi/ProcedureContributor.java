package org.civiupgrade.spi;

import java.util.List;
import java.util.Optional;

/**
 * Contributes steps to the documented procedure that {@code Upgrade.Builder} assembles
 * ({@code backup()}, {@code offline()}, {@code clearCaches()}, {@code online()},
 * {@code standard()}). Found with {@link java.util.ServiceLoader}: the database module
 * contributes the backup and the restore point. The CMS's standard steps (maintenance mode,
 * front page, integration modules, caches, report) are not contributed: core builds them from
 * the capabilities of the site's {@link CmsAdapter}; a CMS module contributes only what no
 * capability expresses (Drupal 7: a backup of the Drupal tables an upgrade rewrites). Within a
 * stage, contributed steps follow the CMS's standard steps, except at {@link ProcedureStage#ONLINE},
 * where they precede them (they still run while the site is offline). A contributor returns
 * nothing for a site it does not handle (e.g. another CMS's), and a database module's
 * contributor nothing when its dialect is not {@link ProcedureContext#dialect() the selected one}.
 * Every contributor whose {@link #priority(org.civiupgrade.Site)} is not negative contributes,
 * highest priority first (equal ones by class name); the restore point is the first one offered
 * in that order.
 */
public interface ProcedureContributor {
    /**
     * Whether this contributor takes part for the site, and in which order: {@code 0} to
     * {@code 1000}, higher contributes first; negative means "not for this site". Equal
     * priorities are ordered by class name. Must be cheap. The default is {@code 0}.
     */
    default int priority(org.civiupgrade.Site site) {
        return 0;
    }

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
