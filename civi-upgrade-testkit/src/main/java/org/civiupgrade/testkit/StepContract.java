package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.civiupgrade.CheckResult;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Step} must keep, as JUnit 5 tests to inherit. A test class implements
 * this interface for one step on a real site in the state before the step, and names what the
 * step may change as a {@link SiteFingerprint} (files and database objects, not the run folder).
 * The tests check that:
 * <ul>
 *   <li>{@link Step#preview} and {@link Step#check} change nothing, and {@code check} does not throw,
 *       not even when the databases cannot be reached (it reports instead);</li>
 *   <li>{@link Step#apply} records its first compensation before it changes anything (the
 *       fingerprint is taken at the moment of the first {@code record}), and records something
 *       whenever it changes anything;</li>
 *   <li>for a {@link Reversibility#REVERSIBLE} step, the compensations recorded up to any point
 *       undo everything done until then: the step is stopped at each {@code record} in turn (as a
 *       process that dies right there) and what it recorded so far, applied newest first, must give
 *       back the first fingerprint; so must undoing a complete apply.</li>
 * </ul>
 * Each test method gets a fresh instance (JUnit's default); build the site in {@code @BeforeEach}
 * or lazily. Contexts: {@link TestContexts#planContext}.
 */
public interface StepContract {
    /** The step under test. */
    Step step() throws Exception;

    /** The site (in its state before the step), databases, options and run folder to run it with. */
    PlanContext context() throws Exception;

    /** Everything the step may change, as it is now (e.g. {@code SiteFingerprint.of(fakeSite)}). */
    SiteFingerprint fingerprint() throws Exception;

    /** The step names itself, and its preview lists actions without changing the site. */
    @Test
    default void previewDescribesActionsAndChangesNothing() throws Exception {
        Step step = step();
        assertThat(step.id()).as("id()").isNotBlank();
        assertThat(step.description()).as("description()").isNotBlank();
        assertThat(step.reversibility()).as("reversibility()").isNotNull();
        SiteFingerprint before = fingerprint();
        List<PlannedAction> actions = step.preview(context());
        assertThat(actions).as("preview of %s", step.id()).isNotNull().doesNotContainNull();
        assertThat(fingerprint().diff(before)).as("what preview of %s changed", step.id()).isEmpty();
    }

    /** Check changes nothing and does not throw, not even when the databases cannot be reached. */
    @Test
    default void checkChangesNothingAndNeverThrows() throws Exception {
        Step step = step();
        PlanContext context = context();
        SiteFingerprint before = fingerprint();
        AtomicReference<List<CheckResult>> results = new AtomicReference<>();
        assertThatCode(() -> results.set(step.check(context))).as("check of %s", step.id()).doesNotThrowAnyException();
        assertThat(results.get()).as("check of %s", step.id()).isNotNull().doesNotContainNull();
        PlanContext unreachable = TestContexts.planContext(context.site(), TestContexts.resources(new UnreachableDatabase()), context.runDir(), context.options());
        assertThatCode(() -> step.check(unreachable)).as("check of %s while the databases cannot be reached", step.id())
                .doesNotThrowAnyException();
        assertThat(fingerprint().diff(before)).as("what check of %s changed", step.id()).isEmpty();
    }

    /** Apply records a compensation before its first change, and a reversible step's records undo it. */
    @Test
    default void applyRecordsACompensationBeforeItChangesAnything() throws Exception {
        Step step = step();
        SiteFingerprint before = fingerprint();
        AtomicReference<List<String>> changedBeforeFirstRecord = new AtomicReference<>();
        RecordingStepContext run = new RecordingStepContext(context()).onRecord(c -> {
            if (changedBeforeFirstRecord.get() == null) {
                changedBeforeFirstRecord.set(Unchecked.fingerprint(this).diff(before));
            }
        });
        step.apply(run);
        List<String> changed = fingerprint().diff(before);
        if (!changed.isEmpty()) {
            assertThat(run.recorded()).as("compensations recorded by %s, which changed %s", step.id(), changed).isNotEmpty();
            assertThat(changedBeforeFirstRecord.get()).as("what %s changed before it recorded its first compensation", step.id())
                    .isEmpty();
        }
        if (step.reversibility() == Reversibility.REVERSIBLE) {
            run.undo();
            assertThat(fingerprint().diff(before)).as("what is left after undoing what %s recorded", step.id()).isEmpty();
        }
    }

    /** Stopped at each record in turn, a reversible step's records so far undo everything it did until then. */
    @Test
    default void whatIsRecordedUpToAnyPointUndoesEverythingDoneUntilThen() throws Exception {
        Step step = step();
        if (step.reversibility() != Reversibility.REVERSIBLE) {
            return; // undone from a backup or not at all: nothing to replay here
        }
        SiteFingerprint before = fingerprint();
        RecordingStepContext complete = new RecordingStepContext(context());
        step.apply(complete);
        int records = complete.recorded().size();
        complete.undo();
        assertThat(fingerprint().diff(before)).as("left after undoing a complete %s", step.id()).isEmpty();
        for (int stopAt = 0; stopAt < records; stopAt++) {
            int keep = stopAt;
            AtomicInteger seen = new AtomicInteger();
            RecordingStepContext run = new RecordingStepContext(context()).onRecord(c -> {
                if (seen.getAndIncrement() == keep) {
                    throw new ProcessDiesHere(keep);
                }
            });
            try {
                step.apply(run);
            } catch (Exception | ProcessDiesHere stopped) {
                // as if the process died: only the journal is left
            }
            assertThat(run.recorded()).as("recorded by %s before record #%d", step.id(), keep + 1).hasSize(keep);
            run.undo();
            assertThat(fingerprint().diff(before)).as("left after %s stopped at record #%d and its %d records were undone",
                    step.id(), keep + 1, keep).isEmpty();
        }
    }

    /** Thrown from {@code record} to stop a step as a dying process would. */
    final class ProcessDiesHere extends Error {
        private static final long serialVersionUID = 1L;

        ProcessDiesHere(int kept) {
            super("the process dies here, after " + kept + " recorded compensation(s)");
        }
    }

    /** Fingerprinting from inside a callback. */
    final class Unchecked {
        private Unchecked() {
        }

        static SiteFingerprint fingerprint(StepContract contract) {
            try {
                return contract.fingerprint();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("Cannot fingerprint the site: " + e.getMessage(), e);
            }
        }
    }
}
