package org.civiupgrade.examples.backdrop;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.jspecify.annotations.Nullable;

/**
 * Puts one row of Backdrop's {@code state} table back: the exact stored bytes (a PHP-serialized
 * value, as {@code state_set()} in {@code core/includes/bootstrap.inc} writes it), or no row when
 * there was none. Idempotent.
 *
 * @param tablePrefix the site's {@code $database_prefix}
 * @param name        the state's name, e.g. {@code maintenance_mode}
 * @param value       the previous bytes, Base64-encoded, or null when the row did not exist
 */
@JsonTypeName("backdrop.restore-state")
public record RestoreStateValue(String tablePrefix, String name, @Nullable String value) implements Compensation {
    public RestoreStateValue {
        Objects.requireNonNull(tablePrefix, "tablePrefix");
        Objects.requireNonNull(name, "name");
    }

    /** The compensation that puts back {@code previous} (empty: no row). */
    static RestoreStateValue of(String tablePrefix, String name, Optional<byte[]> previous) {
        return new RestoreStateValue(tablePrefix, name, previous.map(b -> Base64.getEncoder().encodeToString(b)).orElse(null));
    }

    @Override
    public Set<String> touches() {
        return Set.of("db:cms/" + tablePrefix + "state/" + name);
    }

    @Override
    public String describe() {
        return value == null ? "remove the Backdrop state '" + name + "' (it did not exist)"
                : "restore the Backdrop state '" + name + "' to its previous value";
    }

    @Override
    public void apply(CompensationContext context) throws SQLException {
        try (Connection c = context.resources().cmsDatabase().getConnection()) {
            write(c, tablePrefix, name, value == null ? Optional.empty() : Optional.of(Base64.getDecoder().decode(value)));
        }
    }

    /** The table's quoted name. */
    static String table(String prefix) {
        return "`" + prefix.replace("`", "``") + "state`";
    }

    /** The stored bytes of a state, empty when it has no row. */
    static Optional<byte[]> read(Connection c, String prefix, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM " + table(prefix) + " WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** Stores the bytes of a state, or deletes its row for empty. */
    static void write(Connection c, String prefix, String name, Optional<byte[]> bytes) throws SQLException {
        if (bytes.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table(prefix) + " WHERE name = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table(prefix) + " (name, value) VALUES (?, ?)"
                + " ON DUPLICATE KEY UPDATE value = VALUES(value)")) {
            ps.setString(1, name);
            ps.setBytes(2, bytes.get());
            ps.executeUpdate();
        }
    }
}
