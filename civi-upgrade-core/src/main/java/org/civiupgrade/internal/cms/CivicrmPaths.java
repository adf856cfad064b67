package org.civiupgrade.internal.cms;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.civiupgrade.Site;
import org.civiupgrade.php.PhpFormatException;
import org.civiupgrade.php.PhpSerialization;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.settings.SettingsFile;

/**
 * CiviCRM's folder settings of a site and where each is set, resolved as CiviCRM resolves them:
 * a {@code $civicrm_setting} override in {@code civicrm.settings.php} (group {@code domain} or
 * {@code Directory Preferences}) wins over the {@code civicrm_setting} row of the domain (a PHP-
 * serialized string), which wins over CiviCRM's default. Tokens ({@code [civicrm.root]},
 * {@code [civicrm.files]}, {@code [civicrm.private]}, {@code [cms.root]}, {@code [civicrm.compile]},
 * {@code [civicrm.log]}, {@code [civicrm.l10n]}) are replaced by the site's folders, taking
 * {@code $civicrm_paths[...]['path']} overrides into account; relative values are read against
 * the Drupal root for defines and {@code [civicrm.files]} for folder settings. Never changes anything.
 */
final class CivicrmPaths {
    /** CiviCRM's folder settings (civicrm-core {@code settings/Core.setting.php}, group "Directory Preferences"). */
    static final List<String> FOLDER_SETTINGS = List.of("customPHPPathDir", "customTemplateDir", "extensionsDir",
            "imageUploadDir", "uploadDir", "customFileUploadDir");

    /** CiviCRM's defaults of the settings above (empty: no folder when unset). */
    private static final Map<String, String> DEFAULTS = Map.of("extensionsDir", "[civicrm.files]/ext/",
            "imageUploadDir", "[civicrm.files]/persist/contribute/", "uploadDir", "[civicrm.files]/upload/",
            "customFileUploadDir", "[civicrm.files]/custom/");

    private static final Pattern TOKEN = Pattern.compile("^\\[([a-z.]+)\\]/?");

    /** Where a value comes from: the settings file, the database, or CiviCRM's default. */
    enum Source {
        SETTINGS_FILE, DATABASE, DEFAULT
    }

    /**
     * One folder setting.
     *
     * @param name     the setting, e.g. {@code extensionsDir}
     * @param raw      the value as written, tokens included
     * @param resolved the folder it names, absolute and normalised; empty when the token is unknown
     * @param source   where it is set
     * @param where    a readable place, e.g. {@code civicrm.settings.php line 12} or {@code civicrm_setting (domain 1)}
     * @param group    the {@code $civicrm_setting} group when set in the settings file, else empty
     */
    record Setting(String name, String raw, Optional<Path> resolved, Source source, String where, String group) {
    }

    /** CiviCRM's default of a folder setting, e.g. {@code [civicrm.files]/upload/}; empty when it has none. */
    static Optional<String> defaultValue(String name) {
        return Optional.ofNullable(DEFAULTS.get(name));
    }

    private final Site site;
    private final SettingsFile settings;
    private final Map<String, Path> tokens = new LinkedHashMap<>();

    CivicrmPaths(Site site, SettingsFile settings) {
        this.site = site;
        this.settings = settings;
        Path root = site.root();
        Path templatesC = site.attribute("civicrm.templateCompileDir").map(Path::of)
                .orElse(site.siteDir().resolve("files/civicrm/templates_c"));
        // on Drupal 7 CiviCRM puts [civicrm.files] in Drupal's public files folder, whatever the compile folder says
        Path drupalFiles = site.attribute("drupal.filesDir").map(Path::of).orElse(site.siteDir().resolve("files"));
        Path files = pathOverride("civicrm.files").orElse(abs(drupalFiles).resolve("civicrm"));
        Path priv = pathOverride("civicrm.private").orElse(files);
        tokens.put("cms.root", pathOverride("cms.root").orElse(root));
        tokens.put("civicrm.root", pathOverride("civicrm.root").orElse(site.civicrmCodeDir()));
        tokens.put("civicrm.files", files);
        tokens.put("civicrm.private", priv);
        tokens.put("civicrm.compile", pathOverride("civicrm.compile").orElse(abs(templatesC)));
        tokens.put("civicrm.log", pathOverride("civicrm.log").orElse(priv.resolve("ConfigAndLog")));
        tokens.put("civicrm.l10n", pathOverride("civicrm.l10n").orElse(priv.resolve("l10n")));
    }

