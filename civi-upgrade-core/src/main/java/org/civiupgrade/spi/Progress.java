package org.civiupgrade.spi;

/** Receives progress of a long database operation: {@code done} of {@code total} {@code unit}s. */
@FunctionalInterface
public interface Progress {
    /** Ignores progress. */
    Progress NONE = (done, total, unit) -> { };

    /** Called from worker threads; must be cheap and thread-safe. */
    void report(long done, long total, String unit);
}
