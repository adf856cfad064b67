package org.civiupgrade.testkit;

import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Release;
import org.civiupgrade.Reversibility;
import org.civiupgrade.Secret;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.internal.steps.CodeSwapStep;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/**
 * The process {@link CodeSwapCrashTest} kills: swaps the code of the site (args: root, work
 * dir, tarball, mode), then waits ({@code forward}) or fails ({@code rollback}) so that the kill
 * lands in the unpacking, the swap, or the rollback.
 */
public final class CodeSwapCrashChild {
    private CodeSwapCrashChild() {
    }

    static Site site(Path root, Path work) {
        return Site.builder(root).cms("Drupal", "7.105").civicrmCodeDir(root.resolve("sites/all/modules/civicrm"))
                .cmsDatabase(DatabaseCoordinates.of("localhost", 3306, "drupal", "u", Secret.of("unused")))
                .workDir(work).build();
    }

    /** Waits, then fails or succeeds. */
    record After(boolean fail) implements Step {
        @Override
        public String id() {
            return "after";
        }

        @Override
        public String description() {
            return "after the swap";
        }

        @Override
        public Reversibility reversibility() {
            return Reversibility.REVERSIBLE;
        }

        @Override
        public List<PlannedAction> preview(PlanContext context) {
            return List.of();
        }

        @Override
        public void apply(StepContext context) throws Exception {
            if (fail) {
                throw new IllegalStateException("fails to roll the swap back");
            }
            Thread.sleep(3000);
        }
    }

    public static void main(String[] args) {
        Site site = site(Path.of(args[0]), Path.of(args[1]));
        UpgradeResult r = Upgrade.of(site).step(new CodeSwapStep(Release.tarball(Path.of(args[2]))))
                .step(new After(args[3].equals("rollback"))).plan().run(e -> {
                    if (e instanceof UpgradeEvent.RunStarted) {
                        System.out.println("STARTED");
                        System.out.flush();
                    }
                });
        System.out.println("RESULT " + r.status());
    }
}
