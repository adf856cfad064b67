package org.civiupgrade.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.civiupgrade.Site;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.spi.StepContext;

/**
 * A {@link StepContext} for calling {@code Step.apply} directly: it keeps the compensations the
 * step records (in memory, in order, instead of a journal on disk), its warnings and report
 * lines, and can {@link #undo()} them as the engine would. Made by {@link TestContexts}.
 *
 * <p>{@link #onRecord(Consumer)} runs a check at the moment each compensation is recorded, before
 * it is kept, e.g. to look at the site then, or to throw and so play a process that dies right
 * there.
 */
public final class RecordingStepContext implements StepContext {
    private final PlanContext plan;
    private final List<Compensation> recorded = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private volatile Consumer<Compensation> onRecord = c -> { };

    RecordingStepContext(PlanContext plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    /** Runs {@code check} with each compensation when the step records it, before it is kept. */
    public RecordingStepContext onRecord(Consumer<Compensation> check) {
        this.onRecord = Objects.requireNonNull(check, "check");
        return this;
    }

    @Override
    public Site site() {
        return plan.site();
    }

    @Override
    public SiteResources resources() {
        return plan.resources();
    }

    @Override
    public PlanOptions options() {
        return plan.options();
    }

    @Override
    public Path runDir() {
        return plan.runDir();
    }

    @Override
    public String runId() {
        return runDir().getFileName() == null ? "test-run" : runDir().getFileName().toString();
    }

    @Override
    public void record(Compensation compensation) {
        Objects.requireNonNull(compensation, "compensation");
        onRecord.accept(compensation);
        recorded.add(compensation);
    }

    @Override
    public void progress(long done, long total, String unit) {
        // nobody watches progress in a test
    }

    @Override
    public void warn(String message) {
        warnings.add(message);
    }

    @Override
    public void report(String section, String line) {
        reports.add(section + ": " + line);
    }

    @Override
    public void checkInterrupted() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("the test interrupted the step");
        }
    }

    /** The compensations recorded so far, oldest first. */
    public List<Compensation> recorded() {
        return List.copyOf(recorded);
    }

    /** The warnings so far. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The report lines so far, each as {@code section: line}. */
    public List<String> reports() {
        return List.copyOf(reports);
    }

    /** A context for applying the recorded compensations to the same site, databases and run folder. */
    public CompensationContext compensationContext() {
        return TestContexts.compensationContext(site(), resources(), runDir());
    }

    /**
     * Applies the recorded compensations newest first, as the engine's rollback does, and forgets them.
     *
     * @throws Exception the first compensation that fails (the older ones are not applied then)
     */
    public void undo() throws Exception {
        List<Compensation> newestFirst = new ArrayList<>(recorded);
        java.util.Collections.reverse(newestFirst);
        CompensationContext context = compensationContext();
        for (Compensation c : newestFirst) {
            c.apply(context);
        }
        recorded.clear();
    }
}
