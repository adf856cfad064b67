package org.civiupgrade.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Version;
import org.civiupgrade.php.PhpSerialization;
import org.civiupgrade.php.PhpValue;
import org.jspecify.annotations.Nullable;

/**
 * A Drupal 7 site with CiviCRM, on disk and in a {@link TestDatabase}, faithful to what Drupal 7
 * and CiviCRM write: {@code includes/bootstrap.inc}, {@code settings.php} in the installer's
 * {@code var_export} form (or the hand-written and D6 forms), the CiviCRM code folder with the
 * era's version files, Drupal's {@code variable}, {@code system} (serialized {@code info}),
 * cache, role, permission, user and session tables with the bytes Drupal stores, and a
 * CiviCRM schema with custom-value and log tables, triggers, a function and a view.
 *
 * <pre>{@code
 * FakeDrupalSite site = FakeDrupalSite.builder().civicrmVersion("4.4.5")
 *         .withBundledIntegrationModules().frontPage("civicrm/dashboard").create(tempDir, db);
 * }</pre>
 */
public final class FakeDrupalSite {
    /** How {@code settings.php} names the database. */
    public enum SettingsStyle {
        /** {@code $databases = array ( 'default' => array ( ... ) );} as the installer writes it. */
        INSTALLER_VAR_EXPORT,
        /** {@code $databases['default']['default'] = array(...);} as people write it by hand. */
        ARRAY_ASSIGNMENT,
        /** A D6 leftover {@code $db_url = 'mysql://u:p@h/db';} (no prefix). */
        D6_DB_URL
    }

    /** Modules CiviCRM ships in {@code civicrm/drupal/modules}. */
    public static final List<String> BUNDLED_INTEGRATION_MODULES = List.of("civicrm_contact_ref", "civicrm_engage",
            "civicrm_group_roles", "civicrm_member_roles", "civicrm_og_sync", "civicrm_rules", "civicrmtheme");

    /** Permissions the documented procedure asks to review after an upgrade. */
    public static final List<String> REVIEWED_PERMISSIONS = List.of("access CiviMail subscribe/unsubscribe pages",
            "view event participants", "access all custom data", "access Contact Dashboard", "access CiviEvent",
            "register for events", "delete contacts", "delete in CiviEvent");

    /** A fixed {@code mtime} so that the fake is reproducible. */
    static final long MTIME = 1398189410L;

    private final Builder spec;
    private final Path root;
    private final TestDatabase db;
    private final TestDatabase civicrmDb;
    private final Map<String, FakeModule> modules;

    private FakeDrupalSite(Builder spec, Path root, TestDatabase db, TestDatabase civicrmDb, Map<String, FakeModule> modules) {
        this.spec = spec;
        this.root = root;
        this.db = db;
        this.civicrmDb = civicrmDb;
        this.modules = modules;
    }

    /** Starts describing a site. */
    public static Builder builder() {
        return new Builder();
    }

    /** The Drupal root. */
    public Path root() {
        return root;
    }

    /** The database holding Drupal's tables (and CiviCRM's, unless {@link Builder#civicrmDatabase(TestDatabase)} gave another). */
    public TestDatabase database() {
        return db;
    }

    /** The database holding CiviCRM's tables: {@link #database()} unless the builder named another. */
    public TestDatabase civicrmDatabase() {
        return civicrmDb;
    }

    /** The Drupal tables the fake creates, without the prefix, sorted. */
    public static final List<String> DRUPAL_TABLES = List.of("cache", "cache_bootstrap", "cache_menu", "cache_page", "cache_views",
            "cache_views_data", "menu_links", "menu_router", "registry", "registry_file", "role", "role_permission", "sessions",
            "system", "users", "variable", "watchdog");

    /** The Drupal table prefix ({@code ""} for none). */
    public String prefix() {
        return spec.prefix;
    }

    /** A Drupal table's real name, with the prefix. */
    public String table(String drupalTable) {
        return spec.prefix + drupalTable;
    }

    /** The CiviCRM version of the code and the database. */
    public String civicrmVersion() {
        return spec.civicrmVersion;
    }

    /** {@code sites/all/modules/civicrm} (or where the builder put it). */
    public Path civicrmDir() {
        return root.resolve(spec.civicrmDir);
    }

    /** {@code sites/<name>} of the first site. */
    public Path siteDir() {
        return root.resolve("sites").resolve(spec.sites.get(0));
    }

    /** The site's {@code files/civicrm/templates_c}. */
    public Path templatesC() {
        return siteDir().resolve("files/civicrm/templates_c");
    }

    /** Every module row written to {@code system}, by name. */
    public Map<String, FakeModule> modules() {
        return modules;
    }

    /** The raw bytes of a {@code variable} row, or null when there is none. */
    public byte @Nullable [] variable(String name) {
        return db.queryBytes("SELECT value FROM `" + table("variable") + "` WHERE name = ?", name);
    }

    /** The {@code system.status} of a module, or null when it has no row. */
    public @Nullable Integer moduleStatus(String name) {
        String s = db.queryString("SELECT status FROM `" + table("system") + "` WHERE name = ? AND type = 'module'", name);
        return s == null ? null : Integer.valueOf(s);
    }

    /** The cids of a cache table, sorted. */
    public List<String> cacheIds(String cacheTable) {
        return db.queryColumn("SELECT cid FROM `" + table(cacheTable) + "` ORDER BY cid");
    }

    /** Describes a site; {@link #create(Path, TestDatabase)} writes it. */
    public static final class Builder {
        private String drupalVersion = "7.105";
        private String civicrmVersion = "4.4.5";
        private String prefix = "";
        private boolean prefixAsArray;
        private SettingsStyle settingsStyle = SettingsStyle.INSTALLER_VAR_EXPORT;
        private final List<String> sites = new ArrayList<>(List.of("default"));
        private String civicrmDir = "sites/all/modules/civicrm";
        private final Map<String, FakeModule> extraModules = new LinkedHashMap<>();
        private boolean bundled;
        private boolean contrib;
        private boolean civicrmEnabled = true;
        private String frontPage;
        private String maintenanceMode;
        private int contacts = 5;
        private final List<String> strayCopies = new ArrayList<>();
        private boolean settingsOverrides;
        private TestDatabase civicrmDb;
        private boolean existingCivicrmSchema;
        private final Map<String, TestDatabase> siteDatabases = new LinkedHashMap<>();
        private final List<FakeExtension> extensions = new ArrayList<>();

        private Builder() {
        }

        /**
         * The CiviCRM database already holds a real CiviCRM schema (e.g. a real dump loaded with
         * {@link RealDumps#load}): no fake CiviCRM tables are written. Set {@link #civicrmVersion(String)}
         * to the version its {@code civicrm_domain} holds.
         */
        public Builder existingCivicrmSchema() {
            this.existingCivicrmSchema = true;
            return this;
        }

        /**
         * Puts CiviCRM's tables into their own database, as CiviCRM's installer offers (Drupal's
         * stay in the database given to {@link #create(Path, TestDatabase)}); {@code CIVICRM_DSN}
         * names it. In the era-generated {@code civicrm.settings.php} of the default layout,
         * {@code CIVICRM_UF_DSN} names it too (that generator knows one database); elsewhere it
         * names Drupal's.
         */
        public Builder civicrmDatabase(TestDatabase civicrm) {
            this.civicrmDb = civicrm;
            return this;
        }

        /** Drupal core version written to {@code includes/bootstrap.inc} (default 7.105). */
        public Builder drupalVersion(String v) {
            this.drupalVersion = v;
            return this;
        }

        /** CiviCRM version of code and database (default 4.4.5); decides the era's files. */
        public Builder civicrmVersion(String v) {
            Version.parse(v);
            this.civicrmVersion = v;
            return this;
        }

        /** Drupal table prefix (CiviCRM's tables never carry it). */
        public Builder tablePrefix(String p) {
            this.prefix = Objects.requireNonNull(p);
            return this;
        }

        /** Writes the prefix as {@code array('default' => '...')}. */
        public Builder prefixAsArray() {
            this.prefixAsArray = true;
            return this;
        }

