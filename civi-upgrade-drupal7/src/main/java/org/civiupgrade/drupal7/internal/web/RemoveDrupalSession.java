package org.civiupgrade.drupal7.internal.web;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.civiupgrade.drupal7.internal.DrupalTables;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.support.Scopes;

/**
 * Removes the administrator login ({@code {sessions}} row) the web upgrader created. Journaled
 * before the row is written, so a failure, a crash or recovery removes it; the upgrader also
 * removes it itself when it ends, and removing a row that is gone does nothing.
 *
 * <p>The journal holds no credential: the row is found by its {@code uid} and the hex SHA-256 of
 * its {@code sid} column ({@link DrupalSessionCookie#lookupDigest()}), computed by the database
 * ({@code SHA2(sid, 256)}), never by the session id or the stored {@code sid} itself.
 *
 * @param prefix    the Drupal table prefix
 * @param uid       the administrator's {@code users.uid}
 * @param sidSha256 hex SHA-256 of the row's {@code sid}
 */
@JsonTypeName("drupal7.remove-session")
public record RemoveDrupalSession(String prefix, long uid, String sidSha256) implements Compensation {
    @Override
    public String describe() {
        return "remove the administrator login (Drupal session of uid " + uid + ") the web upgrader created";
    }

    @Override
    public Set<String> touches() {
        return Set.of(Scopes.cmsTable("sessions", "uid-" + uid + "-" + sidSha256.substring(0, Math.min(12, sidSha256.length()))));
    }

    @Override
    public void apply(CompensationContext context) throws Exception {
        remove(context.resources().cmsDatabase());
    }

    /** Deletes the row; returns how many rows went (0 when it was already gone). */
    public int remove(DataSource cms) throws SQLException {
        try (Connection c = cms.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + DrupalTables.t(prefix, "sessions")
                     + " WHERE uid = ? AND SHA2(sid, 256) = ?")) {
            ps.setLong(1, uid);
            ps.setString(2, sidSha256);
            return ps.executeUpdate();
        }
    }
}
