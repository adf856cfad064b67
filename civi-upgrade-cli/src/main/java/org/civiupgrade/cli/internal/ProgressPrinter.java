package org.civiupgrade.cli.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.event.UpgradeListener;

/** Turns a run's events into lines for people; progress of a step at most twice a second. */
final class ProgressPrinter extends UpgradeListener.Adapter {
    private static final long PROGRESS_INTERVAL_NANOS = 500_000_000L;

    private final Console console;
    private final Map<String, Long> lastProgress = new HashMap<>();
    private List<String> stepIds = List.of();
    private long compensationStart;

    ProgressPrinter(Console console) {
        this.console = console;
    }

    @Override
    public void onRunStarted(UpgradeEvent.RunStarted e) {
        stepIds = e.stepIds();
        console.human(e.recovery() ? "Recovering run " + e.runId() + " from its journal"
                : "Run " + e.runId() + ": " + e.stepIds().size() + " steps on " + e.site());
    }

    @Override
    public void onStepStarted(UpgradeEvent.StepStarted e) {
        int i = stepIds.indexOf(e.stepId());
        console.human("[" + (i < 0 ? "?" : i + 1) + "/" + stepIds.size() + "] " + e.stepId() + ": " + e.description());
    }

    @Override
    public void onStepProgress(UpgradeEvent.StepProgress e) {
        long now = System.nanoTime();
        Long last = lastProgress.get(e.stepId() + "/" + e.unit());
        boolean complete = e.total() >= 0 && e.done() >= e.total();
        if (complete || last == null || now - last >= PROGRESS_INTERVAL_NANOS) {
            lastProgress.put(e.stepId() + "/" + e.unit(), now);
            console.human("      " + e.done() + (e.total() >= 0 ? "/" + e.total() : "") + " " + e.unit());
        }
    }

    @Override
    public void onWarning(UpgradeEvent.Warning e) {
        console.human("      warning: " + e.message());
    }

    @Override
    public void onStepFinished(UpgradeEvent.StepFinished e) {
        console.human("      done in " + seconds(e.duration()));
    }

    @Override
    public void onStepFailed(UpgradeEvent.StepFailed e) {
        console.human("      FAILED (" + e.code() + ") after " + seconds(e.duration()) + ": " + e.message());
    }

    @Override
    public void onRollbackStarted(UpgradeEvent.RollbackStarted e) {
        console.human("Rolling back " + e.compensations() + " recorded change(s), newest first");
    }

    @Override
    public void onCompensationStarted(UpgradeEvent.CompensationStarted e) {
        compensationStart = System.nanoTime();
        console.human("  undoing [" + e.stepId() + "]: " + e.description());
    }

    @Override
    public void onCompensationApplied(UpgradeEvent.CompensationApplied e) {
        console.human("      undone in " + seconds(Duration.ofNanos(System.nanoTime() - compensationStart)));
    }

    @Override
    public void onCompensationFailed(UpgradeEvent.CompensationFailed e) {
        console.human("      NOT undone [" + e.stepId() + "]: " + e.description() + ": " + e.message());
    }

    @Override
    public void onRollbackFinished(UpgradeEvent.RollbackFinished e) {
        console.human("Rollback finished: " + e.applied() + " undone, " + e.failed() + " failed");
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
