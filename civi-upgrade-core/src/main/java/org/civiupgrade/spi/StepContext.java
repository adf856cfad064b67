package org.civiupgrade.spi;

/**
 * What a running step gets from the engine: everything of {@link PlanContext}, plus the
 * journal and progress reporting.
 */
public interface StepContext extends PlanContext {
    /** The run's identifier. */
    String runId();

    /**
     * Appends a compensation to the journal and forces it to disk before returning. If the
     * run fails later, the engine applies it (in reverse order of recording), also from
     * another process after a crash, so it must be idempotent.
     */
    void record(Compensation compensation);

    /** Reports progress: {@code done} of {@code total} {@code unit}s (total -1 when unknown). */
    void progress(long done, long total, String unit);

    /** Adds a warning to the run's result and emits it as an event. */
    void warn(String message);

    /**
     * Adds a line to the run's post-upgrade report ({@code UpgradeResult.report()}), under a section
     * such as {@code permissions}, {@code action-items}, {@code modules}. For facts the user should
     * act on after a successful run; problems of the run itself are warnings.
     */
    default void report(String section, String line) {
        warn(line);
    }

    /** Throws {@link InterruptedException} when the run was asked to stop. */
    void checkInterrupted() throws InterruptedException;
}
