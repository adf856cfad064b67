package org.civiupgrade.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.civiupgrade.Version;

/**
 * Builds a real {@code civicrm-X.Y.Z-drupal.tar.gz} laid out like the era's release: one top
 * folder {@code civicrm/} with {@code CRM/ api/ packages/ templates/ sql/ drupal/}
 * ({@code civicrm.info}, {@code civicrm.module}, {@code civicrm.install}, the bundled integration
 * modules), {@code CRM/Core/ClassLoader.php} from 4.2,
 * {@code civicrm.config.php}, the version file of the era ({@code civicrm-version.txt} before
 * 3.4, {@code civicrm-version.php} from 3.4, plus {@code xml/version.xml} from 5.0; from 5.20
 * the PHP file only reads the XML one),
 * {@code vendor/} from 4.7 and {@code ext/} from 5.0, and incremental upgrade SQL in
 * {@code CRM/Upgrade/Incremental/sql/X.Y.Z.mysql.tpl} for every revision up to the version.
 *
 * <p>Each revision's default SQL creates a table {@code civicrm_fake_rev_X_Y_Z} with one row
 * and changes a row of {@code civicrm_option_value}-like data only if present, so a test can
 * see what the upgrade did and that a rollback removed it.
 *
 * <p>With {@link #withUpgradeClasses()} the release carries a small PHP fake of CiviCRM's
 * upgrade classes under their real class and method names ({@code CRM_Core_ClassLoader},
 * {@code CRM_Core_Config::singleton}, {@code CRM_Core_BAO_Domain::version},
 * {@code CRM_Utils_System::version}/{@code loadBootStrap}, {@code CRM_Upgrade_Form}
 * ({@code checkUpgradeableVersion}, {@code setPreUpgradeMessage}, {@code buildQueue},
 * {@code doFinish}), {@code CRM_Queue_Task}, {@code CRM_Queue_TaskContext},
 * {@code CRM_Queue_Queue_Memory}, {@code CRM_Core_DAO::dropTriggers},
 * {@code CRM_Extension_Upgrades::hasPending}/{@code createQueue}), so that a PHP script written
 * against CiviCRM's API runs the upgrade for real. Its tasks do what {@link FakeSchemaUpgrader}
 * does with {@link FakeSchemaUpgrader.Behaviour#PLAIN}, through PDO MySQL on {@code CIVICRM_DSN}:
 * triggers dropped, per revision newer than the database the tasks "Begin Upgrade to X"
 * ({@code X.upgrade}), "Upgrade DB to X" (the revision's SQL) and "Finish Upgrade DB to X"
 * ({@code X}), then {@code doFinish()} writes the code version and rebuilds the triggers.
 * {@link #upgradeFailingAt(String)} makes a revision's SQL task throw after its {@code .upgrade}
 * marker was written; {@link #pendingExtensionUpgrade(String)} adds an extension with one pending
 * revision (from 5.53 in core's queue, before only through {@code CRM_Extension_Upgrades}).
 */
public final class FakeRelease {
    /** About the file count of a 5.x Drupal tarball. */
    public static final int REALISTIC_FILES = 30_000;

    /** The bundled Drupal integration modules of the {@code drupal/modules} folder. */
    public static final List<String> BUNDLED_MODULES = List.of("civicrm_contact_ref", "civicrm_engage", "civicrm_group_roles",
            "civicrm_member_roles", "civicrm_og_sync", "civicrm_rules", "civicrmtheme");

    private static final int[][] MINORS = {{2, 2}, {3, 0}, {3, 1}, {3, 2}, {3, 3}, {3, 4}, {4, 0}, {4, 1}, {4, 2}, {4, 3},
        {4, 4}, {4, 5}, {4, 6}, {4, 7}};

    private final Version version;
    private int fillerFiles = 50;
    private List<String> revisions;
    private final Map<String, String> sql = new LinkedHashMap<>();
    private final Map<String, String> extraFiles = new LinkedHashMap<>();
    private boolean upgradeClasses;
    private String upgradeFailAt;
    private String pendingExtension;

