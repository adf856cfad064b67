package org.civiupgrade.drupal7;

import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.civiupgrade.testkit.FakeDrupalSite;

/** Test helpers: detect a fake site and run steps through the real engine. */
final class Runs {
    private Runs() {
    }

    static Site detect(FakeDrupalSite fake, Path work) {
        return Site.detect(fake.root()).withWorkDir(work);
    }

    static UpgradeResult run(Site site, Step... steps) {
        return Upgrade.of(site).steps(List.of(steps)).plan().run();
    }

    /** A step that fails, to make the engine roll back everything before it. */
    static Step failing() {
        return new org.civiupgrade.testkit.ThrowingStep("test.fail", "fails on purpose", () -> new IllegalStateException("injected failure"));
    }

    /** A step that runs an assertion in the middle of a run. */
    static Step probe(String id, java.util.function.Consumer<StepContext> check) {
        return new Step() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String description() {
                return "checks the site mid-run";
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
            public void apply(StepContext context) {
                check.accept(context);
            }
        };
    }
}
