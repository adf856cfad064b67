package org.civiupgrade.testkit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.google.common.hash.Hashing;
import org.civiupgrade.Version;
import org.civiupgrade.php.PhpSerialization;
import org.civiupgrade.php.PhpValue;

/**
 * What Drupal 7 writes when CiviCRM's upgrader flushes its caches at the end of an upgrade
 * ({@code drupal_flush_all_caches()}): the civicrm module's {@code system} row gets the new
 * code's parsed {@code .info} (its version), the registry is rebuilt ({@code registry} rows of the
 * module replaced, {@code registry_file} hashes changed, a file added), {@code menu_router} and
 * {@code menu_links} get the new code's paths (a new link takes the next {@code mlid}),
 * {@code variable} {@code css_js_query_string} changes, and every {@code cache} / {@code cache_*}
 * table is emptied and refilled with a few rows the new code computed; and CiviCRM's permission
 * clean-up deletes a {@code role_permission} row of module civicrm. Tables the site lacks are
 * skipped.
 */
final class DrupalCacheFlush {
    private DrupalCacheFlush() {
    }

    static void run(Connection d, String prefix, Version code) throws SQLException {
        String civiFile = null;
        if (exists(d, prefix + "system")) {
            byte[] info = null;
            try (PreparedStatement ps = d.prepareStatement("SELECT filename, info FROM `" + prefix + "system` WHERE name = 'civicrm'"
                    + " AND type = 'module'"); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    civiFile = rs.getString(1);
                    info = rs.getBytes(2);
                }
            }
            if (info != null) {
                Map<PhpValue, PhpValue> entries = new LinkedHashMap<>(((PhpValue.Array) PhpSerialization.unserialize(info)).entries());
                entries.put(PhpValue.Str.of("version"), PhpValue.Str.of(code.major() >= 5 ? "7.x-" + code : code.toString()));
                try (PreparedStatement ps = d.prepareStatement("UPDATE `" + prefix + "system` SET info = ? WHERE name = 'civicrm'"
                        + " AND type = 'module'")) {
                    ps.setBytes(1, PhpSerialization.serialize(new PhpValue.Array(entries)));
                    ps.executeUpdate();
                }
            }
        }
        String file = civiFile == null ? "sites/all/modules/civicrm/drupal/civicrm.module" : civiFile;
        String api4 = file.replace("civicrm.module", "civicrm.api4.inc");
        if (exists(d, prefix + "registry")) {
            exec(d, "DELETE FROM `" + prefix + "registry` WHERE module = 'civicrm'");
            try (PreparedStatement ps = d.prepareStatement("INSERT INTO `" + prefix + "registry` (name, type, filename, module, weight)"
                    + " VALUES (?, ?, ?, 'civicrm', 100)")) {
                for (String[] r : new String[][] {{"civicrm_init", "function", file}, {"civicrm_menu", "function", file},
                    {"civicrm_api4_menu", "function", api4}}) {
                    ps.setString(1, r[0]);
                    ps.setString(2, r[1]);
                    ps.setString(3, r[2]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (exists(d, prefix + "registry_file")) {
            try (PreparedStatement ps = d.prepareStatement("REPLACE INTO `" + prefix + "registry_file` (filename, hash) VALUES (?, ?)")) {
                for (String f : List.of(file, api4)) {
                    ps.setString(1, f);
                    ps.setString(2, Hashing.sha256().hashString(f + code, StandardCharsets.UTF_8).toString());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (exists(d, prefix + "menu_router")) {
            exec(d, "REPLACE INTO `" + prefix + "menu_router` (path, load_functions, to_arg_functions, access_callback, page_callback,"
                    + " fit, number_parts, tab_root, title, title_callback, type, description) VALUES ('civicrm/ajax/api4', '', '',"
                    + " 'user_access', 'civicrm_invoke', 7, 3, 'civicrm/ajax/api4', 'APIv4', 't', 0, '')");
            exec(d, "UPDATE `" + prefix + "menu_router` SET description = 'CiviCRM " + code + "' WHERE path = 'civicrm'");
        }
        if (exists(d, prefix + "menu_links")) {
            exec(d, "INSERT INTO `" + prefix + "menu_links` (menu_name, plid, link_path, router_path, link_title, module, hidden, depth)"
                    + " VALUES ('navigation', 0, 'civicrm/ajax/api4', 'civicrm/ajax/api4', 'APIv4', 'system', -1, 1)");
            exec(d, "UPDATE `" + prefix + "menu_links` SET p1 = mlid WHERE p1 = 0");
        }
        if (exists(d, prefix + "role_permission")) {
            // CiviCRM's permission clean-up deletes civicrm permissions the new release no longer declares
            exec(d, "DELETE FROM `" + prefix + "role_permission` WHERE module = 'civicrm' ORDER BY rid, permission LIMIT 1");
        }
        if (exists(d, prefix + "variable")) {
            String q = Hashing.sha256().hashString(code.toString(), StandardCharsets.UTF_8).toString().substring(0, 6);
            exec(d, "REPLACE INTO `" + prefix + "variable` (name, value) VALUES ('css_js_query_string', 's:6:\"" + q + "\";')");
        }
        List<String> caches = new ArrayList<>();
        try (PreparedStatement ps = d.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                + " AND (TABLE_NAME = ? OR TABLE_NAME LIKE ?)")) {
            ps.setString(1, prefix + "cache");
            ps.setString(2, prefix.replace("_", "\\_") + "cache\\_%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    caches.add(rs.getString(1));
                }
            }
        }
        for (String t : caches) {
            exec(d, "DELETE FROM `" + t + "`");
        }
        if (caches.contains(prefix + "cache_bootstrap")) {
            exec(d, "INSERT INTO `" + prefix + "cache_bootstrap` (cid, data, expire, created, serialized) VALUES ('system_list',"
                    + " 'a:1:{s:7:\"civicrm\";s:" + code.toString().length() + ":\"" + code + "\";}', 0, UNIX_TIMESTAMP(), 1)");
        }
        if (caches.contains(prefix + "cache_menu")) {
            exec(d, "INSERT INTO `" + prefix + "cache_menu` (cid, data, expire, created, serialized) VALUES"
                    + " ('menu_item:civicrm-ajax-api4', 'a:0:{}', 0, UNIX_TIMESTAMP(), 1)");
        }
    }

    private static boolean exists(Connection d, String table) throws SQLException {
        try (PreparedStatement ps = d.prepareStatement("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void exec(Connection d, String sql) throws SQLException {
        try (Statement st = d.createStatement()) {
            st.execute(sql);
        }
    }
}