    private Optional<Path> pathOverride(String token) {
        return settings.path(token, "path").filter(v -> v instanceof PhpValue.Str).map(v -> abs(Path.of(((PhpValue.Str) v).text())));
    }

    private Path abs(Path p) {
        return (p.isAbsolute() ? p : site.root().resolve(p)).normalize();
    }

    /** The folder a define or {@code $civicrm_root} names (relative: to the Drupal root, PHP's working folder), tokens replaced. */
    Optional<Path> resolve(String raw) {
        return resolve(raw, site.root());
    }

    /**
     * The folder a folder setting names: a relative value is relative to {@code [civicrm.files]}, as
     * CiviCRM reads it (4.x stored {@code upload/}, {@code persist/contribute/}, {@code custom/}).
     */
    Optional<Path> resolveSetting(String raw) {
        return resolve(raw, tokens.get("civicrm.files"));
    }

    /** The folder a value names, tokens replaced, a relative path read against {@code base}; empty for an unknown token. */
    private Optional<Path> resolve(String raw, Path base) {
        String v = raw.trim();
        Matcher m = TOKEN.matcher(v);
        if (m.find()) {
            Path folder = tokens.get(m.group(1));
            if (folder == null) {
                return Optional.empty();
            }
            String rest = v.substring(m.end());
            return Optional.of(rest.isEmpty() ? folder : folder.resolve(rest).normalize());
        }
        Path p = Path.of(v);
        return Optional.of((p.isAbsolute() ? p : base.resolve(p)).normalize());
    }

    /**
     * A folder setting as CiviCRM would read it; empty when it is set nowhere and has no default,
     * or is set to the empty string.
     */
    Optional<Setting> folder(String name, Optional<DataSource> civicrmDatabase, int domainId) {
        for (String group : List.of("domain", "Directory Preferences")) {
            Optional<PhpValue> v = settings.setting(group, name);
            if (v.isPresent() && v.get() instanceof PhpValue.Str s) {
                String line = settings.settingDefinition(group, name).map(d -> " line " + d.span().line()).orElse("");
                return nonEmpty(name, s.text(), Source.SETTINGS_FILE, "civicrm.settings.php" + line
                        + " ($civicrm_setting['" + group + "']['" + name + "'])", group);
            }
        }
        if (civicrmDatabase.isPresent()) {
            Optional<String> db = databaseValue(civicrmDatabase.get(), name, domainId);
            if (db.isPresent()) {
                return nonEmpty(name, db.get(), Source.DATABASE, "civicrm_setting '" + name + "' (domain " + domainId + ")", "");
            }
        }
        String def = DEFAULTS.get(name);
        return def == null ? Optional.empty() : nonEmpty(name, def, Source.DEFAULT, "CiviCRM's default", "");
    }

    private Optional<Setting> nonEmpty(String name, String raw, Source source, String where, String group) {
        return raw.isBlank() ? Optional.empty() : Optional.of(new Setting(name, raw, resolveSetting(raw), source, where, group));
    }

    /**
     * The unserialized string of a {@code civicrm_setting} row of the domain; empty when there is
     * none, it is not a string, or the table does not exist (versions before 4.1).
     */
    static Optional<String> databaseValue(DataSource db, String name, int domainId) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT value FROM civicrm_setting WHERE name = ? AND domain_id = ? AND contact_id IS NULL")) {
            ps.setString(1, name);
            ps.setInt(2, domainId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    byte[] b = rs.getBytes(1);
                    if (b != null && PhpSerialization.unserialize(b) instanceof PhpValue.Str s) {
                        return Optional.of(s.text());
                    }
                }
            }
        } catch (SQLException | PhpFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