        /** How settings.php names the database. */
        public Builder settingsStyle(SettingsStyle style) {
            this.settingsStyle = style;
            return this;
        }

        /** Adds a multisite folder {@code sites/<name>} with its own settings and civicrm.settings.php. */
        public Builder multisite(String name) {
            sites.add(name);
            return this;
        }

        /**
         * Adds a multisite folder {@code sites/<name>} whose CiviCRM has a database of its own:
         * its {@code civicrm.settings.php} names {@code civicrm} in CIVICRM_DSN (and the same code
         * folder in {@code $civicrm_root}), and that database gets a {@code civicrm_domain} table
         * whose row 1 holds {@code version}.
         */
        public Builder multisite(String name, TestDatabase civicrm, String version) {
            Version.parse(version);
            sites.add(name);
            siteDatabases.put(name, civicrm);
            siteVersions.put(name, version);
            return this;
        }

        private final Map<String, String> siteVersions = new LinkedHashMap<>();

        /**
         * Adds a CiviCRM extension: its folder {@code <key>/} with an {@code info.xml} in the real
         * format (key, {@code <compatibility><ver>} values, {@code <requires><ext>} keys) below
         * {@code extensionsDir} (a folder relative to the Drupal root; default
         * {@code sites/<first site>/files/civicrm/ext}), and its row in {@code civicrm_extension}
         * (created when missing) with {@code is_active} as given.
         *
         * @param extensionsDir null for the default folder
         * @param ver           the {@code <ver>} values (none: no {@code <compatibility>} element)
         * @param requires      the {@code <ext>} keys of {@code <requires>} (none: no element)
         */
        public Builder extension(String key, @Nullable String extensionsDir, boolean enabled, List<String> ver, List<String> requires) {
            extensions.add(new FakeExtension(key, extensionsDir, enabled, List.copyOf(ver), List.copyOf(requires)));
            return this;
        }

        private record FakeExtension(String key, @Nullable String dir, boolean enabled, List<String> ver, List<String> requires) {
        }

        /** Puts the CiviCRM code somewhere else (e.g. {@code profiles/civicrm_starterkit/modules/civicrm}). */
        public Builder civicrmDir(String relative) {
            this.civicrmDir = relative;
            return this;
        }

        /** Enables CiviCRM's bundled integration modules. */
        public Builder withBundledIntegrationModules() {
            this.bundled = true;
            return this;
        }

        /** Adds the contrib integration modules webform_civicrm, civicrm_entity, civicrm_contact_match (and their non-CiviCRM dependencies). */
        public Builder withContribIntegrationModules() {
            this.contrib = true;
            return this;
        }

        /** Adds any module. */
        public Builder module(FakeModule m) {
            extraModules.put(m.name(), m);
            return this;
        }

        /** The civicrm module's own status (disabled: the "Page Not Found" trap). */
        public Builder civicrmEnabled(boolean on) {
            this.civicrmEnabled = on;
            return this;
        }

        /** {@code site_frontpage} (absent by default, i.e. Drupal's "node"). */
        public Builder frontPage(String path) {
            this.frontPage = path;
            return this;
        }

        /** The raw serialized {@code maintenance_mode} value, e.g. {@code i:1;}, {@code b:1;}, {@code s:1:"1";} (absent by default). */
        public Builder maintenanceMode(String serialized) {
            this.maintenanceMode = serialized;
            return this;
        }

        /** Number of CiviCRM contacts (and log rows, custom values). */
        public Builder contacts(int n) {
            this.contacts = n;
            return this;
        }

        /**
         * Adds the 4.1-style overrides people wrote by hand ({@code define('URL Preferences.userFrameworkResourceURL', ...);})
         * to the default site's {@code civicrm.settings.php}.
         */
        public Builder settingsOverrides() {
            this.settingsOverrides = true;
            return this;
        }

        /** Leaves a copy of the CiviCRM code at this path (relative to the root), as careless backups do. */
        public Builder strayCopyOfCivicrm(String relative) {
            strayCopies.add(relative);
            return this;
        }

        /** Writes the tree below {@code dir} (a new folder {@code drupal}) and the tables into {@code db}. */
        public FakeDrupalSite create(Path dir, TestDatabase db) {
            try {
                Path root = Files.createDirectories(dir.resolve("drupal"));
                Map<String, FakeModule> modules = modules();
                TestDatabase civi = civicrmDb == null ? db : civicrmDb;
                writeTree(root, db.coordinates(), civi.coordinates(), modules);
                writeDatabase(db, civi, modules);
                return new FakeDrupalSite(this, root, db, civi, modules);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot create the fake site's tables: " + e.getMessage(), e);
            }
        }

        private boolean fiveX() {
            return Version.parse(civicrmVersion).major() >= 5;
        }

        private String civicrmInfoVersion() {
            return fiveX() ? "7.x-" + civicrmVersion : civicrmVersion;
        }

        private Map<String, FakeModule> modules() {
            Map<String, FakeModule> m = new LinkedHashMap<>();
            m.put("system", new FakeModule("system", "System", "Core", drupalVersion, "7.x", List.of(), "modules/system", true, 7081));
            m.put("node", new FakeModule("node", "Node", "Core", drupalVersion, "7.x", List.of(), "modules/node", true, 7016));
            m.put("user", new FakeModule("user", "User", "Core", drupalVersion, "7.x", List.of(), "modules/user", true, 7020));
            m.put("block", new FakeModule("block", "Block", "Core", drupalVersion, "7.x", List.of(), "modules/block", true, 7009));
            m.put("ctools", FakeModule.contrib("ctools", "Chaos tool suite", "7.x-1.21"));
            m.put("views", FakeModule.contrib("views", "Views", "7.x-3.29", "ctools"));
            m.put("civicrm", new FakeModule("civicrm", "CiviCRM", "CiviCRM", civicrmInfoVersion(), "7.x", List.of(),
                    civicrmDir + "/drupal", civicrmEnabled, 7400));
            if (bundled) {
                for (String b : BUNDLED_INTEGRATION_MODULES) {
                    List<String> deps = new ArrayList<>(List.of("civicrm"));
                    if (b.equals("civicrm_og_sync")) {
                        deps.add("og");
                    }
                    if (b.equals("civicrm_rules")) {
                        deps.add("rules");
                    }
                    m.put(b, new FakeModule(b, b, "CiviCRM", civicrmInfoVersion(), "7.x", deps,
                            civicrmDir + "/drupal/modules/" + b, !b.equals("civicrm_og_sync"), 0));
                }
                m.put("og", FakeModule.contrib("og", "Organic groups", "7.x-2.10").withEnabled(false));
                m.put("rules", FakeModule.contrib("rules", "Rules", "7.x-2.13", "entity", "entity_token"));
                m.put("entity", FakeModule.contrib("entity", "Entity", "7.x-1.10"));
                m.put("entity_token", FakeModule.contrib("entity_token", "Entity", "7.x-1.10", "entity").inDir("sites/all/modules/entity"));
            }
            if (contrib) {
                m.put("webform", FakeModule.contrib("webform", "Webform", "7.x-4.24", "ctools", "views"));
                m.put("webform_civicrm", FakeModule.contrib("webform_civicrm", "CiviCRM", "7.x-4.28", "webform (>=7.x-4.0)",
                        "civicrm (>=4.4)"));
                m.putIfAbsent("entity", FakeModule.contrib("entity", "Entity", "7.x-1.10"));
                m.put("civicrm_entity", FakeModule.contrib("civicrm_entity", "CiviCRM Entity", "7.x-2.0-beta9", "civicrm", "entity"));
                m.put("civicrm_contact_match", FakeModule.contrib("civicrm_contact_match", "CiviCRM", "7.x-1.0"));
            }
            m.putAll(extraModules);
            return m;
        }

        // ------------------------------------------------------------------ files

