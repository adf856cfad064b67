package org.civiupgrade.examples.backdrop;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.TestDatabase;

/**
 * A Backdrop 1.x site with CiviCRM, as files and tables, for tests: the Backdrop root with
 * {@code core/includes/bootstrap.inc}, {@code settings.php} in the shipped single-DSN form, the
 * active configuration {@code files/config_<md5 of the DSN>/active/system.core.json}, CiviCRM's code in
 * {@code modules/civicrm} (a {@link FakeRelease} tree plus {@code backdrop/civicrm.module}) and
 * {@code civicrm.settings.php} in the root; in the database Backdrop's {@code state}, {@code system}
 * and cache tables and CiviCRM's {@code civicrm_domain}, in one schema.
 */
final class FakeBackdropSite {
    static final String BACKDROP_VERSION = "1.27.1";

    private final Path root;
    private final String dsn;

    private FakeBackdropSite(Path root, String dsn) {
        this.root = root;
        this.dsn = dsn;
    }

    Path root() {
        return root;
    }

    /** The active configuration folder, as Backdrop's shipped settings.php computes it. */
    Path configDir() {
        return root.resolve("files/config_" + BackdropSettings.md5Hex(dsn) + "/active");
    }

    Path systemCore() {
        return configDir().resolve("system.core.json");
    }

    Path templatesC() {
        return root.resolve("files/civicrm/templates_c");
    }

    /** A site with CiviCRM {@code civicrmVersion} whose front page is {@code frontPage}; the site is online (no state row). */
    static FakeBackdropSite create(Path root, TestDatabase db, String civicrmVersion, String frontPage) throws IOException, SQLException {
        DatabaseCoordinates c = db.coordinates();
        String dsn = "mysql://" + rawurlencode(c.user()) + ":" + rawurlencode(c.password().reveal()) + "@" + c.host() + ":" + c.port()
                + "/" + c.database();
        FakeBackdropSite site = new FakeBackdropSite(root.toAbsolutePath().normalize(), dsn);
        site.writeFiles(civicrmVersion, frontPage);
        writeTables(db, civicrmVersion);
        return site;
    }

    private static String rawurlencode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void writeFiles(String civicrmVersion, String frontPage) throws IOException {
        write(root.resolve("index.php"), "<?php\n/**\n * @file\n * The PHP page that serves all page requests on a Backdrop installation.\n */\n"
                + "define('BACKDROP_ROOT', getcwd());\nrequire_once BACKDROP_ROOT . '/core/includes/bootstrap.inc';\n"
                + "backdrop_bootstrap(BACKDROP_BOOTSTRAP_FULL);\nmenu_execute_active_handler();\n");
        write(root.resolve("core/includes/bootstrap.inc"), "<?php\n/**\n * @file\n * Functions that need to be loaded on every Backdrop request.\n"
                + " */\n\n/**\n * The current system version.\n */\ndefine('BACKDROP_VERSION', '" + BACKDROP_VERSION + "');\n\n"
                + "/**\n * Core API compatibility.\n */\ndefine('BACKDROP_CORE_COMPATIBILITY', '1.x');\n");
        write(root.resolve("core/modules/system/system.module"), "<?php\n");
        write(root.resolve("settings.php"), "<?php\n/**\n * @file\n * Main Backdrop CMS configuration file.\n */\n\n"
                + "/**\n * Database configuration:\n */\n$database = '" + dsn + "';\n$database_prefix = '';\n\n"
                + "/**\n * Site configuration files location.\n *\n * Example using directories one parent level up:\n * @code\n"
                + " * $config_directories['active'] = '../config/active';\n * @endcode\n */\n"
                + "$config_directories['active'] = 'files/config_' . md5($database) . '/active';\n"
                + "$config_directories['staging'] = 'files/config_' . md5($database) . '/staging';\n\n"
                + "$settings['update_free_access'] = FALSE;\n$settings['hash_salt'] = 'f4k3s4lt';\n"
                + "// $database = 'mysql://user:pass@localhost/database_name';\n\n"
                + "if (file_exists(__DIR__ . '/settings.local.php')) {\n  include __DIR__ . '/settings.local.php';\n}\n");
        write(systemCore(), "{\n    \"_config_name\": \"system.core\",\n    \"_config_static\": true,\n    \"cache\": 0,\n"
                + "    \"file_public_path\": \"files\",\n    \"site_403\": \"\",\n    \"site_404\": \"\",\n"
                + "    \"site_frontpage\": \"" + frontPage + "\",\n    \"site_name\": \"Example association\",\n"
                + "    \"theme_default\": \"basis\"\n}\n");
        write(configDir().getParent().resolve("staging/.htaccess"), "Deny from all\n");
        Path civi = root.resolve("modules/civicrm");
        for (Map.Entry<String, byte[]> f : FakeRelease.of(civicrmVersion).contents().entrySet()) {
            Files.createDirectories(civi.resolve(f.getKey()).getParent());
            Files.write(civi.resolve(f.getKey()), f.getValue());
        }
        write(civi.resolve("backdrop/civicrm.info"), "name = CiviCRM\ntype = module\nbackdrop = 1.x\n");
        write(civi.resolve("backdrop/civicrm.module"), "<?php\n/**\n * Backdrop module file for CiviCRM.\n */\n");
        write(root.resolve("civicrm.settings.php"), "<?php\nglobal $civicrm_root, $civicrm_setting, $civicrm_paths;\n\n"
                + "define('CIVICRM_UF', 'Backdrop');\ndefine('CIVICRM_UF_DSN', '" + dsn + "?new_link=true');\n"
                + "define('CIVICRM_DSN', '" + dsn + "?new_link=true');\n"
                + "$civicrm_root = '" + civi + "';\n"
                + "if (!defined('CIVICRM_TEMPLATE_COMPILEDIR')) {\n  define('CIVICRM_TEMPLATE_COMPILEDIR', '" + templatesC() + "/');\n}\n"
                + "define('CIVICRM_UF_BASEURL', 'http://example.org/');\ndefine('CIVICRM_SITE_KEY', '6a3f1c2e9b8d7a6f5e4d3c2b1a0f9e8d');\n"
                + "$include_path = '.' . PATH_SEPARATOR . $civicrm_root . PATH_SEPARATOR . get_include_path();\n"
                + "set_include_path($include_path);\nrequire_once 'CRM/Core/ClassLoader.php';\nCRM_Core_ClassLoader::singleton()->register();\n");
        write(templatesC().resolve("en_US/%%0A^0A5^0A5AF6E3%%CRM_Core_Page_Dashboard.tpl.php"), "<div class=\"crm-container\"></div>\n");
        write(root.resolve("files/civicrm/upload/.htaccess"), "Deny from all\n");
        write(root.resolve("files/.htaccess"), "Options None\n");
    }

