package org.civiupgrade.mysql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Optional;

/** Reads {@code civicrm_domain.version} by column name (columns move between versions) and repairs a missing one. */
public final class DomainVersion {
    private DomainVersion() {
    }

    /** Thrown when {@code civicrm_domain} does not exist. */
    public static final class NoDomainTable extends SQLException {
        private static final long serialVersionUID = 1L;

        NoDomainTable(String schema) {
            super("The database " + schema + " has no civicrm_domain table: it is not a CiviCRM database.");
        }
    }

    /** The raw value, empty when missing, NULL or blank. */
    public static Optional<String> read(Connection c, int domainId) throws SQLException {
        String schema = Sql.schemaOf(c);
        if (Sql.one(c, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'civicrm_domain'",
                schema).isEmpty()) {
            throw new NoDomainTable(schema);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM civicrm_domain WHERE id = ?")) {
            ps.setInt(1, domainId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (md.getColumnLabel(i).equalsIgnoreCase("version")) {
                        String v = rs.getString(i);
                        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
                    }
                }
                return Optional.empty();
            }
        }
    }

    /** Sets the version only where it is missing; true when a row changed. */
    public static boolean repair(Connection c, int domainId, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE civicrm_domain SET version = ? WHERE id = ? AND (version IS NULL OR TRIM(version) = '')")) {
            ps.setString(1, version);
            ps.setInt(2, domainId);
            return ps.executeUpdate() > 0;
        }
    }
}
