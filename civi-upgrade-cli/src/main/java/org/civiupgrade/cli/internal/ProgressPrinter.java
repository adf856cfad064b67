package org.civiupgrade.cli.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.event.UpgradeListener;

/** Turns a run's events into lines for people; progress of a step at most twice a second. */
final class ProgressPrinter implements UpgradeListener {
    private static final long PROGRESS_INTERVAL_NANOS = 500_000_000L;

    private final Console console;
    private final Map<String, Long> lastProgress = new HashMap<>();
    private List<String> stepIds = List.of();

    ProgressPrinter(Console console) {
        this.console = console;
    }

    @Override
    public void onEvent(UpgradeEvent event) {
        if (event instanceof UpgradeEvent.RunStarted e) {
            stepIds = e.stepIds();
            console.human(e.recovery() ? "Recovering run " + e.runId() + " from its journal"
                    : "Run " + e.runId() + ": " + e.stepIds().size() + " steps on " + e.site());
        } else if (event instanceof UpgradeEvent.StepStarted e) {
            int i = stepIds.indexOf(e.stepId());
            console.human("[" + (i < 0 ? "?" : i + 1) + "/" + stepIds.size() + "] " + e.stepId() + ": " + e.description());
        } else if (event instanceof UpgradeEvent.StepProgress e) {
            long now = System.nanoTime();
            Long last = lastProgress.get(e.stepId() + "/" + e.unit());
            boolean complete = e.total() >= 0 && e.done() >= e.total();
            if (complete || last == null || now - last >= PROGRESS_INTERVAL_NANOS) {
                lastProgress.put(e.stepId() + "/" + e.unit(), now);
                console.human("      " + e.done() + (e.total() >= 0 ? "/" + e.total() : "") + " " + e.unit());
            }
        } else if (event instanceof UpgradeEvent.Warning e) {
            console.human("      warning: " + e.message());
        } else if (event instanceof UpgradeEvent.StepFinished e) {
            console.human("      done in " + seconds(e.duration()));
        } else if (event instanceof UpgradeEvent.StepFailed e) {
            console.human("      FAILED (" + e.code() + ") after " + seconds(e.duration()) + ": " + e.message());
        } else if (event instanceof UpgradeEvent.RollbackStarted e) {
            console.human("Rolling back " + e.compensations() + " recorded change(s), newest first");
        } else if (event instanceof UpgradeEvent.CompensationApplied e) {
            console.human("      undone [" + e.stepId() + "]: " + e.description());
        } else if (event instanceof UpgradeEvent.CompensationFailed e) {
            console.human("      NOT undone [" + e.stepId() + "]: " + e.description() + ": " + e.message());
        } else if (event instanceof UpgradeEvent.RollbackFinished e) {
            console.human("Rollback finished: " + e.applied() + " undone, " + e.failed() + " failed");
        }
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
