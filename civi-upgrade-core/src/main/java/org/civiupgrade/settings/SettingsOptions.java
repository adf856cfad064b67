package org.civiupgrade.settings;

import java.util.Optional;
import org.civiupgrade.CoreOptions;
import org.civiupgrade.spi.PlanOptions;

/**
 * What the settings update may do beyond what every version jump needs.
 *
 * @param addSiteKey         add a random {@code CIVICRM_SITE_KEY} when it is missing or null (opt-in)
 * @param commentOutIds      comment out {@code CIVICRM_IDS_ENABLE}, ignored from 4.4 (opt-in; it is always reported)
 * @param civicrmRoot        new {@code $civicrm_root} when the install moved
 * @param templateCompileDir new {@code CIVICRM_TEMPLATE_COMPILEDIR} when the install moved
 * @param baseUrl            new {@code CIVICRM_UF_BASEURL} when the site moved
 */
public record SettingsOptions(boolean addSiteKey, boolean commentOutIds, Optional<String> civicrmRoot,
                              Optional<String> templateCompileDir, Optional<String> baseUrl) {
    /** Key of {@link org.civiupgrade.CoreOptions#SETTINGS_ADD_SITE_KEY} (add a site key ({@code true}/{@code false}). ). */
    public static final String ADD_SITE_KEY = "settings.addSiteKey";
    /** Key of {@link org.civiupgrade.CoreOptions#SETTINGS_COMMENT_OUT_IDS} (comment out CIVICRM_IDS_ENABLE. ). */
    public static final String COMMENT_OUT_IDS = "settings.commentOutIds";
    /** Key of {@link org.civiupgrade.CoreOptions#SETTINGS_CIVICRM_ROOT} (new $civicrm_root. ). */
    public static final String CIVICRM_ROOT = "settings.civicrmRoot";
    /** Key of {@link org.civiupgrade.CoreOptions#SETTINGS_TEMPLATE_COMPILEDIR} (new CIVICRM_TEMPLATE_COMPILEDIR. ). */
    public static final String TEMPLATE_COMPILEDIR = "settings.templateCompileDir";
    /** Key of {@link org.civiupgrade.CoreOptions#SETTINGS_BASE_URL} (new CIVICRM_UF_BASEURL. ). */
    public static final String BASE_URL = "settings.baseUrl";

    public SettingsOptions {
        civicrmRoot = civicrmRoot == null ? Optional.empty() : civicrmRoot;
        templateCompileDir = templateCompileDir == null ? Optional.empty() : templateCompileDir;
        baseUrl = baseUrl == null ? Optional.empty() : baseUrl;
    }

    /** Only what the version jump needs. */
    public static SettingsOptions defaults() {
        return new SettingsOptions(false, false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Reads the {@code settings.*} plan options.
     *
     * @throws org.civiupgrade.UpgradeException {@code PLAN_INVALID} when a value does not parse
     */
    public static SettingsOptions from(PlanOptions options) {
        return new SettingsOptions(options.get(CoreOptions.SETTINGS_ADD_SITE_KEY), options.get(CoreOptions.SETTINGS_COMMENT_OUT_IDS),
                options.find(CoreOptions.SETTINGS_CIVICRM_ROOT), options.find(CoreOptions.SETTINGS_TEMPLATE_COMPILEDIR),
                options.find(CoreOptions.SETTINGS_BASE_URL));
    }

    /**
     * A copy with {@code addSiteKey} changed.
     *
     * @param v whether to add a random {@code CIVICRM_SITE_KEY} when it is missing or null
     * @return the changed copy
     */
    public SettingsOptions withAddSiteKey(boolean v) {
        return new SettingsOptions(v, commentOutIds, civicrmRoot, templateCompileDir, baseUrl);
    }

    /**
     * A copy with {@code commentOutIds} changed.
     *
     * @param v whether to comment out {@code CIVICRM_IDS_ENABLE}, ignored from CiviCRM 4.4
     * @return the changed copy
     */
    public SettingsOptions withCommentOutIds(boolean v) {
        return new SettingsOptions(addSiteKey, v, civicrmRoot, templateCompileDir, baseUrl);
    }

    /** The install moved: new code folder, compiled templates folder and base URL (each optional). */
    public SettingsOptions withMove(String root, String compileDir, String url) {
        return new SettingsOptions(addSiteKey, commentOutIds, Optional.ofNullable(root), Optional.ofNullable(compileDir),
                Optional.ofNullable(url));
    }
}
