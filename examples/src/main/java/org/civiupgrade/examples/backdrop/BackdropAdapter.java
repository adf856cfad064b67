package org.civiupgrade.examples.backdrop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.civiupgrade.CheckResult;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Release;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.Version;
import org.civiupgrade.php.PhpFormatException;
import org.civiupgrade.php.PhpSerialization;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.settings.ResolvedDefine;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.cms.CacheSupport;
import org.civiupgrade.spi.cms.FrontPageSupport;
import org.civiupgrade.spi.cms.MaintenanceModeSupport;
import org.civiupgrade.spi.cms.SiteInspection;

/**
 * A {@link CmsAdapter} for CiviCRM on Backdrop CMS 1.x, written only against the public SPI: an
 * example of an adapter for another CMS. The layout it reads is Backdrop's and CiviCRM's own:
 * <ul>
 * <li>the version is the {@code BACKDROP_VERSION} define of {@code core/includes/bootstrap.inc}
 * (repository backdrop/backdrop);</li>
 * <li>the CMS database comes from {@code settings.php} in the Backdrop root (see
 * {@link BackdropSettings});</li>
 * <li>CiviCRM's code is {@code modules/civicrm} or {@code modules/contrib/civicrm}, recognised by
 * its Backdrop module {@code backdrop/civicrm.module}, and {@code civicrm.settings.php} lies in the
 * Backdrop root, beside {@code settings.php}: where {@code civicrm_conf_init()} of
 * {@code civicrm.config.php.backdrop} (repository civicrm/civicrm-backdrop) looks first, two and
 * three levels above the code folder. Its {@code CIVICRM_DSN} and
 * {@code CIVICRM_TEMPLATE_COMPILEDIR} are read by core's {@link SettingsFile};</li>
 * <li>maintenance mode is the {@code maintenance_mode} row of the {@code state} table
 * ({@link MaintenanceModeStep}); the front page is {@code site_frontpage} of the active
 * configuration's {@code system.core.json} ({@link FrontPageStep}); caches are the {@code cache}
 * and {@code cache_*} tables ({@link ClearCachesStep}); modules are rows of the {@code system}
 * table as in Drupal 7.</li>
 * </ul>
 * Backdrop's multisite folders ({@code sites/<name>/settings.php}) are not supported: the site is
 * the one of the root. Integration modules are left alone (no {@code IntegrationModuleSupport}).
 *
 * <p>Site attributes it sets: {@code backdrop.version}, {@code backdrop.configDir},
 * {@code civicrm.templateCompileDir}.
 */
public final class BackdropAdapter implements CmsAdapter, MaintenanceModeSupport, FrontPageSupport, CacheSupport, SiteInspection {
    private static final Pattern VERSION_DEFINE = Pattern.compile("define\\(\\s*'BACKDROP_VERSION'\\s*,\\s*'([^']+)'\\s*\\)");

    @Override
    public String name() {
        return "backdrop";
    }

    /** 100 for Backdrop 1.x, 10 for another Backdrop version (so that open can say why it is refused), empty otherwise. */
    @Override
    public OptionalInt probe(Path root) {
        return backdropVersion(root).map(v -> OptionalInt.of(v.startsWith("1.") ? 100 : 10)).orElse(OptionalInt.empty());
    }

