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
