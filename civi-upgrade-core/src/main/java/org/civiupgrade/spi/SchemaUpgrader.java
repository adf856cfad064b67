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
 */
public interface SchemaUpgrader {
    /** Short name for messages, e.g. {@code cv}. */
    String name();

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
