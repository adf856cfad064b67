package org.civiupgrade.spi;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Site;
import org.civiupgrade.spi.cms.CacheSupport;
import org.civiupgrade.spi.cms.FilesFolderSupport;
import org.civiupgrade.spi.cms.FrontPageSupport;
import org.civiupgrade.spi.cms.IntegrationModuleSupport;
import org.civiupgrade.spi.cms.MaintenanceModeSupport;
import org.civiupgrade.spi.cms.SiteInspection;

/**
 * Knows one CMS: recognises its file tree and describes the CiviCRM site inside it.
 * Found with {@link java.util.ServiceLoader} ({@code META-INF/services/org.civiupgrade.spi.CmsAdapter}
 * or a module's {@code provides}); {@code Site.detect} asks every installed adapter (from the
 * library's and the context class loaders) to {@link #probe(Path)} and lets the surest one
 * {@link #open(Path, Optional) open} the site (equal probes ordered by class name), which keeps the
 * adapter ({@code Site.adapter()}).
 *
 * <p>What an adapter can change on the site is offered through small capability interfaces in
 * {@code org.civiupgrade.spi.cms}, which the adapter class implements as the CMS allows. Core's standard procedure
 * uses them directly: for any site whose adapter implements them, {@code Upgrade.Builder}'s
 * {@code offline()}, {@code clearCaches()}, {@code online()}, {@code report()} (and so
 * {@code standard()}) build the CMS steps from them, in this order:
 * <table>
 * <caption>The CMS steps of the standard procedure</caption>
 * <tr><th>stage</th><th>steps, in order</th><th>capability</th></tr>
 * <tr><td>OFFLINE</td><td>maintenance on; front page off CiviCRM; integration modules
 * disabled</td><td>{@link MaintenanceModeSupport} (required), {@link FrontPageSupport},
 * {@link IntegrationModuleSupport}</td></tr>
 * <tr><td>CLEAR_CACHES</td><td>clear caches</td><td>{@link CacheSupport} (required)</td></tr>
 * <tr><td>ONLINE</td><td>modules enabled again; front page back; maintenance mode as it
 * was</td><td>as OFFLINE</td></tr>
 * <tr><td>REPORT</td><td>{@code <name()>.post-upgrade-report}</td><td>{@link SiteInspection}</td></tr>
 * <tr><td>check()</td><td>findings on the first OFFLINE step</td><td>{@link SiteInspection},
 * {@link FilesFolderSupport} (with the plan option {@link PlanOptions#WEB_SERVER_USER})</td></tr>
 * </table>
 * The steps are asked for by the engine itself (not through a {@link ProcedureContributor}
 * service), so their place in each stage does not depend on the class path. A stage whose
 * required capability is missing is refused by {@code plan()} with {@code PLAN_INVALID} naming
 * the interface, unless an installed {@link ProcedureContributor} contributes steps to that stage.
 * A CMS module adds what no capability expresses (Drupal 7: a backup of the Drupal tables an
 * upgrade rewrites) with a {@link ProcedureContributor}, whose steps follow the capability steps
 * of a stage (precede them at ONLINE).
 *
 * <p>A minimal adapter for {@code standard()} is one class implementing this interface,
 * {@link MaintenanceModeSupport} and {@link CacheSupport}, plus the steps those return and
 * the {@link Compensation}s the maintenance steps record; with the database module
 * ({@code civi-upgrade-mysql}) on the class path nothing else is needed.
 */
public interface CmsAdapter {
    /** Short name, e.g. {@code drupal7}. */
    String name();

    /**
     * Whether this adapter recognises the directory, and how sure it is: its priority, {@code 0}
     * to {@code 1000}, higher wins (the Drupal 7 adapter says {@code 100} for Drupal 7, {@code 10}
     * for other Drupal versions, so that it can explain why it refuses them); empty (or negative)
     * for "not me". Equal values are ordered by class name. Must be cheap and must not change anything.
     */
    OptionalInt probe(Path root);

    /**
     * Reads the site: versions, folders, settings files and database credentials.
     *
     * @param siteName the multisite folder to use, or empty to let the adapter choose
     * @throws org.civiupgrade.UpgradeException when the site is broken or ambiguous
     */
    Site open(Path root, Optional<String> siteName);

    /**
     * Like {@link #open(Path, Optional)}, with a {@code php} CLI that the adapter may use to
     * evaluate settings files whose values the static reader can only know at run time
     * ({@link org.civiupgrade.settings.PhpSettings}). The default ignores it.
     *
     * @param phpBinary the {@code php} CLI, or empty
     */
    default Site open(Path root, Optional<String> siteName, Optional<Path> phpBinary) {
        return open(root, siteName);
    }

    /**
     * The CMS's public files folder of the site (Drupal's {@code sites/<site>/files}), whose
     * permissions the code swap checks and, when asked ({@code Upgrade.Builder#fixFilesPermissions()}),
     * sets to folders 0755 / files 0644. Must not change anything. Empty by default: the CMS has
     * none, or the adapter does not say; the code swap then checks no files folder and refuses the
     * permission fix at its check.
     */
    default Optional<Path> filesDirectory(Site site) {
        return Optional.empty();
    }

    /**
     * Whether {@link #retargetCopy(Site, DatabaseCoordinates)} is implemented. A rehearsal
     * ({@code Upgrade.Builder#rehearse()}) refuses, before it copies anything, a site whose adapter
     * cannot retarget a copy, since the copy's CMS would otherwise keep using production's database.
     * False by default.
     */
    default boolean retargetsCopies() {
        return false;
    }

    /**
     * Points a copy of a site (a rehearsal's, in a temporary folder) at its own CMS database, so
     * that nothing bootstrapping the copied CMS (an upgrader such as {@code cv} or {@code drush})
     * opens production's. The core has already pointed the copy's {@code civicrm.settings.php}
     * (DSNs, {@code $civicrm_root}, compile folder) at the copy; this edits the CMS's own settings
     * file of the copy (Drupal's {@code settings.php}), never the original. Implement it together
     * with {@link #retargetsCopies()}.
     *
     * @param copy        the copied site (its folders are the copy's)
     * @param cmsDatabase the database the copy's CMS must use (a scratch database on production's
     *                    server; its table prefix is production's)
     * @throws java.io.IOException when the copy's settings file cannot be written
     * @throws UnsupportedOperationException by default
     */
    default void retargetCopy(Site copy, DatabaseCoordinates cmsDatabase) throws java.io.IOException {
        throw new UnsupportedOperationException("The " + name() + " adapter cannot point a copy of a site at another database.");
    }
}
