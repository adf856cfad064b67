package org.civiupgrade.spi.db;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.civiupgrade.Version;
import org.jspecify.annotations.Nullable;

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

    /**
     * A copy that knows the CiviCRM version being installed.
     *
     * @param version the target version
     * @return the changed copy
     */
    public DatabaseCheckOptions withTarget(Version version) {
        return new DatabaseCheckOptions(Optional.of(version), domainId, scope, backupDir);
    }

    /**
     * A copy with another scope.
     *
     * @param s the CMS prefix and logging database; null for {@link ObjectScope#plain()}
     * @return the changed copy
     */
    public DatabaseCheckOptions withScope(@Nullable ObjectScope s) {
        return new DatabaseCheckOptions(target, domainId, s, backupDir);
    }

    /**
     * A copy that checks free space where the backup will be written.
     *
     * @param dir the backup folder (or a parent that exists)
     * @return the changed copy
     */
    public DatabaseCheckOptions withBackupDir(Path dir) {
        return new DatabaseCheckOptions(target, domainId, scope, Optional.of(dir));
    }
}