    private static void writeTables(TestDatabase db, String civicrmVersion) throws SQLException {
        try (Connection c = TestDatabase.connect(db.coordinates()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE state (name varchar(128) NOT NULL DEFAULT '', value longblob NOT NULL, PRIMARY KEY (name))"
                    + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
            st.execute("CREATE TABLE system (filename varchar(255) NOT NULL DEFAULT '', name varchar(255) NOT NULL DEFAULT '',"
                    + " type varchar(12) NOT NULL DEFAULT '', owner varchar(255) NOT NULL DEFAULT '', status int NOT NULL DEFAULT 0,"
                    + " bootstrap int NOT NULL DEFAULT 0, schema_version smallint NOT NULL DEFAULT -1, weight int NOT NULL DEFAULT 0,"
                    + " info blob, PRIMARY KEY (filename)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
            for (String t : new String[] {"cache", "cache_bootstrap", "cache_page", "cache_menu"}) {
                st.execute("CREATE TABLE " + t + " (cid varchar(255) NOT NULL DEFAULT '', data longblob, expire int NOT NULL DEFAULT 0,"
                        + " created decimal(14,3) NOT NULL DEFAULT 0, serialized smallint NOT NULL DEFAULT 0, PRIMARY KEY (cid))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
                st.execute("INSERT INTO " + t + " (cid, data, expire, created, serialized) VALUES ('entry:1', 'a:0:{}', 0, 1700000000, 1)");
            }
            st.execute("INSERT INTO system (filename, name, type, status, schema_version, info) VALUES"
                    + " ('core/modules/system/system.module', 'system', 'module', 1, 1000, ''),"
                    + " ('modules/civicrm/backdrop/civicrm.module', 'civicrm', 'module', 1, 0, '')");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO state (name, value) VALUES (?, ?)")) {
                ps.setString(1, "cron_last");
                ps.setBytes(2, "i:1700000000;".getBytes(StandardCharsets.US_ASCII));
                ps.executeUpdate();
            }
            st.execute("CREATE TABLE civicrm_domain (id int unsigned NOT NULL AUTO_INCREMENT, name varchar(64) DEFAULT NULL,"
                    + " description varchar(255) DEFAULT NULL, version varchar(32) DEFAULT NULL, contact_id int unsigned DEFAULT NULL,"
                    + " locales text, locale_custom_strings text, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8");
            st.execute("INSERT INTO civicrm_domain (id, name, version, contact_id) VALUES (1, 'Example association', '"
                    + civicrmVersion + "', 1)");
        }
    }
}
