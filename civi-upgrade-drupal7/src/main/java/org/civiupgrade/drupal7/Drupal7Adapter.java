package org.civiupgrade.drupal7;

import org.civiupgrade.spi.support.IoProblems;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.civiupgrade.CheckResult;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.Version;
import org.civiupgrade.drupal7.internal.ClearCachesStep;
import org.civiupgrade.drupal7.internal.DrupalSettingsReader;
import org.civiupgrade.drupal7.internal.DrupalTables;
import org.civiupgrade.drupal7.internal.ModuleInfo;
import org.civiupgrade.drupal7.internal.ModuleSteps;
import org.civiupgrade.drupal7.internal.OtherSites;
import org.civiupgrade.drupal7.internal.Reports;
import org.civiupgrade.drupal7.internal.SettingsSyntax;
import org.civiupgrade.drupal7.internal.VariableSteps;
import org.civiupgrade.php.PhpFormatException;
import org.civiupgrade.php.PhpSerialization;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.settings.PhpSettings;
import org.civiupgrade.settings.ResolvedDefine;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.spi.cms.CacheSupport;
import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.cms.CmsModule;
import org.civiupgrade.spi.cms.FilesFolderSupport;
import org.civiupgrade.spi.cms.FrontPageSupport;
import org.civiupgrade.spi.cms.IntegrationModuleSupport;
import org.civiupgrade.spi.cms.MaintenanceModeSupport;
import org.civiupgrade.spi.cms.SiteInspection;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.spi.Step;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CmsAdapter} for Drupal 7. It reads the site without PHP: the Drupal version from
 * {@code includes/bootstrap.inc}, the multisite folder holding {@code civicrm.settings.php}, the
 * CiviCRM code folder, and the database credentials from {@code settings.php} in every real
 * form. CiviCRM's own database, logging database and compile folder come from
 * {@code civicrm.settings.php} as PHP defines them for a web request (nested installer guards
 * included); when one cannot be read without guessing (missing, computed, or depending on run
 * time) the site is refused with the file, the line and the fix: Drupal's database is never
 * taken for CiviCRM's. It refuses a site it cannot upgrade safely (not Drupal 7, CiviCRM missing, found twice,
 * or with copies of its code left under a modules folder), and offers the capabilities the
 * documented procedure needs as steps with exact compensations.
 *
 * <p>Site attributes it sets: {@code drupal.version}, {@code drupal.tablePrefix},
 * {@code drupal.filesDir}, {@code civicrm.codeVersion}, {@code civicrm.templateCompileDir},
 * {@code civicrm.configAndLogDir}.
 */
