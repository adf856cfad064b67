package org.civiupgrade.drupal7.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes Drupal 7's {@code variable} and {@code system} tables the way Drupal's own
 * {@code variable_set()}, {@code variable_del()} and {@code module_disable()} do, including the
 * cache rows Drupal reads first.
 */
public final class DrupalTables {
    /** The {@code cache_bootstrap} rows that hold the module list and hook implementations. */
    public static final List<String> MODULE_CACHE_IDS = List.of("bootstrap_modules", "system_list", "_drupal_file_scan_cache",
            "module_implements");

    private DrupalTables() {
    }

    /** Quotes a (prefixed) table name. */
    public static String t(String prefix, String table) {
        String name = prefix + table;
        if (!name.matches("[A-Za-z0-9_$.]+")) {
            throw new IllegalArgumentException("Unsafe table name " + name);
        }
        return "`" + name.replace(".", "`.`") + "`";
    }

    /** The raw bytes of a variable, empty when the row is absent. */
    public static Optional<byte[]> readVariable(Connection c, String prefix, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM " + t(prefix, "variable") + " WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /**
     * Sets a variable to exactly these bytes, or deletes the row when {@code value} is null, then
     * deletes the {@code cache_bootstrap} row {@code variables} (as {@code variable_set()} does).
     */
    public static void writeVariable(Connection c, String prefix, String name, byte[] value) throws SQLException {
        if (value == null) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t(prefix, "variable") + " WHERE name = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t(prefix, "variable")
                    + " (name, value) VALUES (?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)")) {
                ps.setString(1, name);
                ps.setBytes(2, value);
                ps.executeUpdate();
            }
        }
        deleteCacheRows(c, prefix, "cache_bootstrap", List.of("variables"));
    }

    /** Deletes cache rows by cid. */
    public static void deleteCacheRows(Connection c, String prefix, String table, Collection<String> cids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t(prefix, table) + " WHERE cid = ?")) {
            for (String cid : cids) {
                ps.setString(1, cid);
                ps.executeUpdate();
            }
        }
    }

    /** Sets {@code system.status} of modules and clears the module-list cache rows, as {@code module_disable()}/{@code module_enable()} do. */
    public static void setModuleStatus(Connection c, String prefix, Collection<String> modules, int status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + t(prefix, "system")
                + " SET status = ? WHERE type = 'module' AND name = ?")) {
            for (String m : modules) {
                ps.setInt(1, status);
                ps.setString(2, m);
                ps.executeUpdate();
            }
        }
        deleteCacheRows(c, prefix, "cache_bootstrap", MODULE_CACHE_IDS);
    }
}
