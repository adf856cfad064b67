package org.civiupgrade.spi.db;

import org.civiupgrade.spi.Progress;
import java.util.Objects;
import java.util.Optional;

/**
 * How to verify a backup.
 *
 * @param scratchSchema the scratch schema to restore into (created and dropped); empty for a generated name
 * @param workers       parallel restore connections
 * @param progress      progress receiver
 */
public record VerifyOptions(Optional<String> scratchSchema, int workers, Progress progress) {
    public VerifyOptions {
        scratchSchema = Objects.requireNonNullElse(scratchSchema, Optional.<String>empty());
        progress = Objects.requireNonNullElse(progress, Progress.NONE);
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
    }

    /** A generated scratch schema, two workers. */
    public static VerifyOptions defaults() {
        return new VerifyOptions(Optional.empty(), 2, Progress.NONE);
    }
}
