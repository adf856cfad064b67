package org.civiupgrade.reliability;

import java.nio.file.Path;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.Faults;
import org.civiupgrade.testkit.StandardRuns;

/**
 * The process {@link CrashMatrixTest} kills: runs {@code standard()} on a fake site
 * (arguments: Drupal root, work dir, release tarball, and optionally a {@code FaultyStep} point
 * to arm so that the run is rolling back when the kill lands), printing one line per event:
 * {@code STEP <id>}, {@code ROLLBACK}, {@code UNDONE <step>}, and {@code RESULT <status>} at the end.
 * The database is the one the site's {@code settings.php} names, as {@code Site.detect} finds it.
 */
public final class StandardRunChild {
    private StandardRunChild() {
    }

    public static void main(String[] args) {
        if (args.length > 3) {
            Faults.arm(args[3]);
        }
        Site site = Site.detect(Path.of(args[0])).withWorkDir(Path.of(args[1]));
        UpgradeResult r = StandardRuns.standardPlan(site, Path.of(args[2]), new FakeSchemaUpgrader(), true).run(e -> {
            if (e instanceof UpgradeEvent.StepStarted s) {
                line("STEP " + s.stepId());
            } else if (e instanceof UpgradeEvent.RollbackStarted) {
                line("ROLLBACK");
            } else if (e instanceof UpgradeEvent.CompensationApplied c) {
                line("UNDONE " + c.stepId());
            }
        });
        line("RESULT " + r.status());
    }

    private static void line(String s) {
        System.out.println(s);
        System.out.flush();
    }
}
