package org.civiupgrade.spi.db;

import java.util.Objects;
import java.util.Optional;

/**
 * Which objects belong to a site: the CMS table prefix (CiviCRM's own tables never have one)
 * and the separate logging database named by {@code CIVICRM_LOGGING_DSN}, when it differs
 * from the CiviCRM database and lives on the same server.
 *
 * @param cmsTablePrefix  the Drupal table prefix ({@code ""} for none)
 * @param loggingDatabase the schema of the logging database, when separate
 */
public record ObjectScope(String cmsTablePrefix, Optional<String> loggingDatabase) {
    public ObjectScope {
        cmsTablePrefix = cmsTablePrefix == null ? "" : cmsTablePrefix;
        loggingDatabase = Objects.requireNonNullElse(loggingDatabase, Optional.<String>empty())
                .filter(s -> !s.isBlank());
    }

    /** No prefix, no separate logging database. */
    public static ObjectScope plain() {
        return new ObjectScope("", Optional.empty());
    }

    /** A CMS prefix, no separate logging database. */
    public static ObjectScope withPrefix(String prefix) {
        return new ObjectScope(prefix, Optional.empty());
    }

    /** This scope with a separate logging database. */
    public ObjectScope withLoggingDatabase(String schema) {
        return new ObjectScope(cmsTablePrefix, Optional.ofNullable(schema));
    }
}
