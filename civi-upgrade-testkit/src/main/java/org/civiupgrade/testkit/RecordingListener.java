package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.event.UpgradeListener;

/**
 * An {@link UpgradeListener} that keeps every event, in order, for assertions. Thread-safe: a
 * test may read it while another thread runs the upgrade. Pass it to {@code plan.run(listener)}.
 *
 * <p>{@link #assertPaired()} checks the pairing {@link UpgradeEvent} promises; the queries
 * ({@link #ofType(Class)}, {@link #stepIds()}, {@link #warnings()} ...) keep assertions short.
 */
public final class RecordingListener implements UpgradeListener {
    private final List<UpgradeEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(UpgradeEvent event) {
        events.add(event);
    }

    /** Every event so far, in order (a snapshot). */
    public List<UpgradeEvent> events() {
        return List.copyOf(events);
    }

    /** The events of one type, in order. */
    public <E extends UpgradeEvent> List<E> ofType(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The ids of the steps that started, in order. */
    public List<String> stepIds() {
        return ofType(UpgradeEvent.StepStarted.class).stream().map(UpgradeEvent.StepStarted::stepId).toList();
    }

    /** The ids of the steps that finished successfully, in order. */
    public List<String> finishedStepIds() {
        return ofType(UpgradeEvent.StepFinished.class).stream().map(UpgradeEvent.StepFinished::stepId).toList();
    }

    /** The ids of the steps that failed, in order. */
    public List<String> failedStepIds() {
        return ofType(UpgradeEvent.StepFailed.class).stream().map(UpgradeEvent.StepFailed::stepId).toList();
    }

    /** The messages of every warning, in order. */
    public List<String> warnings() {
        return ofType(UpgradeEvent.Warning.class).stream().map(UpgradeEvent.Warning::message).toList();
    }

    /** The descriptions of the compensations applied in rollbacks, in the order they were applied. */
    public List<String> compensationsApplied() {
        return ofType(UpgradeEvent.CompensationApplied.class).stream().map(UpgradeEvent.CompensationApplied::description).toList();
    }

    /** Whether any rollback started. */
    public boolean rolledBack() {
        return !ofType(UpgradeEvent.RollbackStarted.class).isEmpty();
    }

    /** Forgets every event (e.g. between a run and its recovery). */
    public void clear() {
        events.clear();
    }

    /**
     * Asserts that start and end events pair, per run: the run's first event is its one
     * {@code RunStarted} and its last its one {@code RunFinished}; steps do not nest and each
     * {@code StepStarted} is closed by a {@code StepFinished} or {@code StepFailed} of the same step;
     * rollbacks do not nest, start outside any step, are closed by a {@code RollbackFinished}, and
     * compensation events happen only inside them.
     *
     * @return this, for chaining
     */
    public RecordingListener assertPaired() {
        List<UpgradeEvent> all = events();
        assertThat(all).as("events recorded").isNotEmpty();
        Map<String, List<UpgradeEvent>> byRun = all.stream()
                .collect(Collectors.groupingBy(UpgradeEvent::runId, LinkedHashMap::new, Collectors.toList()));
        byRun.forEach(RecordingListener::assertPaired);
        return this;
    }

    private static void assertPaired(String runId, List<UpgradeEvent> run) {
        String where = "events of run " + runId + ": " + names(run);
        assertThat(run.get(0)).as("first of the %s", where).isInstanceOf(UpgradeEvent.RunStarted.class);
        assertThat(run.get(run.size() - 1)).as("last of the %s", where).isInstanceOf(UpgradeEvent.RunFinished.class);
        assertThat(run).as(where).filteredOn(UpgradeEvent.RunStarted.class::isInstance).hasSize(1);
        assertThat(run).as(where).filteredOn(UpgradeEvent.RunFinished.class::isInstance).hasSize(1);
        String step = null;
        boolean rollback = false;
        for (UpgradeEvent e : run) {
            if (e instanceof UpgradeEvent.StepStarted s) {
                assertThat(step).as("step %s started while step %s is open, in the %s", s.stepId(), step, where).isNull();
                assertThat(rollback).as("step %s started during a rollback, in the %s", s.stepId(), where).isFalse();
                step = s.stepId();
            } else if (e instanceof UpgradeEvent.StepFinished f) {
                assertThat(f.stepId()).as("step that finished, in the %s", where).isEqualTo(step);
                step = null;
            } else if (e instanceof UpgradeEvent.StepFailed f) {
                assertThat(f.stepId()).as("step that failed, in the %s", where).isEqualTo(step);
                step = null;
            } else if (e instanceof UpgradeEvent.RollbackStarted) {
                assertThat(rollback).as("a rollback started inside a rollback, in the %s", where).isFalse();
                assertThat(step).as("a rollback started while step %s is open, in the %s", step, where).isNull();
                rollback = true;
            } else if (e instanceof UpgradeEvent.RollbackFinished) {
                assertThat(rollback).as("a rollback finished that did not start, in the %s", where).isTrue();
                rollback = false;
            } else if (e instanceof UpgradeEvent.CompensationApplied || e instanceof UpgradeEvent.CompensationFailed) {
                assertThat(rollback).as("%s outside a rollback, in the %s", e.getClass().getSimpleName(), where).isTrue();
            }
        }
        assertThat(step).as("step left open at the end of the %s", where).isNull();
        assertThat(rollback).as("rollback left open at the end of the %s", where).isFalse();
    }

    private static List<String> names(List<UpgradeEvent> run) {
        List<String> out = new ArrayList<>();
        for (UpgradeEvent e : run) {
            out.add(e.getClass().getSimpleName());
        }
        return out;
    }

    @Override
    public String toString() {
        return names(events()).toString();
    }
}
