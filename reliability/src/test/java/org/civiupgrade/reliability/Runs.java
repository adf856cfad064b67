package org.civiupgrade.reliability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.civiupgrade.testkit.Faults;
import org.civiupgrade.testkit.ScriptedAction;
import org.civiupgrade.testkit.ScriptedStep;

/** Other runs on the same site: one holding the lock, one left unfinished. */
final class Runs {
    private Runs() {
    }

    static Site site(Bench b) {
        return Site.detect(b.fake.root()).withWorkDir(b.work);
    }

    /** Another run (through the library, from the same work folder) holds the site's lock until the scenario ends. */
    static void holdLock(Bench b) throws Exception {
        Site site = site(b);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<UpgradeResult> other = CompletableFuture.supplyAsync(() -> Upgrade.of(site).step(new HoldStep(release)).plan().run());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Upgrade.lockHolder(site).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (Upgrade.lockHolder(site).isEmpty()) {
            throw new IllegalStateException("the other run never took the lock");
        }
        b.cleanup(() -> {
            release.countDown();
            UpgradeResult r = other.get(60, TimeUnit.SECONDS);
            if (r.status() != RunStatus.SUCCEEDED) {
                throw new IllegalStateException("the run holding the lock ended " + r.status());
            }
        });
    }

    /**
     * A run whose step fails and whose undo fails too: its journal is left unfinished, with a file
     * it wrote still there.
     */
    static void unfinishedRun(Bench b) {
        Faults.arm("edit#0:after");
        Faults.arm("undo:edit#0");
        try {
            UpgradeResult broken = Upgrade.of(site(b))
                    .step(new ScriptedStep("edit", List.of(new ScriptedAction.WriteFile("sites/default/files/note.txt", "changed"))))
                    .plan().run();
            if (broken.status() != RunStatus.ROLLBACK_INCOMPLETE) {
                throw new IllegalStateException("the broken run ended " + broken.status());
            }
        } finally {
            Faults.clear();
        }
    }

    /** A step that holds the run (and so the site's lock) until released. */
    record HoldStep(CountDownLatch latch) implements Step {
        @Override
        public String id() {
            return "hold";
        }

        @Override
        public String description() {
            return "Hold the lock";
        }

        @Override
        public Reversibility reversibility() {
            return Reversibility.REVERSIBLE;
        }

        @Override
        public List<PlannedAction> preview(PlanContext context) {
            return List.of(new PlannedAction(id(), "wait", ""));
        }

        @Override
        public void apply(StepContext context) throws Exception {
            if (!latch.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        }
    }
}
