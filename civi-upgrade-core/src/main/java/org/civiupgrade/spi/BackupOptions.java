package org.civiupgrade.spi;

import java.util.Objects;

/**
 * How to take a backup.
 *
 * @param scope         CMS prefix and logging database (the logging database is backed up too)
 * @param civicrmOnly   back up CiviCRM's objects only (false: the whole schema, CMS tables included)
 * @param workers       parallel connections reading tables inside one consistent snapshot
 * @param domainId      {@code CIVICRM_DOMAIN_ID}, for the version recorded in the manifest
 * @param progress      progress receiver (bytes)
 */
public record BackupOptions(ObjectScope scope, boolean civicrmOnly, int workers, int domainId, Progress progress) {
    public BackupOptions {
        scope = scope == null ? ObjectScope.plain() : scope;
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        progress = Objects.requireNonNullElse(progress, Progress.NONE);
    }

    /** The whole schema, two workers, domain 1. */
    public static BackupOptions defaults() {
        return new BackupOptions(ObjectScope.plain(), false, 2, 1, Progress.NONE);
    }

    public BackupOptions withScope(ObjectScope s) {
        return new BackupOptions(s, civicrmOnly, workers, domainId, progress);
    }

    public BackupOptions withWorkers(int n) {
        return new BackupOptions(scope, civicrmOnly, n, domainId, progress);
    }

    public BackupOptions withCivicrmOnly(boolean only) {
        return new BackupOptions(scope, only, workers, domainId, progress);
    }

    public BackupOptions withProgress(Progress p) {
        return new BackupOptions(scope, civicrmOnly, workers, domainId, p);
    }
}
