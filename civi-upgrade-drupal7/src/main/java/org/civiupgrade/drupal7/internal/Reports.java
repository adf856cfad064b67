package org.civiupgrade.drupal7.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civiupgrade.Version;

/** Report data for after the upgrade: permissions to review and the action items of the version jump. */
public final class Reports {
    /** The permissions the documented procedure asks to review, plus every CiviCRM "delete" permission. */
    public static final List<String> REVIEWED_PERMISSIONS = List.of("access CiviMail subscribe/unsubscribe pages",
            "view event participants", "access all custom data", "access Contact Dashboard", "access CiviEvent",
            "register for events");

    private Reports() {
    }

    /** One line per reviewed permission: which roles hold it ("no role" when none). */
    public static List<String> permissionReview(Connection c, String prefix) throws SQLException {
        Map<String, List<String>> holders = new LinkedHashMap<>();
        REVIEWED_PERMISSIONS.forEach(p -> holders.put(p, new ArrayList<>()));
        try (PreparedStatement ps = c.prepareStatement("SELECT rp.permission, r.name FROM " + DrupalTables.t(prefix, "role_permission")
                + " rp JOIN " + DrupalTables.t(prefix, "role") + " r ON r.rid = rp.rid ORDER BY rp.permission, r.weight, r.name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String perm = rs.getString(1);
                if (holders.containsKey(perm) || perm.startsWith("delete ")) {
                    holders.computeIfAbsent(perm, k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        List<String> out = new ArrayList<>();
        holders.forEach((perm, roles) -> out.add("Review permission '" + perm + "': "
                + (roles.isEmpty() ? "no role" : "held by " + String.join(", ", roles)) + "."));
        return out;
    }

    /**
     * Whether CiviCRM's Resource URL still points at the code folder: the {@code civicrm_setting}
     * row {@code userFrameworkResourceURL} (4.1+), or the {@code config_backend} array of
     * {@code civicrm_domain} (older sites; the column is gone by 5.27). A value using the
     * {@code [civicrm.root]} token follows the code by itself. Returns report lines, empty when
     * nothing needs doing.
     */
    public static List<String> resourceUrl(Connection civi, String codePathFromRoot) throws SQLException {
        List<String> urls = new ArrayList<>();
        if (hasTable(civi, "civicrm_setting")) {
            try (PreparedStatement ps = civi.prepareStatement("SELECT value FROM civicrm_setting WHERE name = 'userFrameworkResourceURL'"
                    + " AND contact_id IS NULL ORDER BY domain_id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stringOf(rs.getBytes(1)).ifPresent(urls::add);
                }
            }
        }
        if (urls.isEmpty() && hasColumn(civi, "civicrm_domain", "config_backend")) {
            try (PreparedStatement ps = civi.prepareStatement("SELECT config_backend FROM civicrm_domain ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] b = rs.getBytes(1);
                    if (b != null) {
                        try {
                            if (org.civiupgrade.php.PhpSerialization.unserialize(b) instanceof org.civiupgrade.php.PhpValue.Array a) {
                                a.getString("userFrameworkResourceURL").ifPresent(urls::add);
                            }
                        } catch (org.civiupgrade.php.PhpFormatException e) {
                            // an unreadable config_backend is CiviCRM's to complain about
                        }
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        String rel = codePathFromRoot.replace('\\', '/').replaceAll("/+$", "");
        for (String url : urls) {
            if (url.isEmpty() || url.contains("[civicrm.root]")) {
                continue;
            }
            String path = url.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "").replaceAll("/+$", "");
            if (!path.endsWith("/" + rel) && !path.equals(rel)) {
                out.add("CiviCRM's Resource URL is " + url + " but the code is at " + rel + "/: set it to the URL of " + rel
                        + "/ (Administer > System Settings > Resource URLs), or to [civicrm.root]/ from 4.7.");
            }
        }
        return out;
    }

    private static java.util.Optional<String> stringOf(byte[] serialized) {
        if (serialized == null) {
            return java.util.Optional.empty();
        }
        try {
            return org.civiupgrade.php.PhpSerialization.unserialize(serialized) instanceof org.civiupgrade.php.PhpValue.Str s
                    ? java.util.Optional.of(s.text()) : java.util.Optional.empty();
        } catch (org.civiupgrade.php.PhpFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean hasTable(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
            ps.setString(1, table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Follow-up work the documented procedure names for this version jump. */
    public static List<String> actionItems(Version from, Version to) {
        List<String> out = new ArrayList<>();
        if (from.compareTo(Version.parse("4.2.0")) < 0 && to.compareTo(Version.parse("4.2.0")) >= 0) {
            out.add("Cron jobs must be reconfigured: from 4.2 CiviCRM runs them as Scheduled Jobs (Administer > System Settings > Scheduled Jobs).");
            out.add("Cron through bin/cli.php or CLI.php now needs a user name and password (or the site key) on the command line.");
        }
        if (from.compareTo(Version.parse("4.2.0")) < 0 && to.compareTo(Version.parse("4.2.0")) >= 0
                || from.major() != to.major() || from.minor() != to.minor()) {
            out.add("If the membership status update (renewal) script was run by cron, check it still runs: from 4.2 it is the "
                    + "Scheduled Job 'Update Membership Statuses'.");
        }
        out.add("Rebuild the CiviCRM menu (civicrm/menu/rebuild?reset=1 or 'cv flush') and check the Resource URL setting if the code moved.");
        return out;
    }
}