    /** The PHP files of the fake upgrade classes, below {@code civicrm/}. */
    static final List<String> UPGRADE_CLASS_FILES = List.of("CRM/Core/ClassLoader.php", "CRM/Core/Config.php", "CRM/Core/DAO.php",
            "CRM/Core/BAO/Domain.php", "CRM/Utils/System.php", "CRM/Upgrade/Form.php", "CRM/Queue/Task.php",
            "CRM/Queue/TaskContext.php", "CRM/Queue/Queue/Memory.php", "CRM/Extension/Upgrades.php");

    private FakeRelease(Version version) {
        this.version = version;
    }

    /** A release of this version, e.g. {@code 4.4.5} or {@code 5.14.0}. */
    public static FakeRelease of(String version) {
        return new FakeRelease(Version.parse(version));
    }

    /** Number of filler PHP files under {@code CRM/} (default 50); {@link #REALISTIC_FILES} for a 5.x-sized tarball. */
    public FakeRelease fillerFiles(int n) {
        this.fillerFiles = n;
        return this;
    }

    /** A tarball with tens of thousands of files, like a real 5.x release. */
    public FakeRelease realisticScale() {
        return fillerFiles(REALISTIC_FILES);
    }

    /** The revisions shipped in {@code CRM/Upgrade/Incremental/sql} (default {@link #defaultRevisions(Version)}). */
    public FakeRelease revisions(String... versions) {
        this.revisions = List.of(versions);
        return this;
    }

    /** Replaces a revision's SQL (the {@code .mysql.tpl} body). */
    public FakeRelease sql(String revision, String body) {
        sql.put(revision, body);
        return this;
    }

    /** Adds or replaces a file below {@code civicrm/}. */
    public FakeRelease file(String relativePath, String content) {
        extraFiles.put(relativePath, content);
        return this;
    }

    /** Ships the PHP fake of CiviCRM's upgrade classes (see the class description). */
    public FakeRelease withUpgradeClasses() {
        this.upgradeClasses = true;
        return this;
    }

    /** Ships the fake upgrade classes, whose SQL task of {@code revision} fails with "DB Error: injected failure in revision ...". */
    public FakeRelease upgradeFailingAt(String revision) {
        this.upgradeFailAt = Objects.requireNonNull(revision, "revision");
        return withUpgradeClasses();
    }

    /** Ships the fake upgrade classes with an extension {@code key} whose revision 1001 is pending (it creates {@code civicrm_fake_ext_<key>}). */
    public FakeRelease pendingExtensionUpgrade(String key) {
        this.pendingExtension = Objects.requireNonNull(key, "key");
        return withUpgradeClasses();
    }

    /** The release's version. */
    public Version version() {
        return version;
    }

    /**
     * One revision per minor release from 2.2 up to the version's minor (X.Y.0), then every
     * patch of the version's own minor up to it: {@code 4.4.5} gives 2.2.0 ... 4.4.0, 4.4.1 ... 4.4.5.
     */
    public static List<String> defaultRevisions(Version upTo) {
        List<int[]> minors = new ArrayList<>(List.of(MINORS));
        for (int m = 0; m <= 81; m++) {
            minors.add(new int[] {5, m});
        }
        for (int m = 0; m <= 10; m++) {
            minors.add(new int[] {6, m});
        }
        List<String> out = new ArrayList<>();
        for (int[] mm : minors) {
            Version v = Version.parse(mm[0] + "." + mm[1] + ".0");
            if (v.compareTo(upTo) <= 0) {
                out.add(v.toString());
            }
        }
        for (int p = 1; p <= upTo.patch(); p++) {
            out.add(upTo.major() + "." + upTo.minor() + "." + p);
        }
        return out;
    }

    /** The default SQL of a revision. */
    public static String defaultSql(String revision) {
        String table = revisionTable(revision);
        return "{* file to handle db changes in " + revision + " during upgrade *}\n"
                + "-- fake revision " + revision + "\n"
                + "CREATE TABLE `" + table + "` (\n  `id` int unsigned NOT NULL AUTO_INCREMENT,\n"
                + "  `note` varchar(255) NOT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
                + "INSERT INTO `" + table + "` (`note`) VALUES ('upgraded to " + revision + "');\n";
    }