public final class Drupal7Adapter implements CmsAdapter, MaintenanceModeSupport, FrontPageSupport, IntegrationModuleSupport,
        CacheSupport, FilesFolderSupport, SiteInspection {
    /** A folder the code swap leaves beside the live code folder while a run or its undo is unfinished. */
    private static final java.util.regex.Pattern CODE_SWAP_FOLDER =
            java.util.regex.Pattern.compile("\\..+\\.(?:new|old|failed|restore)-\\d{8}T\\d{6}Z-[0-9a-z]+");

    /** The bytes Drupal's maintenance form writes for "offline". */
    private static final byte[] MAINTENANCE_ON = "i:1;".getBytes(StandardCharsets.US_ASCII);
    /** The bytes of the front page {@code node}, Drupal's default. */
    private static final byte[] FRONT_PAGE_NODE = "s:4:\"node\";".getBytes(StandardCharsets.US_ASCII);

    private static final Pattern VERSION_DEFINE = Pattern.compile("define\\(\\s*'VERSION'\\s*,\\s*'([^']+)'\\s*\\)");

    @Override
    public String name() {
        return "drupal7";
    }

    @Override
    public OptionalInt probe(Path root) {
        Optional<String> v = drupalVersion(root);
        if (v.isEmpty() || !Files.isDirectory(root.resolve("sites"))) {
            return OptionalInt.empty();
        }
        // Other Drupal versions are recognised too, so that open() can say why they are refused.
        return OptionalInt.of(v.get().startsWith("7.") ? 100 : 10);
    }

    /** The {@code VERSION} constant of {@code includes/bootstrap.inc} (Drupal 6 and 7 keep it there). */
    static Optional<String> drupalVersion(Path root) {
        for (String f : List.of("includes/bootstrap.inc", "modules/system/system.module")) {
            Path p = root.resolve(f);
            if (Files.isRegularFile(p)) {
                try {
                    Matcher m = VERSION_DEFINE.matcher(Files.readString(p, StandardCharsets.ISO_8859_1));
                    if (m.find()) {
                        return Optional.of(m.group(1));
                    }
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Site open(Path rootIn, Optional<String> siteName) {
        return open(rootIn, siteName, Optional.empty());
    }

    /**
     * {@inheritDoc} With {@code php}, a CIVICRM_DSN, CIVICRM_LOGGING_DSN or
     * CIVICRM_TEMPLATE_COMPILEDIR that depends on run time or is computed is taken from PHP's own
     * evaluation of the file under the web-request assumptions ({@link PhpSettings}).
     */
    @Override
    public Site open(Path rootIn, Optional<String> siteName, Optional<Path> phpBinary) {
        Path root = rootIn.toAbsolutePath().normalize();
        String version = drupalVersion(root).orElseThrow(() -> new UpgradeException(ErrorCode.SITE_NOT_RECOGNISED,
                root + " has no includes/bootstrap.inc defining VERSION: not a Drupal root."));
        if (!version.startsWith("7.")) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, root + " is Drupal " + version + "; only Drupal 7 is supported.",
                    "Use a tool for your Drupal version, or upgrade Drupal to 7 first.", null);
        }
        String site = chooseSite(root, siteName);
        Path siteDir = root.resolve("sites").resolve(site);
        Path settings = siteDir.resolve("settings.php");
        if (!Files.isRegularFile(settings)) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, "sites/" + site + " has civicrm.settings.php but no settings.php.",
                    "Point civi-upgrade at the Drupal root of a working site.", null);
        }
        String drupalSettingsName = "sites/" + site + "/settings.php";
        Path civiSettings = siteDir.resolve("civicrm.settings.php");
        String civiSettingsName = "sites/" + site + "/civicrm.settings.php";
        // a file PHP cannot parse would mislead the static reader, or be read as if it worked
        SettingsSyntax.requireParses(settings, drupalSettingsName, phpBinary);
        SettingsSyntax.requireParses(civiSettings, civiSettingsName, phpBinary);
        DatabaseCoordinates cms = DrupalSettingsReader.read(settings, root, drupalSettingsName);
        Path code = civicrmCodeDir(root, site);
        SettingsFile cs = SettingsFile.read(civiSettings);
        // CiviCRM's database is what CIVICRM_DSN says for a web request, never Drupal's by default:
        // cv, drush and the web upgrader read it themselves, so a guess would back up another database.
        Optional<PhpSettings> php = phpBinary.filter(p -> needsPhp(cs))
                .map(p -> PhpSettings.evaluate(p, civiSettings, java.time.Duration.ofSeconds(60)));
        DatabaseCoordinates civi = SettingsFile.requireDatabase(cs.resolveDefine("CIVICRM_DSN", php), civiSettingsName);
        DatabaseCoordinates logging = loggingDatabase(cs, php, civiSettingsName)
                .filter(l -> !(l.host().equals(civi.host()) && l.port() == civi.port() && l.database().equals(civi.database())))
                .orElse(null);
        Path templatesC = resolve(root, templateCompileDir(cs, php, civiSettingsName));
        Site.Builder b = Site.builder(root).cms("Drupal", version).siteName(site).siteDir(siteDir).civicrmCodeDir(code)
                .civicrmSettingsFile(civiSettings).cmsDatabase(cms).civicrmDatabase(civi).civicrmLoggingDatabase(logging)
                .adapter(this)
                .attribute("drupal.version", version)
                .attribute("drupal.tablePrefix", cms.tablePrefix())
                .attribute("drupal.filesDir", siteDir.resolve("files").toString())
                .attribute("civicrm.templateCompileDir", templatesC.toString())
                .attribute("civicrm.configAndLogDir", templatesC.getParent().resolve("ConfigAndLog").toString());
        codeVersion(code).ifPresent(v -> b.attribute("civicrm.codeVersion", v));
        return b.build();
    }

    private static final List<String> READ_DEFINES = List.of("CIVICRM_DSN", "CIVICRM_LOGGING_DSN", "CIVICRM_TEMPLATE_COMPILEDIR");

    /** True when a define the adapter reads is only known at run time or computed. */
    private static boolean needsPhp(SettingsFile cs) {
        return READ_DEFINES.stream().map(cs::resolveDefine).anyMatch(r -> r.status() == ResolvedDefine.Status.COMPUTED
                || r.status() == ResolvedDefine.Status.DEPENDS_ON_RUN_TIME);
    }

    /**
     * CIVICRM_LOGGING_DSN: absent means CiviCRM logs into CIVICRM_DSN's database (empty here);
     * a value that depends on run time or only PHP can compute is refused unless PHP evaluated
     * it, since the backup would miss the logging database.
     */
    static Optional<DatabaseCoordinates> loggingDatabase(SettingsFile cs, Optional<PhpSettings> php, String fileName) {
        ResolvedDefine r = cs.resolveDefine("CIVICRM_LOGGING_DSN", php);
        if (r.status() == ResolvedDefine.Status.MISSING) {
            return Optional.empty();
        }
        return Optional.of(SettingsFile.requireDatabase(r, fileName));
    }

    /** CIVICRM_TEMPLATE_COMPILEDIR, which CiviCRM requires: refused, not guessed, when it cannot be read. */
    static String templateCompileDir(SettingsFile cs, Optional<PhpSettings> php, String fileName) {
        ResolvedDefine r = cs.resolveDefine("CIVICRM_TEMPLATE_COMPILEDIR", php);
        if (r.status() == ResolvedDefine.Status.KNOWN && r.value().get() instanceof PhpValue.Str s
                && !s.text().isEmpty()) {
            return s.text();
        }
        throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + ": " + (r.status() == ResolvedDefine.Status.KNOWN
                ? "CIVICRM_TEMPLATE_COMPILEDIR is not a path (line " + r.line() + ")." : r.explanation()),
                "Define CIVICRM_TEMPLATE_COMPILEDIR in " + fileName + " as the literal path of the compiled templates folder,"
                        + " e.g. define('CIVICRM_TEMPLATE_COMPILEDIR', '/var/www/sites/default/files/civicrm/templates_c/');", null);
    }

    private static Path resolve(Path root, String path) {
        Path p = Path.of(path);
        return (p.isAbsolute() ? p : root.resolve(p)).normalize();
    }

    /** Why a civicrm.settings.php that is there cannot be read (a folder, a broken link, no read permission); empty when absent. */
    private static Optional<String> unreadableSettings(Path settings) {
        if (!Files.exists(settings, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.exists(settings)) {
            return Optional.of("it is a symbolic link to a file that does not exist");
        }
        if (Files.isDirectory(settings)) {
            return Optional.of("it is a folder, not a file");
        }
        if (!Files.isRegularFile(settings)) {
            return Optional.of("it is not a regular file");
        }
        return Optional.of("permission denied");
    }

    private static String chooseSite(Path root, Optional<String> wanted) {
        List<String> sites = new ArrayList<>();
        Map<String, String> unreadable = new TreeMap<>();
        try (Stream<Path> s = Files.list(root.resolve("sites"))) {
            for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
                Path settings = d.resolve("civicrm.settings.php");
                if (Files.isRegularFile(settings) && Files.isReadable(settings)) {
                    sites.add(d.getFileName().toString());
                } else {
                    unreadableSettings(settings).ifPresent(why -> unreadable.put(d.getFileName().toString(), why));
                }
            }
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot list " + root.resolve("sites"), e);
        }
        String name = wanted.orElse(sites.isEmpty() && unreadable.size() == 1 ? unreadable.keySet().iterator().next() : null);
        if (name != null && unreadable.containsKey(name)) {
            // there is a settings file, but not one that can be read: say so rather than "CiviCRM is not installed"
            throw new UpgradeException(ErrorCode.FILE_ERROR, "sites/" + name + "/civicrm.settings.php cannot be read: "
                    + unreadable.get(name) + ".", "Put CiviCRM's settings file back at sites/" + name + "/civicrm.settings.php as a"
                    + " regular file that the user running civi-upgrade may read (check its permissions, owner and links),"
                    + " then run again.", null);
        }
        if (wanted.isPresent()) {
            if (!sites.contains(wanted.get())) {
                throw new UpgradeException(ErrorCode.SITE_INVALID, "sites/" + wanted.get() + " has no civicrm.settings.php"
                        + (sites.isEmpty() ? "." : "; sites with CiviCRM: " + String.join(", ", sites) + "."),
                        "Choose one of the listed sites.", null);
            }
            return wanted.get();
        }
        if (sites.isEmpty()) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, "No sites/*/civicrm.settings.php in " + root
                    + (unreadable.isEmpty() ? ": CiviCRM is not installed on this Drupal site."
                    : " that can be read: " + unreadable.entrySet().stream().map(e -> "sites/" + e.getKey()
                    + "/civicrm.settings.php " + e.getValue()).collect(java.util.stream.Collectors.joining("; ")) + "."),
                    unreadable.isEmpty() ? "Install CiviCRM, or point civi-upgrade at the right Drupal root."
                            : "Name the site to upgrade (--site) and make its civicrm.settings.php a regular file the user running"
                            + " civi-upgrade may read.", null);
        }
        if (sites.size() > 1) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, "This multisite install has CiviCRM on several sites: "
                    + String.join(", ", sites) + ".", "Name the site to upgrade, e.g. Site.detect(root, \"" + sites.get(0) + "\").", null);
        }
        return sites.get(0);
    }

    /**
     * The CiviCRM code folder: the one folder holding {@code drupal/civicrm.module} below
     * {@code sites/all/modules}, {@code sites/<site>/modules}, {@code profiles/*}{@code /modules} or
     * {@code modules}. Refuses when there is none, when there are several, or when a copy under
     * another name (a backup) sits under a modules folder, where Drupal would load it.
     */
    static Path civicrmCodeDir(Path root, String site) {
        List<Path> moduleRoots = new ArrayList<>(List.of(root.resolve("sites/all/modules"), root.resolve("sites").resolve(site).resolve("modules"),
                root.resolve("modules")));
        try (Stream<Path> profiles = Files.isDirectory(root.resolve("profiles")) ? Files.list(root.resolve("profiles")) : Stream.empty()) {
            profiles.map(p -> p.resolve("modules")).forEach(moduleRoots::add);
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot list " + root.resolve("profiles"), e);
        }
        Set<Path> found = new TreeSet<>();
        for (Path mr : moduleRoots) {
            if (!Files.isDirectory(mr)) {
                continue;
            }
            try {
                // Drupal's file scan follows links (a code folder linked in from outside the tree is common)
                Files.walkFileTree(mr, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), 5,
                        new java.nio.file.SimpleFileVisitor<>() {
                            @Override
                            public java.nio.file.FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes a) {
                                if (a.isRegularFile() && p.getFileName().toString().equals("civicrm.module")
                                        && p.getParent().getFileName().toString().equals("drupal")) {
                                    found.add(p.getParent().getParent());
                                }
                                return java.nio.file.FileVisitResult.CONTINUE;
                            }

                            @Override
                            public java.nio.file.FileVisitResult visitFileFailed(Path p, IOException e) {
                                return java.nio.file.FileVisitResult.CONTINUE; // a link loop or an unreadable entry: skipped, as Drupal does
                            }
                        });
            } catch (IOException e) {
                throw IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot search " + mr, e);
            }
        }
        List<Path> named = found.stream().filter(p -> p.getFileName().toString().equals("civicrm")).toList();
        // the code swap's own folders beside the live one (.civicrm.new-<run>, .old-, .failed-, .restore-)
        // belong to a run that status and recover must still be able to see through: not copies to refuse
        List<Path> copies = found.stream().filter(p -> !p.getFileName().toString().equals("civicrm"))
                .filter(p -> !CODE_SWAP_FOLDER.matcher(p.getFileName().toString()).matches()).toList();
        if (!copies.isEmpty() && !named.isEmpty()) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, "Copies of the CiviCRM code sit under a modules folder: "
                    + rel(root, copies) + ". Drupal loads every *.module file it finds there, so the old copy can be loaded instead of the new code.",
                    "Move these copies outside the Drupal tree (or at least outside every modules folder), then run again.", null);
        }
        List<Path> candidates = named.isEmpty() ? copies : named;
        if (candidates.isEmpty()) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, "The CiviCRM module is missing: no civicrm/drupal/civicrm.module under "
                    + "sites/all/modules, sites/" + site + "/modules or profiles/*/modules.",
                    "Restore the CiviCRM code folder (sites/all/modules/civicrm) before upgrading.", null);
        }
        if (candidates.size() > 1) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, "The CiviCRM code was found more than once: " + rel(root, candidates)
                    + ". Drupal would load only one of them, and the upgrade cannot tell which.",
                    "Keep one CiviCRM folder (the one the system table names for the civicrm module) and move the others out of the Drupal tree.", null);
        }
        return candidates.get(0);
    }

    private static String rel(Path root, List<Path> paths) {
        return String.join(", ", paths.stream().map(p -> root.relativize(p).toString()).toList());
    }

    /** The CiviCRM code version: xml/version.xml, then civicrm-version.php, then civicrm-version.txt. */
    public static Optional<String> codeVersion(Path code) {
        try {
            Path xml = code.resolve("xml/version.xml");
            if (Files.isRegularFile(xml)) {
                Matcher m = Pattern.compile("<version_no>\\s*([^<\\s]+)\\s*</version_no>").matcher(Files.readString(xml, StandardCharsets.ISO_8859_1));
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
            Path php = code.resolve("civicrm-version.php");
            if (Files.isRegularFile(php)) {
                Matcher m = Pattern.compile("'version'\\s*=>\\s*'([^']+)'").matcher(Files.readString(php, StandardCharsets.ISO_8859_1));
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
            Path txt = code.resolve("civicrm-version.txt");
            if (Files.isRegularFile(txt)) {
                String[] parts = Files.readString(txt, StandardCharsets.ISO_8859_1).trim().split("\\s+");
                if (parts.length > 0 && !parts[0].isEmpty()) {
                    return Optional.of(parts[0]);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String read(Path p) {
        try {
            // settings files are UTF-8 or plain ASCII; ISO-8859-1 would mangle a UTF-8 password
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot read " + p, e);
        }
    }

    private static String prefix(Site site) {
        return site.cmsDatabase().tablePrefix();
    }

    // ------------------------------------------------------------------ maintenance mode

    /** Whether the stored bytes mean "offline": PHP truthiness of the unserialized value, as Drupal reads it. */
    public static boolean truthy(byte[] serialized) {
        if (serialized == null) {
            return false;
        }
        try {
            return PhpSerialization.unserialize(serialized).truthy();
        } catch (PhpFormatException e) {
            return false; // unserialize() returns FALSE for broken values
        }
    }

    @Override
    public boolean isOffline(Site site, DataSource cmsDatabase) throws SQLException {
        try (Connection c = cmsDatabase.getConnection()) {
            return truthy(DrupalTables.readVariable(c, prefix(site), "maintenance_mode").orElse(null));
        }
    }

    @Override
    public Step maintenanceOnStep(Site site) {
        return VariableSteps.change("drupal7.maintenance-on", "Put the Drupal site into maintenance mode", prefix(site),
                "maintenance_mode", current -> truthy(current.orElse(null)) ? Optional.empty() : Optional.of(MAINTENANCE_ON),
                "set maintenance_mode to i:1; unless the site is already offline (then it stays as it is)");
    }

    @Override
    public Step maintenanceOffStep(Site site) {
        return VariableSteps.restore("drupal7.maintenance-off", "Restore Drupal's maintenance mode as it was before the upgrade",
                prefix(site), "maintenance_mode");
    }

    // ------------------------------------------------------------------ front page

    /** The configured front page path ({@code site_frontpage}), empty when Drupal's default is used. */
    public Optional<String> frontPage(Site site, DataSource cmsDatabase) throws SQLException {
        try (Connection c = cmsDatabase.getConnection()) {
            return DrupalTables.readVariable(c, prefix(site), "site_frontpage").flatMap(Drupal7Adapter::stringValue);
        }
    }

    private static Optional<String> stringValue(byte[] bytes) {
        try {
            return PhpSerialization.unserialize(bytes) instanceof PhpValue.Str s ? Optional.of(s.text()) : Optional.empty();
        } catch (PhpFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether a front page path is served by CiviCRM ({@code civicrm}, {@code civicrm/...}). */
    public boolean isCivicrmPath(String path) {
        String p = path.trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.equals("civicrm") || p.startsWith("civicrm/") || p.startsWith("civicrm?");
    }

    @Override
    public Step neutralFrontPageStep(Site site) {
        return VariableSteps.change("drupal7.front-page-to-node", "Point the Drupal front page at 'node' if CiviCRM serves it",
                prefix(site), "site_frontpage",
                current -> current.flatMap(Drupal7Adapter::stringValue).filter(this::isCivicrmPath).map(p -> FRONT_PAGE_NODE),
                "set site_frontpage to s:4:\"node\"; if it is a civicrm path");
    }

    @Override
    public Step restoreFrontPageStep(Site site) {
        return VariableSteps.restore("drupal7.front-page-restore", "Restore the Drupal front page", prefix(site), "site_frontpage");
    }

    // ------------------------------------------------------------------ integration modules

    /** Every installed module that integrates with CiviCRM (never CiviCRM's own), enabled or not, in Drupal's order. */
    public List<CmsModule> integrationModules(Site site, DataSource cmsDatabase) throws SQLException {
        try (Connection c = cmsDatabase.getConnection()) {
            return ModuleInfo.integrationModules(ModuleInfo.modules(c, prefix(site)));
        }
    }

    /** Integration modules whose declared constraints {@code target} does not meet, one line with the reason each. */
    public List<String> incompatibleWith(Site site, DataSource cmsDatabase, Version target) throws SQLException {
        List<String> out = new ArrayList<>();
        for (CmsModule m : integrationModules(site, cmsDatabase)) {
            out.addAll(ModuleInfo.incompatibilities(m, target));
        }
        return out;
    }

    @Override
    public Step disableIntegrationModulesStep(Site site) {
        return ModuleSteps.disable(prefix(site));
    }

    /** Like {@link #reenableIntegrationModulesStep(Site, Version)}, without the compatibility warnings. */
    public Step reenableIntegrationModulesStep(Site site) {
        return ModuleSteps.reenable(prefix(site), Optional.empty());
    }

    /** {@inheritDoc} Warns (check and report) about modules whose constraints the target version does not meet. */
    @Override
    public Step reenableIntegrationModulesStep(Site site, Version target) {
        return ModuleSteps.reenable(prefix(site), Optional.of(target));
    }

    // ------------------------------------------------------------------ caches

    @Override
    public Step clearCachesStep(Site site) {
        Path templatesC = Path.of(site.attribute("civicrm.templateCompileDir")
                .orElse(site.siteDir().resolve("files/civicrm/templates_c").toString()));
        Path configAndLog = Path.of(site.attribute("civicrm.configAndLogDir").orElse(templatesC.getParent().resolve("ConfigAndLog").toString()));
        return new ClearCachesStep(prefix(site), templatesC, configAndLog);
    }

    // ------------------------------------------------------------------ files folder

    /** {@code sites/<site>/files}, or the folder the site's {@code drupal.filesDir} attribute names. */
    @Override
    public Optional<Path> filesDirectory(Site site) {
        return Optional.of(site.attribute("drupal.filesDir").map(s -> site.root().resolve(s)).orElse(site.siteDir().resolve("files")));
    }

    // ------------------------------------------------------------------ rehearsal copies

    @Override
    public boolean retargetsCopies() {
        return true;
    }

    /**
     * Appends to the copy's {@code settings.php} an override of the default connection's database
     * name ({@code $databases['default']['default']['database']}), after whatever the file sets, so a
     * bootstrap of the copied Drupal opens the scratch database. A copy without {@code settings.php}
     * is left as it is.
     */
    @Override
    public void retargetCopy(Site copy, DatabaseCoordinates cmsDatabase) throws IOException {
        Path settings = copy.siteDir().resolve("settings.php");
        if (!Files.isRegularFile(settings, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String name = cmsDatabase.database();
        if (!name.matches("[A-Za-z0-9_$]+")) {
            throw new UpgradeException(ErrorCode.INVALID_INPUT, "The database name '" + name + "' cannot be written into settings.php as is.",
                    "Use a database name of letters, digits and underscores.", null);
        }
        String text = new String(Files.readAllBytes(settings), StandardCharsets.UTF_8);
        String start = text.stripTrailing().endsWith("?>") ? "\n<?php\n" : "\n";
        Files.writeString(settings, start + "// Rehearsal copy: the database is a scratch copy of production's.\n"
                + "$databases['default']['default']['database'] = '" + name + "';\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
    }

    @Override
    public List<Path> webServerWritablePaths(Site site) {
        Path files = filesDirectory(site).orElseThrow();
        Path templatesC = Path.of(site.attribute("civicrm.templateCompileDir").orElse(files.resolve("civicrm/templates_c").toString()));
        Path civi = templatesC.getParent();
        return List.of(files, civi, templatesC, civi.resolve("upload"), civi.resolve("custom"), civi.resolve("persist"),
                civi.resolve("ConfigAndLog"));
    }

    @Override
    public List<CheckResult> checkWritable(Site site, String webServerUser) {
        List<CheckResult> out = new ArrayList<>();
        for (Path p : webServerWritablePaths(site)) {
            String id = "drupal7.writable." + site.siteDir().relativize(p).toString().replace('/', '.');
            if (!Files.isDirectory(p)) {
                out.add(CheckResult.warning(id, p + " does not exist.", "Create it and let " + webServerUser + " write it (mode 0755 for its owner)."));
                continue;
            }
            try {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                Set<PosixFilePermission> perms = a.permissions();
                boolean owner = a.owner().getName().equals(webServerUser) && perms.contains(PosixFilePermission.OWNER_WRITE);
                boolean group = a.group().getName().equals(webServerUser) && perms.contains(PosixFilePermission.GROUP_WRITE);
                boolean other = perms.contains(PosixFilePermission.OTHERS_WRITE);
                if (owner || group || other) {
                    out.add(CheckResult.info(id, p + " is writable by " + webServerUser + "."));
                } else {
                    out.add(CheckResult.warning(id, p + " is not writable by " + webServerUser + " (owner " + a.owner().getName()
                            + ", group " + a.group().getName() + ").", "chown -R " + webServerUser + " " + p
                            + " and use modes 0755 for folders, 0644 for files."));
                }
            } catch (IOException | UnsupportedOperationException e) {
                out.add(CheckResult.warning(id, "Cannot read the permissions of " + p + ": " + IoProblems.describe(e) + ".",
                        IoProblems.remedy(e)));
            }
        }
        return out;
    }

    /**
     * A step that sets the web server's folders to modes 0755 (folders) and 0644 (files) and, when
     * {@code webServerUser} is not null, gives them to that user (needs root); every change is undone exactly.
     */
    public Step fixFilesFolderStep(Site site, @Nullable String webServerUser) {
        List<Path> roots = webServerWritablePaths(site).stream().filter(Files::isDirectory).toList();
        List<Path> distinct = roots.stream().filter(p -> roots.stream().noneMatch(o -> !o.equals(p) && p.startsWith(o))).toList();
        return new org.civiupgrade.drupal7.internal.FixFilesFolderStep(distinct, webServerUser);
    }

    // ------------------------------------------------------------------ inspection

    @Override
    public List<CheckResult> inspect(Site site, DataSource cmsDatabase) {
        List<CheckResult> out = new ArrayList<>();
        try (Connection c = cmsDatabase.getConnection()) {
            Map<String, Object[]> rows = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT filename, status FROM " + DrupalTables.t(prefix(site), "system")
                    + " WHERE type = 'module' AND name = 'civicrm'"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new Object[] {rs.getInt(2)});
                }
            }
            if (rows.isEmpty()) {
                out.add(CheckResult.blocker("drupal7.civicrm-module", "The civicrm module has no row in Drupal's system table: "
                        + "CiviCRM was never enabled on this site.", "Enable CiviCRM in Drupal (admin/modules) before upgrading."));
                return out;
            }
            String expected = site.root().relativize(site.civicrmCodeDir().resolve("drupal/civicrm.module")).toString();
            Map.Entry<String, Object[]> row = rows.entrySet().iterator().next();
            if (!rows.containsKey(expected)) {
                out.add(CheckResult.blocker("drupal7.civicrm-location", "Drupal loads the civicrm module from " + row.getKey()
                        + " but the CiviCRM code found is " + expected + ".",
                        "Make the system table and the code folder agree (visit admin/modules once to let Drupal rescan), then run again."));
            }
            if (((Integer) rows.getOrDefault(expected, row.getValue())[0]) != 1) {
                out.add(CheckResult.blocker("drupal7.civicrm-disabled", "The civicrm Drupal module is disabled: the upgrade page "
                        + "civicrm/upgrade would answer \"Page Not Found\".", "Enable the CiviCRM module in Drupal (admin/modules), then run again."));
            }
            if (out.isEmpty()) {
                out.add(CheckResult.info("drupal7.civicrm-module", "The civicrm module is enabled from " + expected + "."));
            }
        } catch (SQLException e) {
            out.add(CheckResult.blocker("drupal7.database", "Cannot read Drupal's system table: " + e.getMessage(),
                    ErrorCode.DATABASE_ERROR.remedy()));
        }
        return out;
    }

    /**
     * {@inheritDoc} Adds {@code drupal7.other-sites}: other sites of a multisite install that use
     * this CiviCRM code folder with a database of their own ({@link OtherSites}); a blocker unless
     * the plan option {@link org.civiupgrade.CoreOptions#OTHER_SITES_ON_NEW_CODE} accepts it.
     */
    @Override
    public List<CheckResult> inspect(Site site, SiteResources resources, org.civiupgrade.spi.PlanOptions options) {
        List<CheckResult> out = new ArrayList<>(inspect(site, resources.cmsDatabase()));
        out.addAll(OtherSites.check(site, options.find(org.civiupgrade.CoreOptions.OTHER_SITES_ON_NEW_CODE).orElse(false)));
        return out;
    }

    /**
     * Report lines when CiviCRM's Resource URL no longer points at the code folder (the code
     * moved); empty when it does or when it uses the {@code [civicrm.root]} token.
     */
    public List<String> resourceUrlReport(Site site, DataSource civicrmDatabase) {
        try (Connection c = civicrmDatabase.getConnection()) {
            return Reports.resourceUrl(c, site.root().relativize(site.civicrmCodeDir()).toString());
        } catch (SQLException e) {
            return List.of("Could not read CiviCRM's Resource URL setting: " + e.getMessage());
        }
    }

    /**
     * {@inheritDoc} Sections: {@code permissions} (role permissions to review), {@code action-items}
     * (follow-up work for this version jump) and {@code resource-url} (CiviCRM's Resource URL when it
     * no longer points at the code folder).
     */
    @Override
    public Map<String, List<String>> report(Site site, SiteResources resources, Version from, Version to) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : postUpgradeReport(site, resources.cmsDatabase(), from, to)) {
            out.computeIfAbsent(line.startsWith("Review permission") ? "permissions" : "action-items", k -> new ArrayList<>()).add(line);
        }
        List<String> resourceUrl = resourceUrlReport(site, resources.civicrmDatabase());
        if (!resourceUrl.isEmpty()) {
            out.put("resource-url", resourceUrl);
        }
        return out;
    }

    /** The permission review lines, then the action items of the jump from {@code from} to {@code to}. */
    public List<String> postUpgradeReport(Site site, DataSource cmsDatabase, Version from, Version to) {
        List<String> out = new ArrayList<>();
        try (Connection c = cmsDatabase.getConnection()) {
            out.addAll(Reports.permissionReview(c, prefix(site)));
        } catch (SQLException e) {
            out.add("Could not list role permissions to review: " + e.getMessage());
        }
        out.addAll(Reports.actionItems(from, to));
        return out;
    }
}