        private void writeTree(Path root, DatabaseCoordinates c, DatabaseCoordinates civiDb, Map<String, FakeModule> modules)
                throws IOException {
            write(root.resolve("index.php"), "<?php\n\n/**\n * @file\n * The PHP page that serves all page requests on a Drupal installation.\n"
                    + " */\n\ndefine('DRUPAL_ROOT', getcwd());\n\nrequire_once DRUPAL_ROOT . '/includes/bootstrap.inc';\n"
                    + "drupal_bootstrap(DRUPAL_BOOTSTRAP_FULL);\nmenu_execute_active_handler();\n");
            write(root.resolve("includes/bootstrap.inc"), "<?php\n\n/**\n * @file\n * Functions that need to be loaded on every Drupal request.\n"
                    + " */\n\n/**\n * The current system version.\n */\ndefine('VERSION', '" + drupalVersion + "');\n\n"
                    + "/**\n * Core API compatibility.\n */\ndefine('DRUPAL_CORE_COMPATIBILITY', '7.x');\n\n"
                    + "/**\n * Minimum supported version of PHP.\n */\ndefine('DRUPAL_MINIMUM_PHP', '5.2.4');\n");
            write(root.resolve("includes/module.inc"), "<?php\n\n/**\n * @file\n * API for loading and interacting with Drupal modules.\n */\n");
            write(root.resolve("sites/example.sites.php"), "<?php\n\n/**\n * @file\n * Configuration file for Drupal's multi-site directory aliasing feature.\n */\n");
            write(root.resolve("sites/default/default.settings.php"), "<?php\n\n/**\n * @file\n * Drupal site-specific configuration file.\n */\n\n$databases = array();\n");
            for (FakeModule m : modules.values()) {
                if (m.name().equals("civicrm")) {
                    continue;
                }
                Path dir = root.resolve(m.dir());
                write(dir.resolve(m.name() + ".info"), infoFile(m));
                write(dir.resolve(m.name() + ".module"), "<?php\n\n/**\n * @file\n * " + m.displayName() + ".\n */\n");
            }
            writeCivicrmCode(root.resolve(civicrmDir), modules.get("civicrm"));
            for (String stray : strayCopies) {
                writeCivicrmCode(root.resolve(stray), modules.get("civicrm"));
            }
            writeExtensions(root);
            for (String site : sites) {
                Path siteDir = root.resolve("sites").resolve(site);
                write(siteDir.resolve("settings.php"), settingsPhp(c));
                String civicrmSettings = civicrmSettingsPhp(root, siteDir, c,
                        siteDatabases.containsKey(site) ? siteDatabases.get(site).coordinates() : civiDb, site);
                write(siteDir.resolve("civicrm.settings.php"), civicrmSettings);
                if (civicrmSettings.contains("['customPHPPathDir'] = '" + root + "/civi-php/'")) {
                    // the custom PHP folder the era's settings file configures exists, as on a working site
                    write(root.resolve("civi-php/README.txt"), "custom PHP overrides\n");
                }
                Path files = siteDir.resolve("files");
                Path civi = files.resolve("civicrm");
                write(civi.resolve("templates_c/en_US/%%0A^0A5^0A5AF6E3%%CRM_Core_Page_Dashboard.tpl.php"),
                        "<?php /* Smarty version 2.6.27, created on 2014-04-22 10:12:03\n         compiled from CRM/Core/Page/Dashboard.tpl */ ?>\n<div class=\"crm-container\"></div>\n");
                write(civi.resolve("templates_c/en_US/config.smarty.php"), "<?php $config = array(); ?>\n");
                write(civi.resolve("templates_c/en_US/%%AB^ABC^ABC12345%%Form.tpl.php"), "<?php echo 'x'; ?>\n");
                write(civi.resolve("ConfigAndLog/Config.IDS.ini"), "[General]\n    filter_type     = xml\n"
                        + "    filter_path     = " + root.resolve(civicrmDir) + "/packages/IDS/default_filter.xml\n"
                        + "    tmp_path        = " + civi.resolve("templates_c") + "/\n    HTML_Purifier_Path = IDS/vendors/htmlpurifier/HTMLPurifier.auto.php\n");
                write(civi.resolve("ConfigAndLog/CiviCRM.1f2e3d4c5b6a.log"), "Apr 22 10:12:03  [info] $Fatal Error Details = Array\n");
                write(civi.resolve("upload/.htaccess"), "Order allow,deny\nDeny from all\n");
                write(civi.resolve("custom/README.txt"), "custom files\n");
                write(civi.resolve("persist/contribute/css/custom.css"), "body {}\n");
                write(files.resolve(".htaccess"), "SetHandler Drupal_Security_Do_Not_Remove_See_SA_2006_006\nOptions None\n");
                write(files.resolve("styles/thumbnail/public/logo.png"), "PNG");
            }
        }

        private void writeCivicrmCode(Path civi, FakeModule civicrm) throws IOException {
            Version v = Version.parse(civicrmVersion);
            if (v.major() >= 5) {
                write(civi.resolve("xml/version.xml"), "<?xml version=\"1.0\" encoding=\"iso-8859-1\" ?>\n<version>\n  <version_no>"
                        + civicrmVersion + "</version_no>\n</version>\n");
            }
            if (v.compareTo(Version.parse("3.4.0")) >= 0) {
                write(civi.resolve("civicrm-version.php"), "<?php\nfunction civicrmVersion( ) {\n  return array( 'version'  => '"
                        + civicrmVersion + "',\n                'cms'      => 'Drupal',\n                'revision' => '"
                        + (v.major() >= 5 ? "" : "52217") + "' );\n}\n");
            } else {
                write(civi.resolve("civicrm-version.txt"), civicrmVersion + " Drupal PHP5 52217\n");
            }
            write(civi.resolve("civicrm.config.php"), "<?php\n\nfunction civicrm_conf_init() {\n  global $skipConfigError;\n}\n");
            if (v.compareTo(Version.parse("4.2.alpha1")) >= 0) { // the class loader came with 4.2
                write(civi.resolve("CRM/Core/ClassLoader.php"), "<?php\n\nclass CRM_Core_ClassLoader {\n\n  private static $_singleton = NULL;\n\n"
                        + "  public static function singleton($force = FALSE) {\n    if ($force || self::$_singleton === NULL) {\n"
                        + "      self::$_singleton = new CRM_Core_ClassLoader();\n    }\n    return self::$_singleton;\n  }\n\n"
                        + "  public function register($prepend = FALSE) {\n  }\n}\n");
            }
            write(civi.resolve("CRM/Upgrade/Incremental/sql/" + civicrmVersion + ".mysql.tpl"), "{* file to handle db changes in "
                    + civicrmVersion + " during upgrade *}\n");
            write(civi.resolve("packages/IDS/default_filter.xml"), "<filters></filters>\n");
            write(civi.resolve("templates/CRM/common/civicrm.settings.php.template"), "<?php\n");
            write(civi.resolve("drupal/civicrm.info"), infoFile(civicrm));
            write(civi.resolve("drupal/civicrm.module"), "<?php\n\n/**\n * Drupal module file.\n */\n\ndefine('CIVICRM_UF_HEAD', TRUE);\n");
            write(civi.resolve("drupal/civicrm.install"), "<?php\n\nfunction civicrm_requirements($phase) {\n  return array();\n}\n");
            for (String b : BUNDLED_INTEGRATION_MODULES) {
                Path dir = civi.resolve("drupal/modules/" + b);
                FakeModule m = new FakeModule(b, b, "CiviCRM", civicrmInfoVersion(), "7.x", List.of("civicrm"), "", false, 0);
                write(dir.resolve(b + ".info"), infoFile(m));
                write(dir.resolve(b + ".module"), "<?php\n");
            }
        }

        static String infoFile(FakeModule m) {
            StringBuilder sb = new StringBuilder();
            sb.append("name = ").append(m.displayName()).append('\n');
            sb.append("description = ").append(m.displayName()).append(" for Drupal.\n");
            if (m.packageName() != null) {
                sb.append("package = ").append(m.packageName()).append('\n');
            }
            if (m.version() != null) {
                sb.append("version = ").append(m.version()).append('\n');
            }
            sb.append("core = ").append(m.core()).append('\n');
            for (String d : m.dependencies()) {
                sb.append("dependencies[] = ").append(d).append('\n');
            }
            sb.append("files[] = ").append(m.name()).append(".module\n");
            return sb.toString();
        }

