package org.civiupgrade.spi.db;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.civiupgrade.Version;

/**
 * What the database pre-flight checks need to know.
 *
 * @param target    the CiviCRM version being upgraded to, when known (privileges and minimum versions depend on it)
 * @param domainId  {@code CIVICRM_DOMAIN_ID} (1 by default)
 * @param scope     the CMS prefix and logging database
 * @param backupDir where the backup will be written, for the free-space check; empty to skip it
 */
public record DatabaseCheckOptions(Optional<Version> target, int domainId, ObjectScope scope, Optional<Path> backupDir) {
    public DatabaseCheckOptions {
        target = Objects.requireNonNullElse(target, Optional.<Version>empty());
        scope = scope == null ? ObjectScope.plain() : scope;
        backupDir = Objects.requireNonNullElse(backupDir, Optional.<Path>empty());
    }

    /** Defaults: no target, domain 1, no prefix, no free-space check. */
    public static DatabaseCheckOptions defaults() {
        return new DatabaseCheckOptions(Optional.empty(), 1, ObjectScope.plain(), Optional.empty());
    }

    public DatabaseCheckOptions withTarget(Version version) {
        return new DatabaseCheckOptions(Optional.of(version), domainId, scope, backupDir);
    }

    public DatabaseCheckOptions withScope(ObjectScope s) {
        return new DatabaseCheckOptions(target, domainId, s, backupDir);
    }

    public DatabaseCheckOptions withBackupDir(Path dir) {
        return new DatabaseCheckOptions(target, domainId, scope, Optional.of(dir));
    }
}
