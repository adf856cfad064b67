package org.civiupgrade.drupal7.internal;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.sql.Connection;
import java.util.Base64;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;

/**
 * Puts a Drupal variable back to exact bytes (or removes it when it was absent) and clears the
 * {@code cache_bootstrap} {@code variables} row.
 *
 * @param prefix      the Drupal table prefix
 * @param name        the variable
 * @param valueBase64 the exact previous bytes in Base64, or null when there was no row
 */
@JsonTypeName("drupal7.restore-variable")
public record RestoreDrupalVariable(String prefix, String name, String valueBase64) implements Compensation {
    /** A compensation restoring these bytes (null: absent). */
    public static RestoreDrupalVariable of(String prefix, String name, byte[] value) {
        return new RestoreDrupalVariable(prefix, name, value == null ? null : Base64.getEncoder().encodeToString(value));
    }

    @Override
    public String describe() {
        return valueBase64 == null ? "delete Drupal variable " + name : "set Drupal variable " + name + " back to its previous "
                + Base64.getDecoder().decode(valueBase64).length + " bytes";
    }

    @Override
    public java.util.Set<String> touches() {
        return java.util.Set.of(org.civiupgrade.spi.support.Scopes.cmsTable("variable", name));
    }

    @Override
    public void apply(CompensationContext context) throws Exception {
        try (Connection c = context.resources().cmsDatabase().getConnection()) {
            DrupalTables.writeVariable(c, prefix, name, valueBase64 == null ? null : Base64.getDecoder().decode(valueBase64));
        }
    }
}
