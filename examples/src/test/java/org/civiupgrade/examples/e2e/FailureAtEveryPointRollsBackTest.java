package org.civiupgrade.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.UpgradeResult.StepStatus;
import org.civiupgrade.cv.CvSchemaUpgrader;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.testkit.FakeCv;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.Faults;
import org.civiupgrade.testkit.FaultyStep;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithFaults;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The documented procedure made to fail after each of its steps (every change of the step made
 * and journaled) and at each revision of the database upgrade (in process, and once through
 * the fake {@code cv}): every run ends ROLLED_BACK with the site exactly as it was, up to the
 * caches described in {@link E2e}. The site changes at every step: it is a 4.1 site (settings
 * edits), online (maintenance mode changes), with a CiviCRM front page and enabled integration
 * modules.
 */
@WithTestDatabase
@WithFaults
class FailureAtEveryPointRollsBackTest {
    private static final String FROM = "4.1.6";
    private static final String TO = "4.4.5";
    private static final List<String> REVISIONS = List.of("4.2.0", "4.3.0", "4.4.0", "4.4.5");

    @TempDir
    Path tmp;

    /**
     * Where the run fails.
     *
     * @param step     after this step of the plan (null: in the database upgrade)
     * @param revision at this revision of the database upgrade (null: after a step)
     * @param viaCv    the database upgrade runs through the fake cv
     * @param linked   a site with a table prefix whose code folder is a link to a folder outside the Drupal tree
     */
    record FailurePoint(String step, String revision, boolean viaCv, boolean linked) {
        @Override
        public String toString() {
            return (step != null ? "after " + step : "at revision " + revision + (viaCv ? " (cv)" : ""))
                    + (linked ? ", prefixed tables and linked code" : "");
        }
    }

    static Stream<FailurePoint> points() {
        List<FailurePoint> out = new ArrayList<>();
        E2e.STANDARD_STEPS.forEach(s -> out.add(new FailurePoint(s, null, false, false)));
        REVISIONS.forEach(r -> out.add(new FailurePoint(null, r, false, false)));
        out.add(new FailurePoint(null, "4.3.0", true, false));
        out.add(new FailurePoint("swap-code", null, false, true));
        out.add(new FailurePoint(null, "4.4.0", false, true));
        out.add(new FailurePoint("drupal7.post-upgrade-report", null, false, true));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("points")
    void runEndsRolledBackWithTheSiteAsItWas(FailurePoint point, TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(FROM).withBundledIntegrationModules()
                .frontPage("civicrm/dashboard").settingsOverrides().tablePrefix(point.linked() ? "d7_" : "")
                .create(tmp.resolve("site"), db);
        if (point.linked()) {
            Path outside = Files.createDirectories(tmp.resolve("releases")).resolve("civicrm-" + FROM);
            Files.move(fake.civicrmDir(), outside);
            Files.createSymbolicLink(fake.civicrmDir(), outside);
        }
        Path tarball = FakeRelease.of(TO).revisions("4.1.0", "4.2.0", "4.3.0", "4.4.0", "4.4.5").writeTo(tmp.resolve("downloads"));
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        SchemaUpgrader upgrader = point.viaCv()
                ? new CvSchemaUpgrader(FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), point.revision())
                .toString(), Map.of())
                : new FakeSchemaUpgrader(point.revision(), 1);
        E2e.Snapshot before = E2e.Snapshot.of(fake);
        if (point.step() != null) {
            Faults.arm(FaultyStep.after(point.step()));
        }

        UpgradeResult r = E2e.standardPlan(site, tarball, upgrader, true).run(e -> { });

        assertThat(r.status()).as("%s", r.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
        String failing = point.step() != null ? point.step() : "migrate-database";
        assertThat(r.failure().stepId()).isEqualTo(failing);
        if (point.step() != null) {
            assertThat(r.failure().message()).contains("injected fault at " + FaultyStep.after(point.step()));
        } else {
            assertThat(r.failure().code()).isEqualTo(ErrorCode.PROCESS_FAILED);
            assertThat(r.failure().message()).contains("Upgrade DB to " + point.revision());
        }
        int k = E2e.STANDARD_STEPS.indexOf(failing);
        assertThat(r.compensations()).allMatch(UpgradeResult.CompensationOutcome::applied);
        if (k == 0) {
            assertThat(r.compensations()).as("the backup changes nothing on the site").isEmpty();
        } else {
            assertThat(r.compensations()).as("every step after the backup changes the site").isNotEmpty();
        }
        for (int i = 0; i < E2e.STANDARD_STEPS.size(); i++) {
            StepStatus want = i < k ? StepStatus.UNDONE : i == k ? StepStatus.FAILED : StepStatus.NOT_RUN;
            assertThat(r.steps().get(i).status()).as("step %s", E2e.STANDARD_STEPS.get(i)).isEqualTo(want);
        }
        assertThat(Upgrade.needsRecovery(site)).isFalse();

        List<String> ran = E2e.STANDARD_STEPS.subList(0, k + 1);
        E2e.assertRestored(fake, before, E2e.Leftovers.afterSteps(ran, before, true, true, true), point.toString());
        if (point.linked()) {
            assertThat(fake.civicrmDir()).isSymbolicLink();
            assertThat(Files.readSymbolicLink(fake.civicrmDir())).isEqualTo(tmp.resolve("releases/civicrm-" + FROM));
        }
    }
}
