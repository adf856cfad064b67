package org.civiupgrade.spi.db;

import org.civiupgrade.spi.Progress;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to take a backup.
 *
 * @param scope         CMS prefix and logging database (the logging database is backed up too)
 * @param civicrmOnly   back up CiviCRM's objects only (false: the whole schema, CMS tables included)
 * @param workers       parallel connections reading tables inside one consistent snapshot
 * @param domainId      {@code CIVICRM_DOMAIN_ID}, for the version recorded in the manifest
 * @param progress      progress receiver (bytes)
 * @param compression   how the data files are compressed
 */
public record BackupOptions(ObjectScope scope, boolean civicrmOnly, int workers, int domainId, Progress progress,
                            Compression compression) {
    /**
     * How a backup's data files are compressed. A dialect that cannot use the chosen one (for
     * example because its native library does not load on this machine) falls back to
     * {@link #GZIP} and says so in its log.
     */
    public enum Compression {
        /** Zstandard at a fast level: several times less CPU than gzip for a smaller file; the default. */
        ZSTD,
        /** gzip at its fastest level: readable by {@code zcat} everywhere. */
        GZIP
    }

    public BackupOptions {
        scope = scope == null ? ObjectScope.plain() : scope;
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        progress = Objects.requireNonNullElse(progress, Progress.NONE);
        compression = Objects.requireNonNullElse(compression, Compression.ZSTD);
    }

    /** Options with the default compression ({@link Compression#ZSTD}). */
    public BackupOptions(ObjectScope scope, boolean civicrmOnly, int workers, int domainId, Progress progress) {
        this(scope, civicrmOnly, workers, domainId, progress, Compression.ZSTD);
    }

    /** The whole schema, two workers, domain 1, zstd. */
    public static BackupOptions defaults() {
        return new BackupOptions(ObjectScope.plain(), false, 2, 1, Progress.NONE, Compression.ZSTD);
    }

    /**
     * A copy with another scope.
     *
     * @param s the CMS prefix and logging database
     * @return the changed copy
     */
    public BackupOptions withScope(ObjectScope s) {
        return new BackupOptions(s, civicrmOnly, workers, domainId, progress, compression);
    }

    /**
     * A copy with another number of reading connections.
     *
     * @param n parallel connections, at least 1
     * @return the changed copy
     * @throws IllegalArgumentException when n is below 1
     */
    public BackupOptions withWorkers(int n) {
        return new BackupOptions(scope, civicrmOnly, n, domainId, progress, compression);
    }

    /**
     * A copy that backs up CiviCRM's objects only, or the whole schema.
     *
     * @param only true for CiviCRM's objects only
     * @return the changed copy
     */
    public BackupOptions withCivicrmOnly(boolean only) {
        return new BackupOptions(scope, only, workers, domainId, progress, compression);
    }

    /**
     * A copy with another progress receiver.
     *
     * @param p receives bytes written; null for none
     * @return the changed copy
     */
    public BackupOptions withProgress(@Nullable Progress p) {
        return new BackupOptions(scope, civicrmOnly, workers, domainId, p, compression);
    }

    /**
     * A copy with another compression of the data files.
     *
     * @param c the compression; null for the default ({@link Compression#ZSTD})
     * @return the changed copy
     */
    public BackupOptions withCompression(@Nullable Compression c) {
        return new BackupOptions(scope, civicrmOnly, workers, domainId, progress, c);
    }
}
