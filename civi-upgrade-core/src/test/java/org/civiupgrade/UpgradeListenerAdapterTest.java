package org.civiupgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.event.UpgradeListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpgradeListenerAdapterTest {
    @TempDir
    Path tmp;
    Path root;
    Site site;
    Path a;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(tmp.resolve("site"));
        site = TestSteps.site(root, tmp.resolve("work"));
        a = Files.writeString(root.resolve("a.txt"), "A0");
    }

    /** Records the name of each typed method called, with the step where there is one. */
    static final class Recording extends UpgradeListener.Adapter {
        final List<String> calls = new ArrayList<>();

        @Override
        public void onRunStarted(UpgradeEvent.RunStarted e) {
            calls.add("runStarted" + (e.recovery() ? " recovery" : ""));
        }

        @Override
        public void onStepStarted(UpgradeEvent.StepStarted e) {
            calls.add("stepStarted " + e.stepId());
        }

        @Override
        public void onStepProgress(UpgradeEvent.StepProgress e) {
            calls.add("stepProgress " + e.stepId() + " " + e.done() + "/" + e.total());
        }

        @Override
        public void onStepFinished(UpgradeEvent.StepFinished e) {
            calls.add("stepFinished " + e.stepId());
        }

        @Override
        public void onStepFailed(UpgradeEvent.StepFailed e) {
            calls.add("stepFailed " + e.stepId() + " " + e.code());
        }

        @Override
        public void onRollbackStarted(UpgradeEvent.RollbackStarted e) {
            calls.add("rollbackStarted " + e.compensations());
        }

        @Override
        public void onCompensationStarted(UpgradeEvent.CompensationStarted e) {
            calls.add("compensationStarted " + e.stepId());
        }

        @Override
        public void onCompensationApplied(UpgradeEvent.CompensationApplied e) {
            calls.add("compensationApplied " + e.stepId());
        }

        @Override
        public void onCompensationFailed(UpgradeEvent.CompensationFailed e) {
            calls.add("compensationFailed " + e.stepId());
        }

        @Override
        public void onRollbackFinished(UpgradeEvent.RollbackFinished e) {
            calls.add("rollbackFinished " + e.applied() + "/" + e.failed());
        }

        @Override
        public void onRunFinished(UpgradeEvent.RunFinished e) {
            calls.add("runFinished " + e.status());
        }
    }

    @Test
    void eachEventReachesTheMethodOfItsTypeInOrder() {
        Recording listener = new Recording();
        UpgradeResult r = Upgrade.of(site).step(new TestSteps.WriteFiles("one", List.of(a), "x"))
                .step(new TestSteps.Failing("boom", false, Reversibility.REVERSIBLE)).run(listener);

        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(listener.calls).containsExactly("runStarted", "stepStarted one", "stepProgress one 1/1", "stepFinished one",
                "stepStarted boom", "stepFailed boom STEP_FAILED", "rollbackStarted 1", "compensationStarted one",
                "compensationApplied one", "rollbackFinished 1/0", "runFinished ROLLED_BACK");
        assertThat(a).hasContent("A0");
    }

    @Test
    void aRecoveryReachesTheMethodsToo() throws Exception {
        Path flag = Files.writeString(tmp.resolve("flag"), "on");
        Path marker = root.resolve("marker");
        Upgrade.of(site).step(new TestSteps.FlakyStep("flaky", flag, marker))
                .step(new TestSteps.Failing("boom", false, Reversibility.REVERSIBLE)).run();
        Files.delete(flag);
        Recording listener = new Recording();

        assertThat(Upgrade.recover(site, listener)).isPresent();

        assertThat(listener.calls).containsExactly("runStarted recovery", "rollbackStarted 1", "compensationStarted flaky",
                "compensationApplied flaky", "rollbackFinished 1/0", "runFinished ROLLED_BACK");
    }

    @Test
    void anAdapterThatThrowsIsContainedAndStillGetsTheLaterEvents() throws Exception {
        List<String> seen = new ArrayList<>();
        UpgradeListener.Adapter throwing = new UpgradeListener.Adapter() {
            @Override
            public void onStepStarted(UpgradeEvent.StepStarted e) {
                seen.add("stepStarted " + e.stepId());
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onRunFinished(UpgradeEvent.RunFinished e) {
                seen.add("runFinished " + e.status());
            }
        };

        UpgradeResult r = Upgrade.of(site).step(new TestSteps.WriteFiles("one", List.of(a), "x"))
                .step(new TestSteps.WriteFiles("two", List.of(root.resolve("b.txt")), "y")).run(throwing);

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(seen).containsExactly("stepStarted one", "stepStarted two", "runFinished SUCCEEDED");
        assertThat(a).hasContent("x0");
    }
}
