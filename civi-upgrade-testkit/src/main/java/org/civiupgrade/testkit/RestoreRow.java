package org.civiupgrade.testkit;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.jspecify.annotations.Nullable;

/**
 * Puts one row of a key/value table back: its previous bytes, or no row. Idempotent.
 *
 * @param table    the table
 * @param id       the key
 * @param previous the previous value, Base64, or null when there was no row
 */
@JsonTypeName("testkit.restore-row")
public record RestoreRow(String table, int id, @Nullable String previous) implements Compensation {
    static RestoreRow capture(Connection c, String table, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v FROM `" + table + "` WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return new RestoreRow(table, id, rs.next() ? Base64.getEncoder().encodeToString(rs.getBytes(1)) : null);
            }
        }
    }

    @Override
    public java.util.Set<String> touches() {
        return java.util.Set.of("db:cms/" + table + "/" + id);
    }

    @Override
    public String describe() {
        return previous == null ? "delete row " + id + " of " + table : "restore row " + id + " of " + table;
    }

    @Override
    public void apply(CompensationContext context) throws SQLException {
        try (Connection c = context.resources().cmsDatabase().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM `" + table + "` WHERE id = ?")) {
                del.setInt(1, id);
                del.executeUpdate();
            }
            if (previous != null) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO `" + table + "` (id, v) VALUES (?, ?)")) {
                    ins.setInt(1, id);
                    ins.setBytes(2, Base64.getDecoder().decode(previous));
                    ins.executeUpdate();
                }
            }
            c.commit();
        }
    }
}
