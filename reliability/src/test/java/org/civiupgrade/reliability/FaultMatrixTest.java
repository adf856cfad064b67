package org.civiupgrade.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.civiupgrade.testkit.RealDumps;
import org.civiupgrade.testkit.StandardRuns;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.TestDatabaseServer;
import org.civiupgrade.testkit.WithFaults;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix: the documented procedure made to fail before and after each of its steps, at
 * revisions of the database upgrade (in process and through the fake {@code cv}), and inside each
 * compensation a run records, on sites of three kinds ({@link Era}): a 4.1 fake site (4.1 settings
 * with hand-written overrides, online, CiviCRM front page, integration modules), a 5.x fake site
 * (5.x settings format, prefixed Drupal tables) and a fake Drupal site around a real CiviCRM
 * database. Every run must end ROLLED_BACK with the site as it was (up to the caches described in
 * {@link StandardRuns}); a failing compensation must end ROLLBACK_INCOMPLETE, and a
 * {@code recover} with the fault gone must reach the initial site.
 *
 * <p>Prints {@code RESULT part=fault-matrix scenarios=N rolled_back=R recovered=C lost=L}. The
 * build runs a CI-sized matrix (see {@link #points()}); {@code -Dreliability.full=true} runs every
 * point on every site, each compensation failing on its own.
 */
@WithTestDatabase
@WithFaults
class FaultMatrixTest {
    private static final boolean FULL = Boolean.getBoolean("reliability.full");
    private static final Results RESULTS = new Results("fault-matrix", "scenarios", "rolled_back", "recovered", "lost");
    /** Compensations per step of each era, read from one reference run (see {@link #compensationCounts}). */
    private static final Map<Era, Map<String, Integer>> COUNTS = new LinkedHashMap<>();

    @TempDir
    Path tmp;

    /** The sites the matrix runs on. */
    enum Era {
        V4_1("4.1.6", "4.4.5", "4.3.0", null, "", true, false),
        V5("5.45.3", "5.50.1", "5.48.0", null, "d7_", false, true),
        REAL_DUMP("4.4.5", "4.5.0", "4.5.0", "4.4.5", "", false, false);

        final String from;
        final String to;
        final String failingRevision;
        final String realDump;
        final String prefix;
        final boolean overrides;
        /** The code folder is a link to a folder outside the Drupal tree. */
        final boolean linked;

        Era(String from, String to, String failingRevision, String realDump, String prefix, boolean overrides, boolean linked) {
            this.from = from;
            this.to = to;
            this.failingRevision = failingRevision;
            this.realDump = realDump;
            this.prefix = prefix;
            this.overrides = overrides;
            this.linked = linked;
        }

        @Override
        public String toString() {
            return (realDump != null ? "real " + realDump + " dump" : "fake " + from) + " to " + to
                    + (prefix.isEmpty() ? "" : ", prefix " + prefix) + (linked ? ", linked code" : "");
        }
    }

    enum Kind { BEFORE, AFTER, REVISION, REVISION_CV, UNDO, UNDO_ALL }

    /**
     * Where the run fails.
     *
     * @param step  the step before or after which it fails, or whose compensation fails (UNDO, UNDO_ALL)
     * @param index the compensation's index in the order the step recorded it (UNDO)
     */
    record Point(Era era, Kind kind, String step, int index) {
        @Override
        public String toString() {
            String where = switch (kind) {
                case BEFORE -> "before " + step;
                case AFTER -> "after " + step;
                case REVISION -> "at revision " + era.failingRevision;
                case REVISION_CV -> "at revision " + era.failingRevision + " (cv)";
                case UNDO -> "in compensation #" + index + " of " + step;
                case UNDO_ALL -> "in every compensation of " + step;
            };
            return era + ": " + where;
        }
    }

    /** The steps the CI-sized matrix fails after on the 5.x and real-dump sites: each kind of change once. */
    static final List<String> SAMPLE_STEPS = List.of("backup-database", "drupal7.disable-integration-modules", "swap-code",
            "update-settings", "drupal7.post-upgrade-report");

    /**
     * The points. Full size ({@code -Dreliability.full=true}): before and after every step, the revisions,
     * and each compensation on its own, on every site. CI size: after every step, the revisions and
     * all of a step's compensations at once on the 4.1 site; after the sample steps, the revision and
     * the compensations of the backup and the code swap on the 5.x site; after the last step, the
     * revision and the compensations of the backup on the real dump (the slowest to load and compare).
     */
    static Stream<Point> points() {
        List<Point> out = new ArrayList<>();
        for (Era era : Era.values()) {
            boolean everyStep = FULL || era == Era.V4_1;
            for (String s : StandardRuns.STANDARD_STEPS) {
                if (FULL) {
                    out.add(new Point(era, Kind.BEFORE, s, 0));
                }
                if (everyStep || (era == Era.REAL_DUMP ? s.equals(SAMPLE_STEPS.get(SAMPLE_STEPS.size() - 1)) : SAMPLE_STEPS.contains(s))) {
                    out.add(new Point(era, Kind.AFTER, s, 0));
                }
            }
            out.add(new Point(era, Kind.REVISION, null, 0));
            if (era == Era.V4_1) {
                out.add(new Point(era, Kind.REVISION_CV, null, 0));
            }
            compensationCounts(era).forEach((step, n) -> {
                if (FULL) {
                    for (int i = 0; i < n; i++) {
                        out.add(new Point(era, Kind.UNDO, step, i));
                    }
                } else if (era == Era.V4_1 || step.equals("backup-database") || (era == Era.V5 && step.equals("swap-code"))) {
                    out.add(new Point(era, Kind.UNDO_ALL, step, n));
                }
            });
        }
        return out.stream();
    }

    /** The number of compensations each step records on a site of the era: a reference run failing after the last step. */
    private static synchronized Map<String, Integer> compensationCounts(Era era) {
        return COUNTS.computeIfAbsent(era, e -> {
            Path dir;
            try {
                dir = Files.createTempDirectory("fault-matrix-reference");
            } catch (java.io.IOException io) {
                throw new java.io.UncheckedIOException(io);
            }
            try (TestDatabase db = TestDatabaseServer.shared().createDatabase()) {
                FakeDrupalSite fake = site(e, dir, db);
                Path tarball = release(e, dir);
                Site site = Site.detect(fake.root()).withWorkDir(dir.resolve("work"));
                Faults.arm(FaultyStep.after(StandardRuns.STANDARD_STEPS.get(StandardRuns.STANDARD_STEPS.size() - 1)));
                UpgradeResult r;
                try {
                    r = StandardRuns.standardPlanWithFaultyUndo(site, tarball, new FakeSchemaUpgrader()).run(ev -> { });
                } finally {
                    Faults.clear();
                }
                if (r.status() != RunStatus.ROLLED_BACK) {
                    throw new IllegalStateException("the reference run of " + e + " ended " + r.toJson());
                }
                Map<String, Integer> counts = new LinkedHashMap<>();
                for (String s : StandardRuns.STANDARD_STEPS) {
                    int n = (int) r.compensations().stream().filter(c -> c.stepId().equals(s)).count();
                    if (n > 0) {
                        counts.put(s, n);
                    }
                }
                return counts;
            } catch (java.io.IOException io) {
                throw new java.io.UncheckedIOException(io);
            } finally {
                org.apache.commons.io.FileUtils.deleteQuietly(dir.toFile());
            }
        });
    }

    static FakeDrupalSite site(Era era, Path dir, TestDatabase db) {
        FakeDrupalSite.Builder b = FakeDrupalSite.builder().civicrmVersion(era.from).withBundledIntegrationModules()
                .frontPage("civicrm/dashboard").tablePrefix(era.prefix);
        if (era.overrides) {
            b.settingsOverrides();
        }
        if (era.realDump != null) {
            RealDumps.load(RealDumps.of(era.realDump), db);
            b.existingCivicrmSchema();
        }
        FakeDrupalSite fake = b.create(dir.resolve("site"), db);
        if (era.linked) {
            try {
                Path outside = Files.createDirectories(dir.resolve("releases")).resolve("civicrm-" + era.from);
                Files.move(fake.civicrmDir(), outside);
                Files.createSymbolicLink(fake.civicrmDir(), outside);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return fake;
    }

    static Path release(Era era, Path dir) throws java.io.IOException {
        return FakeRelease.of(era.to).writeTo(dir.resolve("downloads"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("points")
    void everyFailureEndsWithTheSiteAsItWas(Point point, TestDatabase db) throws Exception {
        Era era = point.era();
        FakeDrupalSite fake = site(era, tmp, db);
        Path tarball = release(era, tmp);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        boolean revision = point.kind() == Kind.REVISION || point.kind() == Kind.REVISION_CV;
        SchemaUpgrader upgrader = point.kind() == Kind.REVISION_CV
                ? new CvSchemaUpgrader(FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), era.failingRevision)
                .toString(), Map.of())
                : new FakeSchemaUpgrader(revision ? era.failingRevision : null, 1);
        StandardRuns.Snapshot before = StandardRuns.Snapshot.of(fake);
        String last = StandardRuns.STANDARD_STEPS.get(StandardRuns.STANDARD_STEPS.size() - 1);
        switch (point.kind()) {
            case BEFORE -> Faults.arm(FaultyStep.before(point.step()));
            case AFTER -> Faults.arm(FaultyStep.after(point.step()));
            case UNDO -> {
                Faults.arm(FaultyStep.after(last));
                Faults.arm(FaultyStep.undo(point.step(), point.index()));
            }
            case UNDO_ALL -> {
                Faults.arm(FaultyStep.after(last));
                for (int i = 0; i < point.index(); i++) {
                    Faults.arm(FaultyStep.undo(point.step(), i));
                }
            }
            default -> { }
        }
        RESULTS.add("scenarios");

        boolean undo = point.kind() == Kind.UNDO || point.kind() == Kind.UNDO_ALL;
        UpgradeResult r = StandardRuns.standardPlanWithFaultyUndo(site, tarball, upgrader).run(e -> { });

        Path journal;
        try (Stream<Path> runs = Files.list(tmp.resolve("work").resolve("runs"))) {
            journal = runs.map(p -> p.resolve("journal.jsonl")).filter(Files::exists).findFirst().orElseThrow();
        }
        try {
            if (undo) {
                assertThat(r.status()).as("%s", r.toJson()).isEqualTo(RunStatus.ROLLBACK_INCOMPLETE);
                assertThat(r.compensations()).as("the failing compensation is reported").anyMatch(c -> !c.applied()
                        && c.stepId().equals(point.step()) && c.error() != null && c.error().contains("injected fault at undo:"));
                assertThat(Upgrade.needsRecovery(site)).isTrue();
                Faults.clear();
                Optional<UpgradeResult> recovered = Upgrade.recover(site);
                assertThat(recovered).as("a recovery ran").isPresent();
                assertThat(recovered.get().status()).as("%s", recovered.get().toJson()).isEqualTo(RunStatus.ROLLED_BACK);
                assertThat(Upgrade.needsRecovery(site)).isFalse();
                StandardRuns.assertRestored(fake, before, StandardRuns.Leftovers.fromJournal(journal, before), point.toString());
                RESULTS.add("recovered");
                return;
            }
            assertThat(r.status()).as("%s", r.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
            String failing = revision ? "migrate-database" : point.step();
            assertThat(r.failure().stepId()).isEqualTo(failing);
            if (revision) {
                assertThat(r.failure().code()).isEqualTo(ErrorCode.PROCESS_FAILED);
                assertThat(r.failure().message()).contains("Upgrade DB to " + era.failingRevision);
            } else {
                String fault = point.kind() == Kind.BEFORE ? FaultyStep.before(failing) : FaultyStep.after(failing);
                assertThat(r.failure().message()).contains("injected fault at " + fault);
            }
            int k = StandardRuns.STANDARD_STEPS.indexOf(failing);
            assertThat(r.compensations()).allMatch(UpgradeResult.CompensationOutcome::applied);
            for (int i = 0; i < StandardRuns.STANDARD_STEPS.size(); i++) {
                StepStatus want = i < k ? StepStatus.UNDONE : i == k ? StepStatus.FAILED : StepStatus.NOT_RUN;
                assertThat(r.steps().get(i).status()).as("step %s", StandardRuns.STANDARD_STEPS.get(i)).isEqualTo(want);
            }
            assertThat(Upgrade.needsRecovery(site)).isFalse();
            StandardRuns.assertRestored(fake, before, StandardRuns.Leftovers.fromJournal(journal, before), point.toString());
            if (era.linked) {
                assertThat(fake.civicrmDir()).isSymbolicLink();
                assertThat(Files.readSymbolicLink(fake.civicrmDir())).isEqualTo(tmp.resolve("releases/civicrm-" + era.from));
            }
            RESULTS.add("rolled_back");
        } catch (AssertionError | RuntimeException e) {
            RESULTS.add("lost");
            throw e;
        }
    }

    @AfterAll
    static void printResult() {
        RESULTS.print();
        assertThat(RESULTS.get("lost")).as("scenarios that did not end with the initial site").isZero();
    }
}