        /** The serialized {@code system.info} Drupal stores: parsed keys in file order, mtime, then the defaults. */
        static byte[] infoBlob(FakeModule m) {
            PhpValue.Array.Builder b = PhpValue.Array.builder();
            b.put("name", m.displayName());
            b.put("description", m.displayName() + " for Drupal.");
            if (m.packageName() != null) {
                b.put("package", m.packageName());
            }
            if (m.version() != null) {
                b.put("version", m.version());
            }
            b.put("core", m.core());
            if (!m.dependencies().isEmpty()) {
                b.put("dependencies", PhpValue.Array.listOf(m.dependencies()));
            }
            b.put("files", PhpValue.Array.listOf(List.of(m.name() + ".module")));
            b.put("mtime", new PhpValue.Int(MTIME));
            if (m.dependencies().isEmpty()) {
                b.put("dependencies", PhpValue.Array.empty());
            }
            if (m.packageName() == null) {
                b.put("package", "Other");
            }
            if (m.version() == null) {
                b.put("version", PhpValue.NULL);
            }
            b.put("php", "5.2.4");
            b.put("bootstrap", new PhpValue.Int(0));
            return PhpSerialization.serialize(b.build());
        }

        private String settingsPhp(DatabaseCoordinates c) {
            String prefixExport = prefixAsArray
                    ? "\n      array (\n        'default' => '" + esc(prefix) + "',\n      ),"
                    : " '" + esc(prefix) + "',";
            String head = "<?php\n\n/**\n * @file\n * Drupal site-specific configuration file.\n *\n"
                    + " * The $databases array specifies the database connection or\n * connections that Drupal may use.\n */\n";
            String tail = "\n$update_free_access = FALSE;\n\n$drupal_hash_salt = 'k2bJ2cRg6n6Xx0pO3nGmYQ0V6Yy1m6bQz3h2n8o1c5w';\n\n"
                    + "ini_set('session.gc_probability', 1);\nini_set('session.gc_divisor', 100);\n"
                    + "ini_set('session.gc_maxlifetime', 200000);\nini_set('session.cookie_lifetime', 2000000);\n\n"
                    + "$conf['404_fast_paths_exclude'] = '/\\/(?:styles)|(?:system\\/files)\\//';\n";
            String port = Integer.toString(c.port());
            switch (settingsStyle) {
                case ARRAY_ASSIGNMENT:
                    return head + "\n// $databases['default']['default'] = array('database' => 'old');\n"
                            + "$databases['default']['default'] = array(\n  'driver' => 'mysql',\n  'database' => '" + esc(c.database())
                            + "',\n  'username' => '" + esc(c.user()) + "',\n  'password' => '" + esc(c.password().reveal())
                            + "',\n  'host' => \"" + c.host() + "\",\n  'port' => " + port + ",\n  'prefix' =>"
                            + (prefixAsArray ? " array('default' => '" + esc(prefix) + "')," : " '" + esc(prefix) + "',")
                            + "\n);\n" + tail;
                case D6_DB_URL:
                    return head + "\n$db_url = 'mysql://" + rawurlencode(c.user()) + ":" + rawurlencode(c.password().reveal()) + "@"
                            + c.host() + ":" + port + "/" + c.database() + "';\n$db_prefix = '';\n" + tail;
                default:
                    return head + "\n$databases = array (\n  'default' => \n  array (\n    'default' => \n    array (\n"
                            + "      'database' => '" + esc(c.database()) + "',\n      'username' => '" + esc(c.user()) + "',\n"
                            + "      'password' => '" + esc(c.password().reveal()) + "',\n      'host' => '" + esc(c.host()) + "',\n"
                            + "      'port' => '" + port + "',\n      'driver' => 'mysql',\n      'prefix' =>" + prefixExport + "\n"
                            + "    ),\n  ),\n);\n" + tail;
            }
        }

        private String civicrmSettingsPhp(Path root, Path siteDir, DatabaseCoordinates uf, DatabaseCoordinates c, String site) {
            Version v = Version.parse(civicrmVersion);
            if (site.equals("default") && civicrmDir.equals("sites/all/modules/civicrm")) {
                // the era's real layout, as the installer of that release wrote it
                SettingsFiles.Era era = SettingsFiles.Era.V2_2;
                for (SettingsFiles.Era e : SettingsFiles.Era.values()) {
                    if (Version.parse(e.version().majorMinor() + ".0").compareTo(Version.parse(v.majorMinor() + ".0")) <= 0) {
                        era = e;
                    }
                }
                SettingsFiles.Spec d = SettingsFiles.Spec.of(era);
                SettingsFiles.Spec spec = new SettingsFiles.Spec(era, root.toString(), "http://example.org/",
                        c.host() + ":" + c.port(), c.database(), c.user(), c.password().reveal(), false, d.closeTag(), true,
                        false, false, false, settingsOverrides, false, d.siteKey(), false);
                return SettingsFiles.generate(spec).text();
            }
            boolean wrapped = v.compareTo(Version.parse("4.5.0")) >= 0;
            String dsn = "mysql://" + rawurlencode(c.user()) + ":" + rawurlencode(c.password().reveal()) + "@" + c.host() + ":"
                    + c.port() + "/" + c.database() + "?new_link=true";
            String ufDsn = "mysql://" + rawurlencode(uf.user()) + ":" + rawurlencode(uf.password().reveal()) + "@" + uf.host() + ":"
                    + uf.port() + "/" + uf.database() + "?new_link=true";
            Map<String, String> defines = new LinkedHashMap<>();
            defines.put("CIVICRM_UF", "'Drupal'");
            defines.put("CIVICRM_UF_DSN", "'" + ufDsn + "'");
            defines.put("CIVICRM_DSN", "'" + dsn + "'");
            defines.put("CIVICRM_LOGGING_DSN", "CIVICRM_DSN");
            defines.put("CIVICRM_TEMPLATE_COMPILEDIR", "'" + siteDir.resolve("files/civicrm/templates_c") + "/'");
            defines.put("CIVICRM_UF_BASEURL", "'http://" + (site.equals("default") ? "example.org" : site) + "/'");
            defines.put("CIVICRM_SITE_KEY", "'6a3f1c2e9b8d7a6f5e4d3c2b1a0f9e8d'");
            if (v.compareTo(Version.parse("4.4.0")) < 0) {
                defines.put("CIVICRM_IDS_ENABLE", "1");
            }
            StringBuilder sb = new StringBuilder("<?php\n/*\n +--------------------------------------------------------------------+\n"
                    + " | CiviCRM version " + v.majorMinor() + "                                                |\n"
                    + " +--------------------------------------------------------------------+\n*/\n\n");
            if (v.major() >= 5) {
                sb.append("global $civicrm_root, $civicrm_setting, $civicrm_paths;\n\n");
            }
            for (Map.Entry<String, String> d : defines.entrySet()) {
                if (d.getKey().equals("CIVICRM_UF_BASEURL")) {
                    sb.append("global $civicrm_root;\n\n$civicrm_root = '").append(root.resolve(civicrmDir)).append("/';\n\n");
                }
                if (wrapped) {
                    sb.append("if (!defined('").append(d.getKey()).append("')) {\n  define( '").append(d.getKey()).append("', ")
                            .append(d.getValue()).append(");\n}\n\n");
                } else {
                    sb.append("define( '").append(d.getKey()).append("', ").append(d.getValue()).append(");\n\n");
                }
            }
            sb.append("// define( 'CIVICRM_MAIL_LOG', CIVICRM_TEMPLATE_COMPILEDIR . '../mail.log' );\n\n");
            if (v.compareTo(Version.parse("4.2.0")) >= 0) {
                sb.append("require_once 'CRM/Core/ClassLoader.php';\nCRM_Core_ClassLoader::singleton()->register();\n");
            }
            return sb.toString();
        }

        // --------------------------------------------------------------- database

