package org.civiupgrade.internal.steps;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Set;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;

/**
 * Puts back the exact bytes of a domain-wide {@code civicrm_setting} value (the row with
 * {@code contact_id IS NULL}), PHP-serialized as CiviCRM stored it, after a step rewrote it.
 * Idempotent; a row that is gone is left gone (the step only rewrites rows that exist).
 *
 * @param name          the setting, e.g. {@code uploadDir}
 * @param domainId      {@code civicrm_setting.domain_id}
 * @param previousValue the previous {@code value} bytes, Base64
 */
@JsonTypeName("core.restore-civicrm-setting")
public record RestoreCivicrmSetting(String name, int domainId, String previousValue) implements Compensation {
    /** The compensation for a value about to be overwritten. */
    public static RestoreCivicrmSetting of(String name, int domainId, byte[] previous) {
        return new RestoreCivicrmSetting(name, domainId, Base64.getEncoder().encodeToString(previous));
    }

    @Override
    public String describe() {
        return "restore CiviCRM's setting " + name + " (domain " + domainId + ") to its previous value";
    }

    @Override
    public Set<String> touches() {
        return Set.of("db:civicrm/civicrm_setting");
    }

    @Override
    public void apply(CompensationContext context) {
        try (Connection c = context.resources().civicrmDatabase().getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE civicrm_setting SET value = ? WHERE name = ? AND domain_id = ? AND contact_id IS NULL")) {
            ps.setBytes(1, Base64.getDecoder().decode(previousValue));
            ps.setString(2, name);
            ps.setInt(3, domainId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new UpgradeException(ErrorCode.DATABASE_ERROR, "Cannot restore CiviCRM's setting " + name + ": " + e.getMessage(),
                    e);
        }
    }
}
