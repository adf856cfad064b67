package org.civiupgrade.spi.db;

import org.civiupgrade.spi.Progress;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How to restore a backup.
 *
 * @param mode         {@link Mode#FULL} restores everything in the backup; {@link Mode#SELECTIVE} (the
 *                     rollback) restores only CiviCRM's tables that changed, drops CiviCRM tables the
 *                     backup does not know, and recreates every CiviCRM view, trigger and routine; CMS
 *                     objects are never touched in selective mode
 * @param targetSchema restore into this schema instead of the one backed up (full mode only)
 * @param workers      parallel {@code LOAD DATA} connections
 * @param progress     progress receiver (bytes)
 */
public record RestoreOptions(Mode mode, Optional<String> targetSchema, int workers, Progress progress) {
    public RestoreOptions {
        Objects.requireNonNull(mode, "mode");
        targetSchema = Objects.requireNonNullElse(targetSchema, Optional.<String>empty());
        progress = Objects.requireNonNullElse(progress, Progress.NONE);
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
    }

    /** Restore kinds. */
    public enum Mode {
        /** Everything in the backup, CMS objects included. */
        FULL,
        /** The rollback: only CiviCRM's changed objects. */
        SELECTIVE
    }

    /** Everything, in place, two workers. */
    public static RestoreOptions full() {
        return new RestoreOptions(Mode.FULL, Optional.empty(), 2, Progress.NONE);
    }

    /** The rollback: changed CiviCRM objects only, two workers. */
    public static RestoreOptions selective() {
        return new RestoreOptions(Mode.SELECTIVE, Optional.empty(), 2, Progress.NONE);
    }

    /**
     * A copy that restores into another schema (full mode only).
     *
     * @param schema the schema to restore into
     * @return the changed copy
     */
    public RestoreOptions into(String schema) {
        return new RestoreOptions(mode, Optional.of(schema), workers, progress);
    }

    /**
     * A copy with another number of loading connections.
     *
     * @param n parallel {@code LOAD DATA} connections, at least 1
     * @return the changed copy
     * @throws IllegalArgumentException when n is below 1
     */
    public RestoreOptions withWorkers(int n) {
        return new RestoreOptions(mode, targetSchema, n, progress);
    }

    /**
     * A copy with another progress receiver.
     *
     * @param p receives bytes loaded; null for none
     * @return the changed copy
     */
    public RestoreOptions withProgress(@Nullable Progress p) {
        return new RestoreOptions(mode, targetSchema, workers, p);
    }
}
