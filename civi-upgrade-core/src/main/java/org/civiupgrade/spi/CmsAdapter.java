package org.civiupgrade.spi;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Site;

/**
 * Knows one CMS: recognises its file tree and describes the CiviCRM site inside it.
 * Found with {@link java.util.ServiceLoader}. What an adapter can change on the site
 * (maintenance mode, front page, integration modules, caches) is offered through separate
 * small capability interfaces in this package, which an adapter implements as it can.
 */
public interface CmsAdapter {
    /** Short name, e.g. {@code drupal7}. */
    String name();

    /**
     * Whether this adapter recognises the directory, and how sure it is (higher wins);
     * empty for "not me". Must be cheap and must not change anything.
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