        private void writeDatabase(TestDatabase db, TestDatabase civi, Map<String, FakeModule> modules) throws SQLException {
            String p = prefix;
            try (Connection conn = TestDatabase.connect(db.coordinates()); Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE `" + p + "variable` (name varchar(128) NOT NULL DEFAULT '', value longblob NOT NULL,"
                        + " PRIMARY KEY (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8");
                st.execute("CREATE TABLE `" + p + "system` (filename varchar(255) NOT NULL DEFAULT '', name varchar(255) NOT NULL DEFAULT '',"
                        + " type varchar(12) NOT NULL DEFAULT '', owner varchar(255) NOT NULL DEFAULT '', status int(11) NOT NULL DEFAULT 0,"
                        + " bootstrap int(11) NOT NULL DEFAULT 0, schema_version smallint(6) NOT NULL DEFAULT -1,"
                        + " weight int(11) NOT NULL DEFAULT 0, info blob, PRIMARY KEY (filename), KEY system_list (status,bootstrap,type,weight,name),"
                        + " KEY type_name (type,name)) ENGINE=InnoDB DEFAULT CHARSET=utf8");
                for (String cache : List.of("cache", "cache_bootstrap", "cache_menu", "cache_page", "cache_views", "cache_views_data")) {
                    st.execute("CREATE TABLE `" + p + cache + "` (cid varchar(255) NOT NULL DEFAULT '', data longblob,"
                            + " expire int(11) NOT NULL DEFAULT 0, created int(11) NOT NULL DEFAULT 0, serialized smallint(6) NOT NULL DEFAULT 0,"
                            + " PRIMARY KEY (cid), KEY expire (expire)) ENGINE=InnoDB DEFAULT CHARSET=utf8");
                }
                st.execute("CREATE TABLE `" + p + "role` (rid int(10) unsigned NOT NULL AUTO_INCREMENT, name varchar(64) NOT NULL DEFAULT '',"
                        + " weight int(11) NOT NULL DEFAULT 0, PRIMARY KEY (rid), UNIQUE KEY name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8");
                st.execute("CREATE TABLE `" + p + "role_permission` (rid int(10) unsigned NOT NULL, permission varchar(128) NOT NULL DEFAULT '',"
                        + " module varchar(255) NOT NULL DEFAULT '', PRIMARY KEY (rid,permission), KEY permission (permission))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8");
                st.execute("CREATE TABLE `" + p + "users` (uid int(10) unsigned NOT NULL DEFAULT 0, name varchar(60) NOT NULL DEFAULT '',"
                        + " pass varchar(128) NOT NULL DEFAULT '', mail varchar(254) DEFAULT '', status tinyint(4) NOT NULL DEFAULT 0,"
                        + " created int(11) NOT NULL DEFAULT 0, data longblob, PRIMARY KEY (uid), UNIQUE KEY name (name))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8");
                st.execute("CREATE TABLE `" + p + "sessions` (uid int(10) unsigned NOT NULL, sid varchar(128) NOT NULL, ssid varchar(128) NOT NULL DEFAULT '',"
                        + " hostname varchar(128) NOT NULL DEFAULT '', timestamp int(11) NOT NULL DEFAULT 0, cache int(11) NOT NULL DEFAULT 0,"
                        + " session longblob, PRIMARY KEY (sid,ssid)) ENGINE=InnoDB DEFAULT CHARSET=utf8");
            }
            Map<String, byte[]> vars = new LinkedHashMap<>();
            vars.put("site_name", ser(PhpValue.Str.of("Example association")));
            vars.put("install_profile", ser(PhpValue.Str.of("standard")));
            vars.put("theme_default", ser(PhpValue.Str.of("bartik")));
            vars.put("file_public_path", ser(PhpValue.Str.of("sites/" + sites.get(0) + "/files")));
            vars.put("cron_key", ser(PhpValue.Str.of("Qn3Q1tEJ2eCjv9w8BvkXq0hQ5m2wq1zqGf0Lq6x4u7E")));
            vars.put("clean_url", ser(PhpValue.Str.of("1")));
            vars.put("maintenance_mode_message", ser(PhpValue.Str.of("Example association is currently under maintenance. We should be back shortly.")));
            if (frontPage != null) {
                vars.put("site_frontpage", ser(PhpValue.Str.of(frontPage)));
            }
            if (maintenanceMode != null) {
                vars.put("maintenance_mode", maintenanceMode.getBytes(StandardCharsets.UTF_8));
            }
            try (Connection conn = TestDatabase.connect(db.coordinates())) {
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO `" + p + "variable` (name, value) VALUES (?, ?)")) {
                    for (Map.Entry<String, byte[]> e : vars.entrySet()) {
                        ps.setString(1, e.getKey());
                        ps.setBytes(2, e.getValue());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO `" + p + "system` (filename, name, type, owner, status,"
                        + " bootstrap, schema_version, weight, info) VALUES (?, ?, 'module', '', ?, 0, ?, ?, ?)")) {
                    for (FakeModule m : modules.values()) {
                        ps.setString(1, m.filename());
                        ps.setString(2, m.name());
                        ps.setInt(3, m.enabled() ? 1 : 0);
                        ps.setInt(4, m.schemaVersion());
                        ps.setInt(5, m.name().equals("civicrm") ? 100 : 0);
                        ps.setBytes(6, infoBlob(m));
                        ps.addBatch();
                    }
                    ps.setString(1, "themes/bartik/bartik.info");
                    ps.setString(2, "bartik");
                    ps.setInt(3, 1);
                    ps.setInt(4, -1);
                    ps.setInt(5, 0);
                    ps.setBytes(6, ser(PhpValue.Array.builder().put("name", "Bartik").put("core", "7.x").put("engine", "phptemplate").build()));
                    ps.addBatch();
                    ps.executeBatch();
                    try (Statement st = conn.createStatement()) {
                        st.execute("UPDATE `" + p + "system` SET type = 'theme', owner = 'themes/engines/phptemplate/phptemplate.engine'"
                                + " WHERE name = 'bartik'");
                    }
                }
                PhpValue.Array.Builder allVars = PhpValue.Array.builder();
                vars.forEach((k, v) -> allVars.put(k, PhpSerialization.unserialize(v)));
                PhpValue.Array.Builder enabled = PhpValue.Array.builder();
                modules.values().stream().filter(FakeModule::enabled).forEach(m -> enabled.put(m.name(), PhpValue.Str.of(m.name())));
                cache(conn, "cache_bootstrap", "variables", ser(allVars.build()));
                cache(conn, "cache_bootstrap", "bootstrap_modules", ser(PhpValue.Array.empty()));
                cache(conn, "cache_bootstrap", "system_list", ser(PhpValue.Array.builder().put("module_enabled", enabled.build()).build()));
                cache(conn, "cache_bootstrap", "module_implements", ser(PhpValue.Array.builder().put("menu", PhpValue.Array.builder()
                        .put("civicrm", new PhpValue.Bool(false)).build()).build()));
                cache(conn, "cache_bootstrap", "lookup_cache", ser(PhpValue.Array.empty()));
                cache(conn, "cache_bootstrap", "hook_info", ser(PhpValue.Array.empty()));
                cache(conn, "cache", "theme_registry:bartik", ser(PhpValue.Array.empty()));
                cache(conn, "cache", "schema:runtime:1", ser(PhpValue.Array.empty()));
                cache(conn, "cache_menu", "links:main-menu:all:0:en", ser(PhpValue.Array.empty()));
                cache(conn, "cache_page", "http://example.org/", ser(PhpValue.Array.empty()));
                cache(conn, "cache_views", "views_data:en", ser(PhpValue.Array.empty()));
                cache(conn, "cache_views", "ctools_export:views_view:civicrm_contacts", ser(PhpValue.Array.empty()));
                cache(conn, "cache_views_data", "civicrm_contacts:page:results:0f1e2d3c4b5a", ser(PhpValue.Array.empty()));
                try (Statement st = conn.createStatement()) {
                    st.execute("INSERT INTO `" + p + "role` (rid, name, weight) VALUES (1, 'anonymous user', 0),"
                            + " (2, 'authenticated user', 1), (3, 'administrator', 2), (4, 'event organiser', 3)");
                    st.execute("INSERT INTO `" + p + "users` (uid, name, pass, mail, status, created, data) VALUES"
                            + " (0, '', '', '', 0, 0, NULL),"
                            + " (1, 'admin', '$S$DOTsV5qU1nRUWRpz2XvmdHJfNQBGzlOKe0fYm6Ri1Z9KS1yZs0hK', 'admin@example.org', 1, 1398189410, 'b:0;')");
                    st.execute("INSERT INTO `" + p + "sessions` (uid, sid, ssid, hostname, timestamp, cache, session) VALUES"
                            + " (1, 'Xy3bA9f0sW8lJ2qT6mK1pR4vN7cH5dG0eZ2uY8iO3aB', '', '192.0.2.10', 1398189500, 0, '')");
                }
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO `" + p + "role_permission` (rid, permission, module) VALUES (?, ?, ?)")) {
                    Object[][] perms = {
                        {1, "access content", "node"}, {1, "access CiviMail subscribe/unsubscribe pages", "civicrm"},
                        {1, "register for events", "civicrm"}, {1, "access CiviEvent", "civicrm"},
                        {2, "access content", "node"}, {2, "access Contact Dashboard", "civicrm"},
                        {2, "view event participants", "civicrm"}, {2, "register for events", "civicrm"},
                        {3, "administer CiviCRM", "civicrm"}, {3, "access all custom data", "civicrm"},
                        {3, "delete contacts", "civicrm"}, {3, "access CiviCRM", "civicrm"},
                        {4, "access CiviEvent", "civicrm"}, {4, "delete in CiviEvent", "civicrm"},
                    };
                    for (Object[] row : perms) {
                        ps.setInt(1, (Integer) row[0]);
                        ps.setString(2, (String) row[1]);
                        ps.setString(3, (String) row[2]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            writeRegistryAndMenus(db, modules);
            if (!existingCivicrmSchema) {
                writeCivicrmSchema(civi);
            }
            for (Map.Entry<String, TestDatabase> e : siteDatabases.entrySet()) {
                try (Connection conn = TestDatabase.connect(e.getValue().coordinates()); Statement st = conn.createStatement()) {
                    st.execute("CREATE TABLE civicrm_domain (id int unsigned NOT NULL AUTO_INCREMENT, name varchar(64) DEFAULT NULL,"
                            + " version varchar(32) DEFAULT NULL, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8");
                    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO civicrm_domain (id, name, version) VALUES (1, ?, ?)")) {
                        ps.setString(1, e.getKey());
                        ps.setString(2, siteVersions.get(e.getKey()));
                        ps.executeUpdate();
                    }
                }
            }
            if (!extensions.isEmpty()) {
                try (Connection conn = TestDatabase.connect(civi.coordinates()); Statement st = conn.createStatement()) {
                    // civicrm_extension as CiviCRM 4.2+ creates it
                    st.execute("CREATE TABLE IF NOT EXISTS civicrm_extension (id int unsigned NOT NULL AUTO_INCREMENT,"
                            + " type varchar(8) NOT NULL, full_name varchar(255) NOT NULL, name varchar(255) DEFAULT NULL,"
                            + " label varchar(255) DEFAULT NULL, file varchar(255) DEFAULT NULL, schema_version varchar(63) DEFAULT NULL,"
                            + " is_active tinyint DEFAULT 1, PRIMARY KEY (id), UNIQUE KEY UI_extension_full_name (full_name))"
                            + " ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE=utf8_unicode_ci");
                    for (FakeExtension x : extensions) {
                        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO civicrm_extension (type, full_name, name, label,"
                                + " file, is_active) VALUES ('module', ?, ?, ?, ?, ?)")) {
                            String shortName = x.key().substring(x.key().lastIndexOf('.') + 1);
                            ps.setString(1, x.key());
                            ps.setString(2, shortName);
                            ps.setString(3, shortName);
                            ps.setString(4, shortName);
                            ps.setInt(5, x.enabled() ? 1 : 0);
                            ps.executeUpdate();
                        }
                    }
                }
            }
        }

        private void writeExtensions(Path root) throws IOException {
            for (FakeExtension x : extensions) {
                Path dir = root.resolve(x.dir() != null ? x.dir() : "sites/" + sites.get(0) + "/files/civicrm/ext").resolve(x.key());
                String shortName = x.key().substring(x.key().lastIndexOf('.') + 1);
                StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<extension key=\"" + x.key() + "\" type=\"module\">\n"
                        + "  <file>" + shortName + "</file>\n  <name>" + shortName + "</name>\n  <description>Test extension</description>\n"
                        + "  <license>AGPL-3.0</license>\n  <maintainer>\n    <author>Example</author>\n    <email>dev@example.org</email>\n"
                        + "  </maintainer>\n  <releaseDate>2020-01-01</releaseDate>\n  <version>1.0</version>\n  <develStage>stable</develStage>\n");
                if (!x.ver().isEmpty()) {
                    xml.append("  <compatibility>\n");
                    x.ver().forEach(v -> xml.append("    <ver>").append(v).append("</ver>\n"));
                    xml.append("  </compatibility>\n");
                }
                if (!x.requires().isEmpty()) {
                    xml.append("  <requires>\n");
                    x.requires().forEach(r -> xml.append("    <ext>").append(r).append("</ext>\n"));
                    xml.append("  </requires>\n");
                }
                xml.append("  <civix>\n    <namespace>CRM/").append(shortName).append("</namespace>\n  </civix>\n</extension>\n");
                write(dir.resolve("info.xml"), xml.toString());
                write(dir.resolve(shortName + ".php"), "<?php\n\nrequire_once '" + shortName + ".civix.php';\n");
            }
        }

