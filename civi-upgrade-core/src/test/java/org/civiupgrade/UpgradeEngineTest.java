package org.civiupgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.civiupgrade.UpgradeResult.StepStatus;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.internal.engine.SiteLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpgradeEngineTest {
    @TempDir
    Path tmp;
    Path root;
    Site site;
    Path a;
    Path b;
    Path c;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(tmp.resolve("site"));
        site = TestSteps.site(root, tmp.resolve("work"));
        a = root.resolve("a.txt");
        b = root.resolve("b.txt");
        c = root.resolve("c.txt");
        Files.writeString(a, "A0");
        Files.writeString(b, "B0");
        Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rw-r-----"));
    }

    @Test
    void successfulRunKeepsEveryChangeAndReportsEachStep() throws Exception {
        List<UpgradeEvent> events = new ArrayList<>();
        UpgradeResult r = Upgrade.of(site).step(new TestSteps.WriteFiles("one", List.of(a), "x"))
                .step(new TestSteps.WriteFiles("two", List.of(b, c), "y")).plan().run(events::add);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.readString(a)).isEqualTo("x0");
        assertThat(Files.readString(c)).isEqualTo("y1");
        assertThat(r.steps()).extracting(UpgradeResult.StepOutcome::status).containsExactly(StepStatus.SUCCEEDED, StepStatus.SUCCEEDED);
        assertThat(events.get(0)).isInstanceOf(UpgradeEvent.RunStarted.class);
        assertThat(events.get(events.size() - 1)).isInstanceOf(UpgradeEvent.RunFinished.class);
        assertThat(events).filteredOn(e -> e instanceof UpgradeEvent.StepProgress).hasSize(3);
        assertThat(Upgrade.needsRecovery(site)).isFalse();
    }

    @Test
    void failureUndoesEveryChangeNewestFirstIncludingTheFailingStepsPartialWork() throws Exception {
        List<UpgradeEvent> events = new ArrayList<>();
        UpgradeResult r = Upgrade.of(site)
                .step(new TestSteps.WriteFiles("one", List.of(a), "x"))
                .step(new TestSteps.WriteFiles("two", List.of(b, c, root.resolve("d.txt")), "y").failingAfter(2))
                .step(new TestSteps.WriteFiles("three", List.of(a), "z"))
                .plan().run(events::add);

        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(Files.readString(a)).isEqualTo("A0");
        assertThat(Files.readString(b)).isEqualTo("B0");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b))).isEqualTo("rw-r-----");
        assertThat(c).doesNotExist();
        assertThat(root.resolve("d.txt")).doesNotExist();
        assertThat(r.steps()).extracting(UpgradeResult.StepOutcome::status)
                .containsExactly(StepStatus.UNDONE, StepStatus.FAILED, StepStatus.NOT_RUN);
        assertThat(r.compensations()).extracting(UpgradeResult.CompensationOutcome::description)
                .containsExactly("remove " + c + " (it did not exist before)", "restore the previous bytes of " + b,
                        "restore the previous bytes of " + a);
        assertThat(r.failureCause()).get().satisfies(f -> {
            assertThat(f.stepId()).isEqualTo("two");
            assertThat(f.code()).isEqualTo(ErrorCode.FILE_ERROR);
        });
        assertStartEndEventsPair(events);
    }

    @Test
    void aFailingCompensationDoesNotStopTheOthersAndRecoveryRetriesIt() throws Exception {
        Path flag = tmp.resolve("flag");
        Path marker = root.resolve("marker");
        Files.writeString(flag, "on");
        UpgradeResult r = Upgrade.of(site)
                .step(new TestSteps.WriteFiles("one", List.of(a), "x"))
                .step(new TestSteps.FlakyStep("flaky", flag, marker))
                .step(new TestSteps.WriteFiles("two", List.of(b), "y"))
                .step(new TestSteps.Failing("boom", false, Reversibility.REVERSIBLE))
                .plan().run();

        assertThat(r.status()).isEqualTo(RunStatus.ROLLBACK_INCOMPLETE);
        assertThat(Files.readString(a)).isEqualTo("A0");
        assertThat(Files.readString(b)).isEqualTo("B0");
        assertThat(marker).exists();
        assertThat(r.pendingCompensations()).singleElement()
                .satisfies(p -> assertThat(p.error()).contains("flag").contains("is set"));
        assertThat(Upgrade.needsRecovery(site)).isTrue();
        assertThatThrownBy(() -> Upgrade.of(site).step(new TestSteps.WriteFiles("one", List.of(a), "x")).plan().run())
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECK_FAILED))
                .hasMessageContaining("did not finish its rollback");
        assertThat(Files.readString(a)).isEqualTo("A0");

        Files.delete(flag);
        UpgradeResult recovered = Upgrade.recover(site).orElseThrow();
        assertThat(recovered.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(recovered.recovery()).isTrue();
        // only what did not complete is applied; the independent older undo of a already ran
        assertThat(recovered.compensations()).extracting(UpgradeResult.CompensationOutcome::description)
                .containsExactly("flaky undo of " + marker);
        assertThat(recovered.compensations()).allMatch(UpgradeResult.CompensationOutcome::applied);
        assertThat(Files.readString(a)).isEqualTo("A0");
        assertThat(marker).doesNotExist();
        assertThat(Upgrade.needsRecovery(site)).isFalse();
        assertThat(Upgrade.recover(site)).isEmpty();
    }

    @Test
    void afterAFailedUndoOlderUndosOfTheSameFileWaitForRecoveryAndRunInOrder() throws Exception {
        Path flag = tmp.resolve("flag");
        Files.writeString(flag, "on");
        UpgradeResult r = Upgrade.of(site)
                .step(new TestSteps.WriteFiles("first", List.of(a), "x"))
                .step(new TestSteps.WriteFiles("second", List.of(a), "y"))
                .step(new TestSteps.FlakyStep("flaky", flag, a))
                .step(new TestSteps.WriteFiles("other", List.of(b), "z"))
                .step(new TestSteps.Failing("boom", false, Reversibility.REVERSIBLE))
                .plan().run();
        assertThat(r.status()).isEqualTo(RunStatus.ROLLBACK_INCOMPLETE);
        assertThat(Files.readString(b)).as("independent undo still ran").isEqualTo("B0");
        assertThat(r.pendingCompensations()).extracting(UpgradeResult.CompensationOutcome::description)
                .containsExactly("flaky undo of " + a, "restore the previous bytes of " + a, "restore the previous bytes of " + a);
        assertThat(r.pendingCompensations().get(1).error()).startsWith("Deferred");
        Files.delete(flag);
        assertThat(Upgrade.recover(site)).get().extracting(UpgradeResult::status).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(Files.readString(a)).isEqualTo("A0");
    }

    @Test
    void recoveryIgnoresAWriteTornByACrash() throws Exception {
        Path flag = tmp.resolve("flag");
        Files.writeString(flag, "on");
        Path marker = root.resolve("marker");
        UpgradeResult r = Upgrade.of(site).step(new TestSteps.FlakyStep("flaky", flag, marker))
                .step(new TestSteps.Failing("boom", false, Reversibility.REVERSIBLE)).plan().run();
        assertThat(r.status()).isEqualTo(RunStatus.ROLLBACK_INCOMPLETE);
        Path journal = Path.of(r.runDir()).resolve("journal.jsonl");
        Files.writeString(journal, "{\"kind\":\"undone\",\"at\":\"2026-", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.delete(flag);
        assertThat(Upgrade.recover(site)).get().extracting(UpgradeResult::status).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(marker).doesNotExist();
        assertThat(Files.readString(journal)).contains("\"kind\":\"run-finished\"");
    }

    @Test
    void aListenerThatThrowsCannotBreakTheRun() throws Exception {
        UpgradeResult r = Upgrade.of(site).step(new TestSteps.WriteFiles("one", List.of(a), "x")).plan()
                .run(e -> {
                    throw new IllegalStateException("listener bug");
                });
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.readString(a)).isEqualTo("x0");
    }

    @Test
    void aSecondRunOnALockedSiteIsRefusedBeforeAnyChange() throws Exception {
        try (SiteLock held = SiteLock.acquire(site.workDir(), "another upgrade")) {
            assertThatThrownBy(() -> Upgrade.of(site).step(new TestSteps.WriteFiles("one", List.of(a), "x")).plan().run())
                    .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SITE_LOCKED))
                    .hasMessageContaining("another upgrade");
        }
        assertThat(Files.readString(a)).isEqualTo("A0");
    }

    @Test
    void planRefusesMissingPrerequisitesUnlessTheRiskIsAccepted() {
        TestSteps.WriteFiles needsBackup = new TestSteps.WriteFiles("migrate", List.of(a), "x", -1, Set.of(), Set.of("database-backup"));
        assertThatThrownBy(() -> Upgrade.of(site).step(needsBackup).plan())
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PLAN_INVALID);
                    assertThat(e.remedy()).contains("acceptRisk(\"database-backup\")");
                }).hasMessageContaining("'migrate' requires 'database-backup'");
        assertThat(Upgrade.of(site).acceptRisk("database-backup").step(needsBackup).plan().stepIds()).containsExactly("migrate");
        TestSteps.WriteFiles backup = new TestSteps.WriteFiles("backup", List.of(b), "x", -1, Set.of("database-backup"), Set.of());
        assertThat(Upgrade.of(site).step(backup).step(needsBackup).plan().stepIds()).containsExactly("backup", "migrate");
        assertThatThrownBy(() -> Upgrade.of(site).step(needsBackup).step(backup).plan()).isInstanceOf(UpgradeException.class);
        assertThatThrownBy(() -> Upgrade.of(site).step(backup).step(backup).plan()).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> Upgrade.of(site).step(new TestSteps.Failing("x", false, Reversibility.IRREVERSIBLE)).plan())
                .hasMessageContaining("cannot be undone");
        assertThatThrownBy(() -> Upgrade.of(site).plan()).hasMessageContaining("no steps");
    }

    @Test
    void failedChecksAreAllReportedAndRunRefusesBeforeChangingAnything() throws Exception {
        UpgradePlan plan = Upgrade.of(site).step(new TestSteps.WriteFiles("one", List.of(a), "x"))
                .step(new TestSteps.Failing("f1", true, Reversibility.REVERSIBLE))
                .step(new TestSteps.Failing("f2", true, Reversibility.REVERSIBLE)).plan();
        CheckReport report = plan.check();
        assertThat(report.passed()).isFalse();
        assertThat(report.blockers()).extracting(CheckResult::id).containsExactly("f1.always", "f2.always");
        assertThatThrownBy(plan::run).isInstanceOfSatisfying(UpgradeException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECK_FAILED)).hasMessageContaining("f1.always").hasMessageContaining("f2.always");
        assertThat(Files.readString(a)).isEqualTo("A0");
        assertThat(site.workDir().resolve("runs")).doesNotExist();
    }

    @Test
    void dryRunListsEveryActionAndUndoWithoutChangingAnything() throws Exception {
        DryRun dry = Upgrade.of(site).step(new TestSteps.WriteFiles("one", List.of(a, b), "x")).plan().dryRun();
        assertThat(dry.actions()).extracting(PlannedAction::action).containsExactly("write " + a, "write " + b);
        assertThat(dry.describe()).contains("undo: restore " + a);
        assertThat(Files.readString(a)).isEqualTo("A0");
    }

    @Test
    void secretsNeverReachResultsEventsOrTheJournal() throws Exception {
        List<UpgradeEvent> events = new ArrayList<>();
        UpgradeResult r = Upgrade.of(site).step(new TestSteps.WriteFiles("one", List.of(a, b), "x").failingAfter(1)).plan()
                .run(events::add);
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(r.failure().message()).contains("disk full").doesNotContain("pw-secret-123");
        assertThat(r.toJson()).doesNotContain("pw-secret-123");
        assertThat(events.toString()).doesNotContain("pw-secret-123");
        assertThat(Files.readString(Path.of(r.runDir()).resolve("journal.jsonl"))).doesNotContain("pw-secret-123");
        assertThat(site.toString()).doesNotContain("pw-secret-123");
    }

    @Test
    void resultJsonRoundTrips() {
        UpgradeResult r = Upgrade.of(site).step(new TestSteps.WriteFiles("one", List.of(a, b), "x").failingAfter(2)).plan().run();
        assertThat(UpgradeResult.fromJson(r.toJson())).isEqualTo(r);
        assertThat(r.toJson()).contains("\"status\" : \"ROLLED_BACK\"");
    }

    @Test
    void runFolderAndJournalAreReadableByTheOwnerOnly() throws Exception {
        UpgradeResult r = Upgrade.of(site).step(new TestSteps.WriteFiles("one", List.of(a), "x")).plan().run();
        Path runDir = Path.of(r.runDir());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runDir.resolve("journal.jsonl")))).isEqualTo("rw-------");
        try (var saved = Files.list(runDir.resolve("saved-files"))) {
            saved.filter(p -> p.toString().endsWith(".orig")).forEach(p -> {
                try {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    void eachCompensationIsStartedThenAppliedOrFailedInTheRollbackAndInTheRecovery() throws Exception {
        Path flag = tmp.resolve("flag");
        Path marker = root.resolve("marker");
        Files.writeString(flag, "on");
        List<UpgradeEvent> events = new ArrayList<>();
        UpgradeResult r = Upgrade.of(site)
                .step(new TestSteps.WriteFiles("one", List.of(a), "x"))
                .step(new TestSteps.FlakyStep("flaky", flag, marker))
                .step(new TestSteps.WriteFiles("two", List.of(b), "y"))
                .step(new TestSteps.Failing("boom", false, Reversibility.REVERSIBLE))
                .run(events::add);

        assertThat(r.status()).isEqualTo(RunStatus.ROLLBACK_INCOMPLETE);
        assertStartEndEventsPair(events);
        assertThat(undoEvents(events)).containsExactly(
                "started two", "applied two", "started flaky", "failed flaky", "started one", "applied one");

        Files.delete(flag);
        List<UpgradeEvent> recovery = new ArrayList<>();
        assertThat(Upgrade.recover(site, recovery::add)).get().extracting(UpgradeResult::status).isEqualTo(RunStatus.ROLLED_BACK);
        assertStartEndEventsPair(recovery);
        assertThat(undoEvents(recovery)).containsExactly("started flaky", "applied flaky");
        assertThat(recovery).filteredOn(e -> e instanceof UpgradeEvent.CompensationStarted)
                .singleElement().extracting(e -> ((UpgradeEvent.CompensationStarted) e).description())
                .isEqualTo("flaky undo of " + marker);
        assertThat(marker).doesNotExist();
    }

    @Test
    void aDeferredCompensationIsStartedAndFailedAtOnce() throws Exception {
        Path flag = tmp.resolve("flag");
        Files.writeString(flag, "on");
        List<UpgradeEvent> events = new ArrayList<>();
        UpgradeResult r = Upgrade.of(site)
                .step(new TestSteps.WriteFiles("first", List.of(a), "x"))
                .step(new TestSteps.FlakyStep("flaky", flag, a))
                .step(new TestSteps.Failing("boom", false, Reversibility.REVERSIBLE))
                .run(events::add);
        assertThat(r.status()).isEqualTo(RunStatus.ROLLBACK_INCOMPLETE);
        assertStartEndEventsPair(events);
        assertThat(undoEvents(events)).containsExactly("started flaky", "failed flaky", "started first", "failed first");
    }

    @Test
    void theBuildersRunExecutesWhatTheStepAddersComposed() throws Exception {
        Upgrade.Builder builder = Upgrade.of(site).step(new TestSteps.WriteFiles("one", List.of(a), "x"));
        UpgradePlan frozen = builder.plan();
        List<UpgradeEvent> events = new ArrayList<>();

        UpgradeResult r = builder.step(new TestSteps.WriteFiles("two", List.of(b), "y")).run(events::add);

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.steps()).extracting(UpgradeResult.StepOutcome::stepId).containsExactly("one", "two");
        assertThat(Files.readString(b)).isEqualTo("y0");
        assertThat(events).filteredOn(e -> e instanceof UpgradeEvent.StepStarted).hasSize(2);
        assertThat(frozen.stepIds()).as("a plan is not changed by later calls on its builder").containsExactly("one");
        assertThat(Upgrade.of(site).step(new TestSteps.WriteFiles("three", List.of(c), "z")).run().status())
                .isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.readString(c)).isEqualTo("z0");
    }

    @Test
    void theBuildersRunRefusesAnInvalidPlanBeforeAnyChange() {
        assertThatThrownBy(() -> Upgrade.of(site).step(new TestSteps.WriteFiles("one", List.of(a), "x"))
                .step(new TestSteps.Failing("one", false, Reversibility.REVERSIBLE)).run())
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PLAN_INVALID));
        assertThat(a).hasContent("A0");
    }

    private static List<String> undoEvents(List<UpgradeEvent> events) {
        List<String> out = new ArrayList<>();
        for (UpgradeEvent e : events) {
            if (e instanceof UpgradeEvent.CompensationStarted c) {
                out.add("started " + c.stepId());
            } else if (e instanceof UpgradeEvent.CompensationApplied c) {
                out.add("applied " + c.stepId());
            } else if (e instanceof UpgradeEvent.CompensationFailed c) {
                out.add("failed " + c.stepId());
            }
        }
        return out;
    }

    static void assertStartEndEventsPair(List<UpgradeEvent> events) {
        int open = 0;
        String current = null;
        UpgradeEvent.CompensationStarted undoing = null;
        int expectedUndos = 0;
        int undos = 0;
        for (UpgradeEvent e : events) {
            if (e instanceof UpgradeEvent.CompensationStarted c) {
                assertThat(open).as("a compensation starts inside a rollback").isEqualTo(1);
                assertThat(undoing).as("compensation started while another is open").isNull();
                undoing = c;
                undos++;
            } else if (e instanceof UpgradeEvent.CompensationApplied c) {
                assertThat(undoing).as("applied without a start").isNotNull();
                assertThat(List.of(c.stepId(), c.description())).isEqualTo(List.of(undoing.stepId(), undoing.description()));
                undoing = null;
            } else if (e instanceof UpgradeEvent.CompensationFailed c) {
                assertThat(undoing).as("failed without a start").isNotNull();
                assertThat(List.of(c.stepId(), c.description())).isEqualTo(List.of(undoing.stepId(), undoing.description()));
                undoing = null;
            } else if (e instanceof UpgradeEvent.RollbackStarted r) {
                expectedUndos += r.compensations();
                open++;
            } else if (e instanceof UpgradeEvent.RollbackFinished) {
                assertThat(undoing).as("rollback finished with a compensation open").isNull();
                open--;
            }
            if (e instanceof UpgradeEvent.StepStarted s) {
                assertThat(current).as("step started while another is open").isNull();
                current = s.stepId();
            } else if (e instanceof UpgradeEvent.StepFinished f) {
                assertThat(f.stepId()).isEqualTo(current);
                current = null;
            } else if (e instanceof UpgradeEvent.StepFailed f) {
                assertThat(f.stepId()).isEqualTo(current);
                current = null;
            }
        }
        assertThat(current).isNull();
        assertThat(open).isZero();
        assertThat(undoing).isNull();
        assertThat(undos).as("one CompensationStarted per recorded change").isEqualTo(expectedUndos);
        assertThat(events).filteredOn(e -> e instanceof UpgradeEvent.RunStarted).hasSize(1);
        assertThat(events).filteredOn(e -> e instanceof UpgradeEvent.RunFinished).hasSize(1);
    }
}
