package org.civiupgrade;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.civiupgrade.internal.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * How a run ended: status, each step's outcome and timing, warnings, the failure that caused
 * a rollback and what each compensation did. Immutable; {@link #toJson()} gives the report a
 * hosting tool stores and {@link #fromJson(String)} reads it back.
 *
 * @param runId         the run's identifier (also the name of its folder in the work directory)
 * @param site          the site, as text (no secrets)
 * @param status        how the run ended
 * @param recovery      true when this is the result of {@code Upgrade.recover}
 * @param startedAt     when the run started
 * @param duration      how long it took
 * @param steps         each planned step's outcome, in plan order
 * @param warnings      warnings from steps and compensations
 * @param failure       the error that started the rollback, or null on success
 * @param compensations every compensation that was applied or attempted, in order of application
 * @param runDir        the run's folder: journal, saved copies, backups
 * @param report        the post-upgrade report: what to review and do after a successful run
 */
public record UpgradeResult(String runId, String site, RunStatus status, boolean recovery, Instant startedAt,
                            Duration duration, List<StepOutcome> steps, List<String> warnings, @Nullable Failure failure,
                            List<CompensationOutcome> compensations, String runDir, List<ReportLine> report) {
    public UpgradeResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(status, "status");
        steps = List.copyOf(steps);
        warnings = List.copyOf(warnings);
        compensations = List.copyOf(compensations);
        report = report == null ? List.of() : List.copyOf(report);
    }

    /** The report lines of one section, in order. */
    public List<String> reportSection(String section) {
        return report.stream().filter(r -> r.section().equals(section)).map(ReportLine::text).toList();
    }

    /**
     * One line of the post-upgrade report.
     *
     * @param stepId  the step that reported it
     * @param section e.g. {@code permissions}, {@code action-items}, {@code modules}
     * @param text    the line (no secrets)
     */
    public record ReportLine(String stepId, String section, String text) { }

    /** The failure, when the run did not succeed. */
    public Optional<Failure> failureCause() {
        return Optional.ofNullable(failure);
    }

    /** True when the run succeeded. */
    public boolean succeeded() {
        return status == RunStatus.SUCCEEDED;
    }

    /** Compensations that did not complete: what {@code Upgrade.recover} will retry. */
    public List<CompensationOutcome> pendingCompensations() {
        return compensations.stream().filter(c -> !c.applied()).toList();
    }

    /** Pretty-printed JSON. */
    public String toJson() {
        return Json.write(this);
    }

    /** Reads a result written by {@link #toJson()}. */
    public static UpgradeResult fromJson(String json) {
        return Json.read(json, UpgradeResult.class);
    }

    /** How one step ended. */
    public enum StepStatus {
        /** Finished. */
        SUCCEEDED,
        /** Threw; its partial changes were undone with the rest. */
        FAILED,
        /** Finished, then undone because a later step failed. */
        UNDONE,
        /** Never started. */
        NOT_RUN
    }

    /**
     * One step's outcome.
     *
     * @param stepId      the step
     * @param description what it does
     * @param status      how it ended
     * @param startedAt   when it started (null if it never did)
     * @param duration    how long it ran (zero if it never did)
     */
    public record StepOutcome(String stepId, String description, StepStatus status, @Nullable Instant startedAt, Duration duration) {
        public StepOutcome {
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(status, "status");
            duration = duration == null ? Duration.ZERO : duration;
        }
    }

    /**
     * The error that ended a run.
     *
     * @param stepId  the failing step (or {@code engine})
     * @param code    the stable error code
     * @param message what went wrong (no secrets)
     * @param remedy  what to do
     */
    public record Failure(String stepId, ErrorCode code, String message, String remedy) { }

    /**
     * One compensation's outcome.
     *
     * @param stepId      the step whose change it undoes
     * @param description what it does
     * @param applied     whether it completed
     * @param error       why it failed, or null
     */
    public record CompensationOutcome(String stepId, String description, boolean applied, @Nullable String error) { }
}