    /** The table a revision's default SQL creates, e.g. {@code civicrm_fake_rev_4_4_5}. */
    public static String revisionTable(String revision) {
        return "civicrm_fake_rev_" + revision.replaceAll("[^0-9A-Za-z]", "_");
    }

    private static String phpString(String s) {
        return s == null ? "NULL" : "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String resource(String name) {
        try (var in = FakeRelease.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("testkit resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes {@code civicrm-X.Y.Z-drupal.tar.gz} into {@code dir} and returns it. */
    public Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path out = dir.resolve("civicrm-" + version + "-drupal.tar.gz");
        Map<String, byte[]> files = new TreeMap<>(contents());
        Date mtime = Date.from(Instant.parse("2014-06-01T12:00:00Z"));
        try (OutputStream os = Files.newOutputStream(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(os))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            java.util.Set<String> dirs = new java.util.HashSet<>();
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                String name = "civicrm/" + f.getKey();
                String[] parts = name.split("/");
                StringBuilder d = new StringBuilder();
                for (int i = 0; i < parts.length - 1; i++) {
                    d.append(parts[i]).append('/');
                    if (dirs.add(d.toString())) {
                        TarArchiveEntry de = new TarArchiveEntry(d.toString());
                        de.setMode(040755);
                        de.setModTime(mtime);
                        tar.putArchiveEntry(de);
                        tar.closeArchiveEntry();
                    }
                }
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setMode(name.endsWith(".sh") ? 0100755 : 0100644);
                e.setSize(f.getValue().length);
                e.setModTime(mtime);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return out;
    }

    /** Relative path (below {@code civicrm/}) to content of every file of the release. */
    public Map<String, byte[]> contents() {
        Map<String, String> f = new LinkedHashMap<>();
        String v = version.toString();
        boolean v5 = version.major() >= 5;
        if (version.isBefore(Version.parse("3.4.0"))) {
            f.put("civicrm-version.txt", v + " Drupal PHP5\n");
        } else if (version.isBefore(Version.parse("5.20.0"))) {
            f.put("civicrm-version.php", "<?php\n" + (v5 ? "/** @deprecated */\n" : "") + "function civicrmVersion( ) {\n"
                    + "  return array( 'version'  => '" + v + "',\n"
                    + "                'cms'      => 'Drupal',\n                'revision' => 'fake" + v.replace(".", "") + "' );\n}\n");
        } else {
            // later 5.x: the PHP file holds no version literal, it reads xml/version.xml at run time
            f.put("civicrm-version.php", "<?php\nnamespace _CiviVersion_ {\n  class Util {\n    public static function findVersion() {\n"
                    + "      $xml = simplexml_load_file(__DIR__ . '/xml/version.xml');\n      return (string) $xml->version_no;\n    }\n"
                    + "  }\n}\nnamespace {\n  function civicrmVersion() {\n    return ['version' => \\_CiviVersion_\\Util::findVersion(), "
                    + "'cms' => 'Drupal'];\n  }\n}\n");
        }
        if (v5) {
            f.put("xml/version.xml", "<?xml version=\"1.0\" encoding=\"iso-8859-1\" ?>\n<version>\n  <version_no>" + v
                    + "</version_no>\n</version>\n");
        }
        f.put("civicrm.config.php", "<?php\nfunction civicrm_conf_init() {\n  global $skipConfigLoad;\n  static $conf = '';\n"
                + "  if ($conf) {\n    return $conf;\n  }\n  if (file_exists(dirname(__FILE__) . '/settings_location.php')) {\n"
                + "    include dirname(__FILE__) . '/settings_location.php';\n  }\n  return $conf;\n}\n");
        f.put("CRM/Core/Config.php", "<?php\n// CiviCRM " + v + "\nclass CRM_Core_Config {\n}\n");
        f.put("CRM/Upgrade/Form.php", "<?php\nclass CRM_Upgrade_Form {\n}\n");
        f.put("CRM/Utils/System.php", "<?php\nclass CRM_Utils_System {\n  static function version() { return '" + v + "'; }\n}\n");
        if (version.isAtLeast(Version.parse("4.2.alpha1"))) {
            // civicrm.settings.php of 4.2+ requires it; the class loader came with 4.2
            f.put("CRM/Core/ClassLoader.php", "<?php\nclass CRM_Core_ClassLoader {\n  public static function singleton($force = FALSE) {\n"
                    + "    return new CRM_Core_ClassLoader();\n  }\n  public function register($prepend = FALSE) {\n  }\n}\n");
        }
        f.put("packages/IDS/default_filter.xml", "<filters>\n</filters>\n");
        f.put("api/api.php", "<?php\nfunction civicrm_api($entity, $action, $params) {\n}\n");
        f.put("packages/DB.php", "<?php\nclass DB {\n}\n");
        f.put("templates/CRM/common/civicrm.settings.php.template", "<?php\n// settings template " + v + "\n");
        f.put("sql/civicrm.mysql", "-- CiviCRM " + v + " schema\n");
        f.put("sql/civicrm_data.mysql", "-- CiviCRM " + v + " data\n");
        f.put("bin/cron.sh", "#!/bin/sh\n");
        String infoVersion = v5 ? "7.x-" + v : v;
        f.put("drupal/civicrm.info", "name = CiviCRM\ndescription = Constituent Relationship Management CRM. Allows sites to manage "
                + "contacts, relationships and groups, and track contact activities, contributions, memberships and events.\n"
                + "version = " + infoVersion + "\npackage = CiviCRM\ncore = 7.x\nphp = 5.3\nfiles[] = civicrm.module\n");
        f.put("drupal/civicrm.install", "<?php\n/**\n * Install, update and requirements of the CiviCRM module.\n */\n"
                + "function civicrm_requirements($phase) {\n  return array();\n}\n");
        f.put("drupal/civicrm.module", "<?php\n/**\n * Drupal module file for CiviCRM " + v + ".\n */\nfunction civicrm_init() {\n}\n");
        for (String m : BUNDLED_MODULES) {
            f.put("drupal/modules/" + m + "/" + m + ".info", "name = " + m + "\ndescription = CiviCRM integration\nversion = "
                    + infoVersion + "\ndependencies[] = civicrm\npackage = CiviCRM\ncore = 7.x\n");
            f.put("drupal/modules/" + m + "/" + m + ".module", "<?php\n");
        }
        if (version.isAtLeast(Version.parse("4.7.0"))) {
            f.put("vendor/autoload.php", "<?php\nreturn require __DIR__ . '/composer/autoload_real.php';\n");
            f.put("vendor/composer/autoload_real.php", "<?php\n");
        }
        if (v5) {
            f.put("ext/sequentialcreditnotes/info.xml", "<?xml version=\"1.0\"?>\n<extension key=\"sequentialcreditnotes\" type=\"module\">\n"
                    + "  <version>" + v + "</version>\n</extension>\n");
        }
        List<String> revs = revisions != null ? revisions : defaultRevisions(version);
        for (String r : revs) {
            f.put("CRM/Upgrade/Incremental/sql/" + r + ".mysql.tpl", sql.getOrDefault(r, defaultSql(r)));
        }
        for (int i = 0; i < fillerFiles; i++) {
            f.put("CRM/Fake" + (i / 250) + "/Page" + i + ".php", "<?php\n// filler " + i + " of CiviCRM " + v + "\nclass CRM_Fake_Page" + i + " {\n}\n");
        }
        if (upgradeClasses) {
            for (String file : UPGRADE_CLASS_FILES) {
                f.put(file, resource("fake-civicrm/" + file));
            }
            f.put("CRM/Upgrade/FakeOptions.php", "<?php\n// options of the fake upgrade classes\nreturn array('version' => '" + v
                    + "', 'failAt' => " + phpString(upgradeFailAt) + ", 'extension' => " + phpString(pendingExtension) + ");\n");
        }
        f.putAll(extraFiles);
        Map<String, byte[]> out = new LinkedHashMap<>();
        f.forEach((k, val) -> out.put(Objects.requireNonNull(k), val.getBytes(StandardCharsets.UTF_8)));
        return out;
    }
}
