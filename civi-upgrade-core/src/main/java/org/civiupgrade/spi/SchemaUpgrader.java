package org.civiupgrade.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Site;
import org.civiupgrade.Version;
import org.jspecify.annotations.Nullable;

/**
 * Runs CiviCRM's own database upgrade for a site whose code is already the new release:
 * {@code cv upgrade:db} (core), {@code drush civicrm-upgrade-db} (Drupal 7 adapter), or a
 * third party's. It must fail (throw) when the upgrade did not complete; the calling step
 * also checks {@code civicrm_domain.version} afterwards.
 *
 * <p>Registered with {@link java.util.ServiceLoader} ({@code META-INF/services} and {@code provides}):
 * core registers {@code cv}, civi-upgrade-drupal7 {@code drush}. Which one runs: the
 * {@code Upgrade.Builder} override wins; otherwise every installed provider (library and context
 * class loaders) is asked its priority for the site, a negative one drops it, the highest wins and
 * equal priorities are ordered by class name (see {@link #priority(Site)}). When none applies, the plan's check blocks
 * naming the ways to give one.
 */
public interface SchemaUpgrader {
    /** Short name for messages, e.g. {@code cv}. */
    String name();

    /**
     * Whether, and how strongly, this upgrader offers itself for the site when none is given
     * explicitly: {@code 0} to {@code 1000}, higher wins; negative means "not for this site" (e.g.
     * its program is not installed). The built-in ones use {@code 200} for {@code cv} on the PATH
     * and {@code 100} for {@code drush} on the PATH with a Drupal 7 site, so cv is preferred.
     * Equal priorities are ordered by class name. Must be cheap (no process started). The
     * default is {@code 0}.
     */
    default int priority(Site site) {
        return 0;
    }

    /** Pre-flight checks (e.g. the program is installed); never throws for a failed check. */
    default List<CheckResult> check(PlanContext context) {
        return List.of();
    }

    /** The command or action, for previews (no secrets). */
    String describe(Site site);

    /**
     * Runs the upgrade (or only lists its tasks when {@link Request#dryRun()}).
     *
     * @return the titles of the tasks run (or that would run), as far as the upgrader reports them
     * @throws org.civiupgrade.UpgradeException naming the failing task and its message
     */
    List<String> upgrade(Request request) throws Exception;

    /**
     * What an upgrade run gets.
     *
     * @param site        the site; its code folder holds the new release
     * @param resources   the site's databases
     * @param codeVersion the version of the code the database is upgraded to
     * @param dryRun      only list the tasks, change nothing
     * @param timeout     the longest the upgrade may take
     * @param output      receives each line of output as it comes, secrets already masked
     * @param runDir      the run's own folder (owner-only, outside the web root) where an upgrader may
     *                    write files it needs, such as a script; null when there is none (a preview):
     *                    the upgrader then uses a temporary owner-only folder and removes it
     */
    record Request(Site site, SiteResources resources, Version codeVersion, boolean dryRun, Duration timeout,
                   Consumer<String> output, @Nullable Path runDir) {
        public Request {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(codeVersion, "codeVersion");
            Objects.requireNonNull(timeout, "timeout");
            output = output == null ? line -> { } : output;
        }

        /** A request without a run folder. */
        public Request(Site site, SiteResources resources, Version codeVersion, boolean dryRun, Duration timeout,
                       Consumer<String> output) {
            this(site, resources, codeVersion, dryRun, timeout, output, null);
        }
    }
}
