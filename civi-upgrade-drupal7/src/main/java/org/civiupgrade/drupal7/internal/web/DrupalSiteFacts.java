package org.civiupgrade.drupal7.internal.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.civiupgrade.drupal7.internal.DrupalTables;
import org.civiupgrade.php.PhpSerialization;
import org.civiupgrade.php.PhpValue;

/**
 * What the web upgrader reads from Drupal 7's own tables: the variables that shape its URLs and
 * sessions, and an active administrator who may run CiviCRM's upgrade.
 *
 * <p>An administrator is {@code uid} 1 when active ({@code status} 1; Drupal grants uid 1 every
 * permission, {@code user_access()} in {@code modules/user/user.module}); otherwise the lowest
 * active uid whose roles ({@code users_roles}, plus the {@code authenticated user} role, rid 2,
 * which every account has) grant {@code administer CiviCRM} and {@code access CiviCRM} (both are
 * required by {@code civicrm/upgrade} in CiviCRM's {@code CRM/Core/xml/Menu/Misc.xml}) and
 * {@code access site in maintenance mode}, without which Drupal serves its maintenance page.
 */
public final class DrupalSiteFacts {
    /** Permissions an account other than uid 1 needs. */
    public static final List<String> REQUIRED_PERMISSIONS = List.of("administer CiviCRM", "access CiviCRM",
            "access site in maintenance mode");

    private DrupalSiteFacts() {
    }

    /** A variable's unserialized value, empty when absent or unreadable. */
    public static Optional<PhpValue> variable(Connection c, String prefix, String name) throws SQLException {
        Optional<byte[]> raw = DrupalTables.readVariable(c, prefix, name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PhpSerialization.unserialize(raw.get()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether a variable is set to a value PHP treats as true. */
    public static boolean flag(Connection c, String prefix, String name) throws SQLException {
        return variable(c, prefix, name).map(PhpValue::truthy).orElse(false);
    }

    /** {@code clean_url}: present and true, present and false, or unknown (absent). */
    public static Optional<Boolean> cleanUrls(Connection c, String prefix) throws SQLException {
        return variable(c, prefix, "clean_url").map(PhpValue::truthy);
    }

    /**
     * Whether the site stores {@code drupal_hash_base64()} of session ids ({@code drupal_session_id()}
     * in {@code includes/session.inc} of later 7.x releases).
     */
    public static boolean hashedSessionIds(Connection c, String prefix) throws SQLException {
        return flag(c, prefix, "hashed_session_ids_supported") && !flag(c, prefix, "do_not_hash_session_ids");
    }

    /** The administrator to log in as, or empty when the site has none (see the class comment). */
    public static OptionalLong administrator(Connection c, String prefix) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM " + DrupalTables.t(prefix, "users")
                + " WHERE uid = 1 AND status = 1")) {
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return OptionalLong.of(1);
                }
            }
        }
        boolean hasUsersRoles = tableExists(c, prefix + "users_roles");
        String roles = hasUsersRoles
                ? "(SELECT uid, rid FROM " + DrupalTables.t(prefix, "users_roles") + " UNION SELECT uid, 2 FROM "
                        + DrupalTables.t(prefix, "users") + ")"
                : "(SELECT uid, 2 AS rid FROM " + DrupalTables.t(prefix, "users") + ")";
        String in = String.join(", ", REQUIRED_PERMISSIONS.stream().map(p -> "?").toList());
        Map<Long, Set<String>> granted = new HashMap<>();
        List<Long> order = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT u.uid, rp.permission FROM " + DrupalTables.t(prefix, "users") + " u JOIN "
                + roles + " r ON r.uid = u.uid JOIN " + DrupalTables.t(prefix, "role_permission") + " rp ON rp.rid = r.rid"
                + " WHERE u.status = 1 AND u.uid > 1 AND rp.permission IN (" + in + ") ORDER BY u.uid")) {
            for (int i = 0; i < REQUIRED_PERMISSIONS.size(); i++) {
                ps.setString(i + 1, REQUIRED_PERMISSIONS.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long uid = rs.getLong(1);
                    if (granted.computeIfAbsent(uid, k -> new HashSet<>()).add(rs.getString(2)) && !order.contains(uid)) {
                        order.add(uid);
                    }
                }
            }
        }
        return order.stream().filter(uid -> granted.get(uid).containsAll(REQUIRED_PERMISSIONS)).mapToLong(Long::longValue).findFirst();
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Writes the session row Drupal's {@code _drupal_session_write()} would write for a fresh
     * login: {@code uid}, {@code sid} (and {@code ssid} on HTTPS) = the stored id, {@code hostname}
     * naming this tool, {@code timestamp} now, {@code cache} 0 and an empty {@code session}.
     */
    public static void insertSession(Connection c, String prefix, long uid, DrupalSessionCookie cookie) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + DrupalTables.t(prefix, "sessions")
                + " (uid, sid, ssid, hostname, timestamp, cache, session) VALUES (?, ?, ?, 'civi-upgrade', UNIX_TIMESTAMP(), 0, '')")) {
            ps.setLong(1, uid);
            ps.setString(2, cookie.storedId());
            ps.setString(3, cookie.https() ? cookie.storedId() : "");
            ps.executeUpdate();
        }
    }
}