    /** The {@code BACKDROP_VERSION} define of {@code core/includes/bootstrap.inc}. */
    static Optional<String> backdropVersion(Path root) {
        Path bootstrap = root.resolve("core/includes/bootstrap.inc");
        if (!Files.isRegularFile(bootstrap) || !Files.isRegularFile(root.resolve("settings.php"))) {
            return Optional.empty();
        }
        try {
            Matcher m = VERSION_DEFINE.matcher(Files.readString(bootstrap, StandardCharsets.ISO_8859_1));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Site open(Path rootIn, Optional<String> siteName) {
        Path root = rootIn.toAbsolutePath().normalize();
        String version = backdropVersion(root).orElseThrow(() -> new UpgradeException(ErrorCode.SITE_NOT_RECOGNISED, root
                + " has no core/includes/bootstrap.inc defining BACKDROP_VERSION, or no settings.php: not a Backdrop root.",
                "Point civi-upgrade at the folder holding Backdrop's index.php and settings.php.", null));
        if (!version.startsWith("1.")) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, root + " is Backdrop " + version + "; only Backdrop 1.x is supported.",
                    "Use a tool for your Backdrop version.", null);
        }
        if (siteName.isPresent() && !siteName.get().equals("default")) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, "Backdrop multisite folders are not supported (asked for '"
                    + siteName.get() + "').", "Upgrade the site of the Backdrop root (site name 'default').", null);
        }
        Path civiSettings = root.resolve("civicrm.settings.php");
        if (!Files.isRegularFile(civiSettings)) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, "No civicrm.settings.php in the Backdrop root " + root
                    + ": CiviCRM is not installed on this site.", "Install CiviCRM, or point civi-upgrade at the right Backdrop root.", null);
        }
        BackdropSettings settings = BackdropSettings.read(root);
        SettingsFile cs = SettingsFile.read(civiSettings);
        DatabaseCoordinates civi = cs.requireDatabase("CIVICRM_DSN", "civicrm.settings.php");
        Path code = civicrmCodeDir(root);
        Site.Builder b = Site.builder(root).cms("Backdrop", version).siteName("default").siteDir(root).civicrmCodeDir(code)
                .civicrmSettingsFile(civiSettings).cmsDatabase(settings.database()).civicrmDatabase(civi).adapter(this)
                .attribute("backdrop.version", version)
                .attribute("civicrm.templateCompileDir", templateCompileDir(cs, root).toString());
        settings.activeConfigDir().ifPresent(d -> b.attribute("backdrop.configDir", root.resolve(d).normalize().toString()));
        return b.build();
    }

    /** CIVICRM_TEMPLATE_COMPILEDIR as a literal path; refused otherwise, never guessed. */
    private static Path templateCompileDir(SettingsFile cs, Path root) {
        ResolvedDefine r = cs.resolveDefine("CIVICRM_TEMPLATE_COMPILEDIR");
        if (r.status() == ResolvedDefine.Status.KNOWN && r.value().get() instanceof PhpValue.Str s && s.length() > 0) {
            return root.resolve(s.text()).normalize();
        }
        throw new UpgradeException(ErrorCode.SITE_INVALID, "civicrm.settings.php: CIVICRM_TEMPLATE_COMPILEDIR cannot be read ("
                + r.explanation() + ").", "Define it as a literal path, e.g. define('CIVICRM_TEMPLATE_COMPILEDIR', "
                + "'/var/www/files/civicrm/templates_c/');", null);
    }

    /** The one CiviCRM code folder with a Backdrop module, below {@code modules} or {@code modules/contrib}. */
    static Path civicrmCodeDir(Path root) {
        List<Path> found = Stream.of("modules/civicrm", "modules/contrib/civicrm").map(root::resolve)
                .filter(d -> Files.isRegularFile(d.resolve("backdrop/civicrm.module"))).toList();
        if (found.size() != 1) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, found.isEmpty()
                    ? "No CiviCRM code with backdrop/civicrm.module in modules/civicrm or modules/contrib/civicrm of " + root + "."
                    : "CiviCRM's code is found twice: " + found + ".",
                    found.isEmpty() ? "Install CiviCRM's Backdrop release into modules/civicrm."
                            : "Keep one copy (Backdrop would load both); move the other out of the modules folder.", null);
        }
        return found.get(0);
    }

    private static String prefix(Site site) {
        return site.cmsDatabase().tablePrefix();
    }

    /** The active configuration folder: the site's {@code backdrop.configDir}, else the only {@code files/config_*}{@code /active}. */
    static Optional<Path> configDir(Site site) {
        Optional<Path> named = site.attribute("backdrop.configDir").map(Path::of);
        if (named.isPresent()) {
            return named;
        }
        try (Stream<Path> s = Files.isDirectory(site.root().resolve("files")) ? Files.list(site.root().resolve("files")) : Stream.empty()) {
            List<Path> dirs = s.filter(p -> p.getFileName().toString().startsWith("config_"))
                    .map(p -> p.resolve("active")).filter(Files::isDirectory).toList();
            return dirs.size() == 1 ? Optional.of(dirs.get(0)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path systemCore(Site site) {
        return configDir(site).orElse(site.root().resolve("files/config/active")).resolve("system.core.json");
    }

    /** PHP truthiness of a stored serialized value, as {@code state_get()} hands it to Backdrop; no row is false. */
    static boolean truthy(Optional<byte[]> serialized) {
        try {
            return serialized.isPresent() && PhpSerialization.unserialize(serialized.get()).truthy();
        } catch (PhpFormatException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ capabilities

    @Override
    public boolean isOffline(Site site, DataSource cmsDatabase) throws SQLException {
        try (Connection c = cmsDatabase.getConnection()) {
            return truthy(RestoreStateValue.read(c, prefix(site), MaintenanceModeStep.STATE));
        }
    }

    @Override
    public Step maintenanceOnStep(Site site) {
        return new MaintenanceModeStep(true, prefix(site));
    }

    @Override
    public Step maintenanceOffStep(Site site) {
        return new MaintenanceModeStep(false, prefix(site));
    }

    @Override
    public Step neutralFrontPageStep(Site site) {
        return new FrontPageStep(true, systemCore(site));
    }

    @Override
    public Step restoreFrontPageStep(Site site) {
        return new FrontPageStep(false, systemCore(site));
    }

    @Override
    public Step clearCachesStep(Site site) {
        return new ClearCachesStep(prefix(site), Path.of(site.attribute("civicrm.templateCompileDir")
                .orElse(site.root().resolve("files/civicrm/templates_c").toString())));
    }

    /** {@code files} below the root, Backdrop's default {@code file_public_path}, or the one {@code system.core.json} names. */
    @Override
    public Optional<Path> filesDirectory(Site site) {
        String publicPath = "files";
        try {
            Path core = systemCore(site);
            if (Files.isRegularFile(core)) {
                var v = new com.fasterxml.jackson.databind.ObjectMapper().readTree(core.toFile()).get("file_public_path");
                if (v != null && v.isTextual() && !v.asText().isBlank()) {
                    publicPath = v.asText();
                }
            }
        } catch (IOException e) {
            // the default then
        }
        return Optional.of(site.root().resolve(publicPath).normalize());
    }

    @Override
    public boolean retargetsCopies() {
        return true;
    }

    /**
     * Appends to the copy's {@code settings.php}, after whatever it and its {@code settings.local.php}
     * set, the scratch database's name for both forms: the path of {@code $database} and
     * {@code $databases['default']['default']['database']}. The active configuration folder was
     * computed from the original {@code $database} earlier in the file, so the copy keeps its own.
     * A copy without {@code settings.php} is left as it is.
     */
    @Override
    public void retargetCopy(Site copy, DatabaseCoordinates cmsDatabase) throws IOException {
        Path settings = copy.root().resolve("settings.php");
        if (!Files.isRegularFile(settings, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String name = cmsDatabase.database();
        if (!name.matches("[A-Za-z0-9_$]+")) {
            throw new UpgradeException(ErrorCode.INVALID_INPUT, "The database name '" + name + "' cannot be written into settings.php as is.",
                    "Use a database name of letters, digits and underscores.", null);
        }
        String text = Files.readString(settings, StandardCharsets.UTF_8);
        String start = text.stripTrailing().endsWith("?>") ? "\n<?php\n" : "\n";
        Files.writeString(settings, start + "// Rehearsal copy: the database is a scratch copy of production's.\n"
                + "if (isset($database)) {\n  $database = substr($database, 0, strrpos($database, '/') + 1) . '" + name + "';\n}\n"
                + "if (isset($databases['default']['default'])) {\n  $databases['default']['default']['database'] = '" + name + "';\n}\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    /** A blocker when Backdrop's {@code system} table has no enabled {@code civicrm} module. */
    @Override
    public List<CheckResult> inspect(Site site, DataSource cmsDatabase) {
        try (Connection c = cmsDatabase.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT status FROM `"
                + prefix(site).replace("`", "``") + "system` WHERE type = 'module' AND name = 'civicrm'");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getInt(1) != 1) {
                return List.of(CheckResult.blocker("backdrop.civicrm-disabled", "The civicrm Backdrop module is not enabled.",
                        "Enable CiviCRM in Backdrop (admin/modules), then run again."));
            }
            return List.of(CheckResult.info("backdrop.civicrm-module", "The civicrm Backdrop module is enabled."));
        } catch (SQLException e) {
            return List.of(CheckResult.blocker("backdrop.database", "Cannot read Backdrop's system table: " + e.getMessage(),
                    ErrorCode.DATABASE_ERROR.remedy()));
        }
    }

    /** Section {@code backdrop}: the versions, and the menu rebuild CiviCRM needs after new code. */
    @Override
    public Map<String, List<String>> report(Site site, SiteResources resources, Version from, Version to) {
        List<String> lines = new ArrayList<>();
        lines.add("CiviCRM " + from + " -> " + Release.readInstalledVersion(site.civicrmCodeDir()).map(Version::toString)
                .orElse(to.toString()) + " on Backdrop " + site.cmsVersion() + ".");
        lines.add("Rebuild CiviCRM's menu: visit civicrm/menu/rebuild?reset=1, or run 'cv flush'.");
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("backdrop", lines);
        return out;
    }
}