        /**
         * Drupal 7's {@code registry}, {@code registry_file}, {@code menu_router}, {@code menu_links}
         * and {@code watchdog} with the column definitions of Drupal 7's {@code system_schema()}
         * (and {@code dblog_schema()}) as its MySQL driver creates them, and rows for CiviCRM's module.
         */
        private void writeRegistryAndMenus(TestDatabase db, Map<String, FakeModule> modules) throws SQLException {
            String p = prefix;
            String civi = modules.get("civicrm").filename();
            try (Connection conn = TestDatabase.connect(db.coordinates()); Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE `" + p + "registry` (name varchar(255) NOT NULL DEFAULT '', type varchar(9) NOT NULL DEFAULT '',"
                        + " filename varchar(255) NOT NULL, module varchar(255) NOT NULL DEFAULT '', weight int(11) NOT NULL DEFAULT 0,"
                        + " PRIMARY KEY (name,type), KEY hook (type,weight,module)) ENGINE=InnoDB DEFAULT CHARSET=utf8");
                st.execute("CREATE TABLE `" + p + "registry_file` (filename varchar(255) NOT NULL, hash varchar(64) NOT NULL,"
                        + " PRIMARY KEY (filename)) ENGINE=InnoDB DEFAULT CHARSET=utf8");
                st.execute("CREATE TABLE `" + p + "menu_router` (path varchar(255) NOT NULL DEFAULT '', load_functions blob NOT NULL,"
                        + " to_arg_functions blob NOT NULL, access_callback varchar(255) NOT NULL DEFAULT '', access_arguments blob,"
                        + " page_callback varchar(255) NOT NULL DEFAULT '', page_arguments blob, delivery_callback varchar(255) NOT NULL DEFAULT '',"
                        + " fit int(11) NOT NULL DEFAULT 0, number_parts smallint(6) NOT NULL DEFAULT 0, context int(11) NOT NULL DEFAULT 0,"
                        + " tab_parent varchar(255) NOT NULL DEFAULT '', tab_root varchar(255) NOT NULL DEFAULT '', title varchar(255) NOT NULL DEFAULT '',"
                        + " title_callback varchar(255) NOT NULL DEFAULT '', title_arguments varchar(255) NOT NULL DEFAULT '',"
                        + " theme_callback varchar(255) NOT NULL DEFAULT '', theme_arguments varchar(255) NOT NULL DEFAULT '',"
                        + " type int(11) NOT NULL DEFAULT 0, description text NOT NULL, position varchar(255) NOT NULL DEFAULT '',"
                        + " weight int(11) NOT NULL DEFAULT 0, include_file mediumtext, PRIMARY KEY (path), KEY fit (fit),"
                        + " KEY tab_parent (tab_parent(64),weight,title), KEY tab_root_weight_title (tab_root(64),weight,title))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8");
                st.execute("CREATE TABLE `" + p + "menu_links` (menu_name varchar(32) NOT NULL DEFAULT '', mlid int(10) unsigned NOT NULL AUTO_INCREMENT,"
                        + " plid int(10) unsigned NOT NULL DEFAULT 0, link_path varchar(255) NOT NULL DEFAULT '', router_path varchar(255) NOT NULL DEFAULT '',"
                        + " link_title varchar(255) NOT NULL DEFAULT '', options blob, module varchar(255) NOT NULL DEFAULT 'system',"
                        + " hidden smallint(6) NOT NULL DEFAULT 0, external smallint(6) NOT NULL DEFAULT 0, has_children smallint(6) NOT NULL DEFAULT 0,"
                        + " expanded smallint(6) NOT NULL DEFAULT 0, weight int(11) NOT NULL DEFAULT 0, depth smallint(6) NOT NULL DEFAULT 0,"
                        + " customized smallint(6) NOT NULL DEFAULT 0, p1 int(10) unsigned NOT NULL DEFAULT 0, p2 int(10) unsigned NOT NULL DEFAULT 0,"
                        + " p3 int(10) unsigned NOT NULL DEFAULT 0, p4 int(10) unsigned NOT NULL DEFAULT 0, p5 int(10) unsigned NOT NULL DEFAULT 0,"
                        + " p6 int(10) unsigned NOT NULL DEFAULT 0, p7 int(10) unsigned NOT NULL DEFAULT 0, p8 int(10) unsigned NOT NULL DEFAULT 0,"
                        + " p9 int(10) unsigned NOT NULL DEFAULT 0, updated smallint(6) NOT NULL DEFAULT 0, PRIMARY KEY (mlid),"
                        + " KEY path_menu (link_path(128),menu_name), KEY menu_plid_expand_child (menu_name,plid,expanded,has_children),"
                        + " KEY menu_parents (menu_name,p1,p2,p3,p4,p5,p6,p7,p8,p9), KEY router_path (router_path(128)))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8");
                st.execute("CREATE TABLE `" + p + "watchdog` (wid int(11) NOT NULL AUTO_INCREMENT, uid int(11) NOT NULL DEFAULT 0,"
                        + " type varchar(64) NOT NULL DEFAULT '', message longtext NOT NULL, variables longblob NOT NULL,"
                        + " severity tinyint(3) unsigned NOT NULL DEFAULT 0, link varchar(255) DEFAULT '', location text NOT NULL, referer text,"
                        + " hostname varchar(128) NOT NULL DEFAULT '', timestamp int(11) NOT NULL DEFAULT 0, PRIMARY KEY (wid), KEY type (type),"
                        + " KEY uid (uid), KEY severity (severity)) ENGINE=InnoDB DEFAULT CHARSET=utf8");
            }
            try (Connection conn = TestDatabase.connect(db.coordinates())) {
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO `" + p + "registry` (name, type, filename, module, weight)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
                    for (String[] r : new String[][] {{"civicrm_init", "function", civi, "civicrm", "100"},
                        {"civicrm_menu", "function", civi, "civicrm", "100"}, {"civicrm_views_handler_field", "class",
                            civi.replace("civicrm.module", "modules/views/civicrm/civicrm_handler_field.inc"), "civicrm", "100"},
                        {"node_load", "function", "modules/node/node.module", "node", "0"}}) {
                        ps.setString(1, r[0]);
                        ps.setString(2, r[1]);
                        ps.setString(3, r[2]);
                        ps.setString(4, r[3]);
                        ps.setInt(5, Integer.parseInt(r[4]));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO `" + p + "registry_file` (filename, hash) VALUES (?, ?)")) {
                    for (String f : List.of(civi, civi.replace("civicrm.module", "modules/views/civicrm/civicrm_handler_field.inc"),
                            "modules/node/node.module")) {
                        ps.setString(1, f);
                        ps.setString(2, com.google.common.hash.Hashing.sha256().hashString(f + civicrmVersion, StandardCharsets.UTF_8).toString());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO `" + p + "menu_router` (path, load_functions, to_arg_functions,"
                        + " access_callback, access_arguments, page_callback, page_arguments, delivery_callback, fit, number_parts, context,"
                        + " tab_parent, tab_root, title, title_callback, title_arguments, theme_callback, theme_arguments, type, description,"
                        + " position, weight, include_file) VALUES (?, '', '', 'user_access', ?, ?, ?, '', ?, ?, 0, '', ?, ?, 't', '', '', '',"
                        + " ?, '', '', 0, '')")) {
                    Object[][] rows = {{"civicrm", "access CiviCRM", "civicrm_invoke", 1, 1, "CiviCRM", 4},
                        {"civicrm/dashboard", "access CiviCRM", "civicrm_invoke", 3, 2, "CiviCRM Home", 4},
                        {"node", "access content", "node_page_default", 1, 1, "Content", 0}};
                    for (Object[] r : rows) {
                        ps.setString(1, (String) r[0]);
                        ps.setBytes(2, ser(PhpValue.Array.list(PhpValue.Str.of((String) r[1]))));
                        ps.setString(3, (String) r[2]);
                        ps.setBytes(4, ser(PhpValue.Array.empty()));
                        ps.setInt(5, (Integer) r[3]);
                        ps.setInt(6, (Integer) r[4]);
                        ps.setString(7, (String) r[0]);
                        ps.setString(8, (String) r[5]);
                        ps.setInt(9, (Integer) r[6]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO `" + p + "menu_links` (menu_name, plid, link_path,"
                        + " router_path, link_title, options, module, hidden, depth, p1) VALUES (?, 0, ?, ?, ?, ?, ?, 0, 1, 0)")) {
                    for (String[] r : new String[][] {{"navigation", "civicrm", "CiviCRM", "civicrm"},
                        {"main-menu", "node", "Home", "menu"}}) {
                        ps.setString(1, r[0]);
                        ps.setString(2, r[1]);
                        ps.setString(3, r[1]);
                        ps.setString(4, r[2]);
                        ps.setBytes(5, ser(PhpValue.Array.empty()));
                        ps.setString(6, r[3]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (Statement st = conn.createStatement()) {
                    st.execute("UPDATE `" + p + "menu_links` SET p1 = mlid");
                    st.execute("INSERT INTO `" + p + "watchdog` (uid, type, message, variables, severity, link, location, referer,"
                            + " hostname, timestamp) VALUES (1, 'user', 'Session opened for %name.', 'a:1:{s:5:\"%name\";s:5:\"admin\";}',"
                            + " 5, '', 'http://example.org/user', 'http://example.org/', '192.0.2.10', 1398189500)");
                }
            }
        }

        private void cache(Connection conn, String table, String cid, byte[] data) throws SQLException {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO `" + prefix + table
                    + "` (cid, data, expire, created, serialized) VALUES (?, ?, 0, 1398189410, 1)")) {
                ps.setString(1, cid);
                ps.setBytes(2, data);
                ps.executeUpdate();
            }
        }

        private void writeCivicrmSchema(TestDatabase db) throws SQLException {
            Version v = Version.parse(civicrmVersion);
            boolean configBackend = v.compareTo(Version.parse("4.7.0")) < 0;
            try (Connection conn = TestDatabase.connect(db.coordinates()); Statement st = conn.createStatement()) {
                st.execute("CREATE TABLE civicrm_domain (id int unsigned NOT NULL AUTO_INCREMENT, name varchar(64) DEFAULT NULL,"
                        + " description varchar(255) DEFAULT NULL," + (configBackend ? " config_backend text," : "")
                        + " version varchar(32) DEFAULT NULL, contact_id int unsigned DEFAULT NULL, locales text,"
                        + " locale_custom_strings text, PRIMARY KEY (id), UNIQUE KEY UI_name (name))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE=utf8_unicode_ci");
                st.execute("CREATE TABLE civicrm_contact (id int unsigned NOT NULL AUTO_INCREMENT, contact_type varchar(64) DEFAULT NULL,"
                        + " is_deleted tinyint NOT NULL DEFAULT 0, sort_name varchar(128) DEFAULT NULL, display_name varchar(128) DEFAULT NULL,"
                        + " first_name varchar(64) DEFAULT NULL, last_name varchar(64) DEFAULT NULL, created_date timestamp NULL DEFAULT NULL,"
                        + " PRIMARY KEY (id), KEY index_sort_name (sort_name)) ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE=utf8_unicode_ci");
                st.execute("CREATE TABLE civicrm_participant (id int unsigned NOT NULL AUTO_INCREMENT, contact_id int unsigned DEFAULT NULL,"
                        + " event_id int unsigned DEFAULT NULL, status_id int unsigned NOT NULL DEFAULT 1, register_date datetime DEFAULT NULL,"
                        + " PRIMARY KEY (id), KEY FK_civicrm_participant_contact_id (contact_id), CONSTRAINT FK_civicrm_participant_contact_id"
                        + " FOREIGN KEY (contact_id) REFERENCES civicrm_contact (id) ON DELETE CASCADE)"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE=utf8_unicode_ci");
                st.execute("CREATE TABLE civicrm_setting (id int unsigned NOT NULL AUTO_INCREMENT,"
                        + (v.compareTo(Version.parse("4.7.0")) < 0 ? " group_name varchar(64) NOT NULL," : "")
                        + " name varchar(255) DEFAULT NULL, value text, domain_id int unsigned NOT NULL, contact_id int unsigned DEFAULT NULL,"
                        + " is_domain tinyint DEFAULT 0, component_id int unsigned DEFAULT NULL, created_date datetime DEFAULT NULL,"
                        + " created_id int unsigned DEFAULT NULL, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE=utf8_unicode_ci");
                st.execute("CREATE TABLE civicrm_value_membership_extras_1 (id int unsigned NOT NULL AUTO_INCREMENT,"
                        + " entity_id int unsigned NOT NULL, favourite_colour_1 varchar(255) DEFAULT NULL, PRIMARY KEY (id),"
                        + " UNIQUE KEY unique_entity_id (entity_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE=utf8_unicode_ci");
                st.execute("CREATE TABLE log_civicrm_contact (id int unsigned, contact_type varchar(64), is_deleted tinyint,"
                        + " sort_name varchar(128), display_name varchar(128), first_name varchar(64), last_name varchar(64),"
                        + " created_date timestamp NULL DEFAULT NULL, log_date timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                        + " log_conn_id varchar(17), log_user_id int, log_action enum('Initialization','Insert','Update','Delete'))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE=utf8_unicode_ci");
                String dbVersion = civicrmVersion;
                st.execute("INSERT INTO civicrm_domain (id, name, description," + (configBackend ? " config_backend," : "")
                        + " version, contact_id) VALUES (1, 'Example association', NULL," + (configBackend ? " NULL," : "")
                        + " '" + dbVersion + "', 1)");
                boolean grouped = v.compareTo(Version.parse("4.7.0")) < 0;
                String url = grouped ? "http://example.org/" + civicrmDir + "/" : "[civicrm.root]/";
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO civicrm_setting (" + (grouped ? "group_name, " : "")
                        + "name, value, domain_id, is_domain) VALUES (" + (grouped ? "'URL Preferences', " : "")
                        + "'userFrameworkResourceURL', ?, 1, 1)")) {
                    ps.setBytes(1, ser(PhpValue.Str.of(url)));
                    ps.executeUpdate();
                }
                // CiviCRM's logging triggers, named {table}_{before|after}_{insert|update|delete}
                st.execute("CREATE TRIGGER civicrm_contact_after_insert AFTER INSERT ON civicrm_contact FOR EACH ROW BEGIN"
                        + " INSERT INTO log_civicrm_contact (id, contact_type, is_deleted, sort_name, display_name, first_name, last_name,"
                        + " created_date, log_conn_id, log_user_id, log_action) VALUES (NEW.id, NEW.contact_type, NEW.is_deleted, NEW.sort_name,"
                        + " NEW.display_name, NEW.first_name, NEW.last_name, NEW.created_date, CONNECTION_ID(), @civicrm_user_id, 'Insert'); END");
                st.execute("CREATE TRIGGER civicrm_contact_after_update AFTER UPDATE ON civicrm_contact FOR EACH ROW BEGIN"
                        + " INSERT INTO log_civicrm_contact (id, contact_type, is_deleted, sort_name, display_name, first_name, last_name,"
                        + " created_date, log_conn_id, log_user_id, log_action) VALUES (NEW.id, NEW.contact_type, NEW.is_deleted, NEW.sort_name,"
                        + " NEW.display_name, NEW.first_name, NEW.last_name, NEW.created_date, CONNECTION_ID(), @civicrm_user_id, 'Update'); END");
                st.execute("CREATE TRIGGER civicrm_contact_after_delete AFTER DELETE ON civicrm_contact FOR EACH ROW BEGIN"
                        + " INSERT INTO log_civicrm_contact (id, log_conn_id, log_user_id, log_action) VALUES (OLD.id, CONNECTION_ID(),"
                        + " @civicrm_user_id, 'Delete'); END");
                st.execute("CREATE FUNCTION civicrm_strip_non_numeric(input VARCHAR(255) CHARACTER SET utf8) RETURNS VARCHAR(255)"
                        + " CHARACTER SET utf8 DETERMINISTIC NO SQL BEGIN DECLARE output VARCHAR(255) CHARACTER SET utf8 DEFAULT '';"
                        + " DECLARE iterator INT DEFAULT 1; WHILE iterator < (LENGTH(input) + 1) DO"
                        + " IF SUBSTRING(input, iterator, 1) IN ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9') THEN"
                        + " SET output = CONCAT(output, SUBSTRING(input, iterator, 1)); END IF; SET iterator = iterator + 1; END WHILE;"
                        + " RETURN output; END");
                st.execute("CREATE VIEW civicrm_contact_en_US AS SELECT id, contact_type, is_deleted, sort_name, display_name,"
                        + " first_name, last_name, created_date FROM civicrm_contact");
            }
            try (Connection conn = TestDatabase.connect(db.coordinates())) {
                conn.setAutoCommit(false);
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO civicrm_contact (contact_type, sort_name, display_name,"
                        + " first_name, last_name, created_date) VALUES ('Individual', ?, ?, ?, ?, '2014-04-22 10:00:00')");
                     PreparedStatement cv = conn.prepareStatement("INSERT INTO civicrm_value_membership_extras_1 (entity_id,"
                             + " favourite_colour_1) VALUES (?, ?)")) {
                    for (int i = 1; i <= contacts; i++) {
                        String first = "Ann" + i;
                        String last = i % 3 == 0 ? "M\u00fcller" : "Smith";
                        ps.setString(1, last + ", " + first);
                        ps.setString(2, first + " " + last);
                        ps.setString(3, first);
                        ps.setString(4, last);
                        ps.addBatch();
                        cv.setInt(1, i);
                        cv.setString(2, i % 2 == 0 ? "blue" : "\u7eff");
                        cv.addBatch();
                        if (i % 1000 == 0) {
                            ps.executeBatch();
                            cv.executeBatch();
                        }
                    }
                    ps.executeBatch();
                    cv.executeBatch();
                }
                try (Statement st = conn.createStatement()) {
                    st.execute("INSERT INTO civicrm_participant (contact_id, event_id, status_id, register_date)"
                            + " SELECT id, 1, 1, '2014-05-01 09:00:00' FROM civicrm_contact WHERE id % 2 = 1");
                }
                conn.commit();
            }
        }

        private static byte[] ser(PhpValue v) {
            return PhpSerialization.serialize(v);
        }

        private static String esc(String s) {
            return s.replace("\\", "\\\\").replace("'", "\\'");
        }

        private static String rawurlencode(String s) {
            StringBuilder sb = new StringBuilder();
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                char ch = (char) (b & 0xff);
                if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || "-_.~".indexOf(ch) >= 0) {
                    sb.append(ch);
                } else {
                    sb.append('%').append(String.format("%02X", b & 0xff));
                }
            }
            return sb.toString();
        }

        private static void write(Path file, String text) throws IOException {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }
}
