package org.civiupgrade;

import java.util.List;

/**
 * The plan options the core reads, for {@link Upgrade.Builder#option(PlanOption, Object)}. Each
 * module keeps its own options in a holder of its own (the MySQL module's {@code MySqlOptions}).
 *
 * <pre>{@code
 * Upgrade.of(site).to(release).standard()
 *         .option(CoreOptions.PHP_BINARY, "/usr/bin/php8.1")
 *         .option(CoreOptions.MIGRATE_TIMEOUT_MINUTES, 480)
 *         .plan();
 * }</pre>
 */
public final class CoreOptions {
    /**
     * The version being installed. Derived: {@link Upgrade.Builder#plan()} sets it from the release
     * given with {@code to(...)} (in a multi-hop plan the first hop's release, the one the database
     * is upgraded to first), and refuses a different value. Only a plan without a release (a plan
     * of hand-picked steps) may set it, for the steps that judge the server against a target.
     */
    public static final PlanOption<Version> TARGET_VERSION = PlanOption.version("target.version",
            "The CiviCRM version being installed (set from to(...); settable only for a plan without a release).").derived();

    /**
     * In a multi-hop plan, the last release installed (the one given with {@code to(...)}); absent
     * otherwise. Derived like {@link #TARGET_VERSION}.
     */
    public static final PlanOption<Version> FINAL_VERSION = PlanOption.version("target.finalVersion",
            "The last release of a multi-hop plan (set from to(...)).").derived();

    /**
     * The {@code php} CLI binary of the site's PHP version (a path, or a name on the PATH). When set,
     * the code swap checks that it meets the release's minimum PHP version and has PCRE with
     * Unicode; without it nothing is checked, since the web server's PHP may differ from any PHP on
     * this machine.
     */
    public static final PlanOption<String> PHP_BINARY = PlanOption.text("php.binary", "a php CLI binary (path or name on the PATH)",
            "The site's PHP CLI, for the release's PHP version check.");

    /**
     * {@code CIVICRM_DOMAIN_ID} when not 1: the domain whose {@code civicrm_domain.version} the
     * database upgrade and the backup's checks read. Without it, the site's attribute of the same
     * name, else 1.
     */
    public static final PlanOption<Integer> CIVICRM_DOMAIN_ID = PlanOption.integer("civicrm.domainId", 1, null,
            "CIVICRM_DOMAIN_ID when not 1 (default: the site's own, else 1).");

    /** How long the database upgrade may run, in minutes, before it is stopped and rolled back (default 240). */
    public static final PlanOption<Integer> MIGRATE_TIMEOUT_MINUTES = PlanOption.integer("migrate.timeoutMinutes", 1, 240,
            "Minutes the database upgrade may run before it is stopped and rolled back.");

    /** The settings update adds a random {@code CIVICRM_SITE_KEY} when it is missing or null (opt-in). */
    public static final PlanOption<Boolean> SETTINGS_ADD_SITE_KEY = PlanOption.flag("settings.addSiteKey", false,
            "Add a random CIVICRM_SITE_KEY to civicrm.settings.php when it is missing or null.");

    /** The settings update comments out {@code CIVICRM_IDS_ENABLE}, ignored from 4.4 (opt-in). */
    public static final PlanOption<Boolean> SETTINGS_COMMENT_OUT_IDS = PlanOption.flag("settings.commentOutIds", false,
            "Comment out CIVICRM_IDS_ENABLE (ignored from CiviCRM 4.4) in civicrm.settings.php.");

    /** New {@code $civicrm_root} when the install moved. */
    public static final PlanOption<String> SETTINGS_CIVICRM_ROOT = PlanOption.text("settings.civicrmRoot", "a folder path",
            "New $civicrm_root in civicrm.settings.php, when the install moved.");

    /** New {@code CIVICRM_TEMPLATE_COMPILEDIR} when the install moved. */
    public static final PlanOption<String> SETTINGS_TEMPLATE_COMPILEDIR = PlanOption.text("settings.templateCompileDir",
            "a folder path", "New CIVICRM_TEMPLATE_COMPILEDIR in civicrm.settings.php, when the install moved.");

    /** New {@code CIVICRM_UF_BASEURL} when the site moved. */
    public static final PlanOption<String> SETTINGS_BASE_URL = PlanOption.text("settings.baseUrl", "a URL",
            "New CIVICRM_UF_BASEURL in civicrm.settings.php, when the site moved.");

    /**
     * The user name the web server runs as (e.g. {@code www-data}); when set, the pre-flight check
     * includes whether it can write the site's folders
     * ({@link org.civiupgrade.spi.cms.FilesFolderSupport}). Absent: not checked.
     */
    public static final PlanOption<String> WEB_SERVER_USER = PlanOption.text("cms.webServerUser", "a user name such as www-data",
            "The web server's user: the check then includes whether it can write the site's folders.");

    /**
     * The caller accepts that other sites of a multisite install whose CiviCRM code is this site's
     * code folder get the new code while their databases stay on the old version (to be upgraded
     * separately). Without it the pre-flight check refuses such an install
     * ({@code drupal7.other-sites}).
     */
    public static final PlanOption<Boolean> OTHER_SITES_ON_NEW_CODE = PlanOption.flag("cms.otherSitesOnNewCode", false,
            "Accept that other sites sharing the CiviCRM code folder get the new code with their databases left on the old version.");

    /**
     * The opt-in repair of a site moved from another path or host: {@code $civicrm_root},
     * {@code CIVICRM_TEMPLATE_COMPILEDIR} and CiviCRM's folder settings (extensionsDir, uploadDir,
     * imageUploadDir, customFileUploadDir, and customPHPPathDir / customTemplateDir when the same
     * folder exists below this site) that name missing folders are rewritten, in
     * {@code civicrm.settings.php} or in {@code civicrm_setting}, each with its undo. The check
     * reports them as {@code settings.moved-paths} either way.
     */
    public static final PlanOption<Boolean> SETTINGS_FIX_MOVED_PATHS = PlanOption.flag("settings.fixMovedPaths", false,
            "Rewrite CiviCRM folder settings that name folders of the site's former path or host (undone on rollback).");

    /** Every option of the core, in the order above. */
    public static final List<PlanOption<?>> ALL = List.of(TARGET_VERSION, FINAL_VERSION, PHP_BINARY, CIVICRM_DOMAIN_ID,
            MIGRATE_TIMEOUT_MINUTES, SETTINGS_ADD_SITE_KEY, SETTINGS_COMMENT_OUT_IDS, SETTINGS_CIVICRM_ROOT,
            SETTINGS_TEMPLATE_COMPILEDIR, SETTINGS_BASE_URL, WEB_SERVER_USER, OTHER_SITES_ON_NEW_CODE, SETTINGS_FIX_MOVED_PATHS);

    private CoreOptions() {
    }
}
