package org.civiupgrade.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.ChildJvm;
import org.civiupgrade.testkit.FaultyStep;
import org.civiupgrade.testkit.StandardRuns;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a child JVM running the real {@code standard()} procedure at random moments:
 * shortly after a randomly chosen step started, or while the run is rolling back after a fault
 * at a late step. {@link Upgrade#recover} in this JVM must then leave the site exactly as it was,
 * up to the caches described in {@link StandardRuns}, which are read from the run's journal (what was
 * recorded is what a rollback applies).
 *
 * <p>Prints {@code RESULT part=crash-matrix seed=S kills=K recovered=R lost=L}.
 * {@code -Dreliability.crashes=N} sets the number of kills mid-run (the build's default is
 * CI-sized; the documented command runs at least 50), {@code -Dreliability.seed=S} replays the
 * sequence of a printed seed exactly (same steps, fault points and delays).
 */
@WithTestDatabase
class CrashMatrixTest {
    private static final int KILLS = Integer.getInteger("reliability.crashes", 12);
    private static final List<String> ROLLBACK_FAULTS = List.of("migrate-database", "drupal7.clear-caches",
            "drupal7.maintenance-off", "drupal7.post-upgrade-report");

    @TempDir
    Path tmp;

    @Test
    void recoveryAfterAKillAnywhereInTheProcedureRestoresTheSite(TestDatabase anyDb) throws Exception {
        String given = System.getProperty("reliability.seed", "");
        long seed = given.isBlank() ? System.nanoTime() : Long.parseLong(given.trim());
        System.out.println("crash matrix: seed " + seed + " (replay with -Dreliability.seed=" + seed + ")");
        Results results = new Results("crash-matrix", "kills", "recovered", "lost").label("seed", seed);
        Random random = new Random(seed);
        Path tarball = FakeRelease.of("4.4.5").revisions("4.1.0", "4.2.0", "4.3.0", "4.4.0", "4.4.5").writeTo(tmp.resolve("downloads"));
        int kills = 0;
        int recoveredWithWork = 0;
        List<String> log = new ArrayList<>();
        for (int attempt = 0; kills < KILLS && attempt < KILLS * 4; attempt++) {
            try (TestDatabase db = anyDb.server().createDatabase()) {
                Path dir = tmp.resolve("attempt-" + attempt);
                FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.1.6").withBundledIntegrationModules()
                        .frontPage("civicrm/dashboard").settingsOverrides().create(dir, db);
                Path work = dir.resolve("work");
                Site site = Site.detect(fake.root()).withWorkDir(work);
                StandardRuns.Snapshot before = StandardRuns.Snapshot.of(fake);

                boolean rollingBack = attempt % 3 == 2;
                String fault = rollingBack ? ROLLBACK_FAULTS.get(random.nextInt(ROLLBACK_FAULTS.size())) : null;
                String trigger = rollingBack ? "ROLLBACK" : "STEP " + StandardRuns.STANDARD_STEPS.get(random.nextInt(StandardRuns.STANDARD_STEPS.size()));
                // most steps take tens of milliseconds: mostly short delays, so that kills land inside them
                int delay = rollingBack ? random.nextInt(800) : random.nextInt(4) == 0 ? random.nextInt(400) : random.nextInt(60);
                String what = "attempt " + attempt + ": kill " + delay + " ms after '" + trigger + "'"
                        + (fault == null ? "" : " (fault after " + fault + ")") + ", seed " + seed;

                List<String> args = new ArrayList<>(List.of(fake.root().toString(), work.toString(), tarball.toString()));
                if (fault != null) {
                    args.add(FaultyStep.after(fault));
                }
                List<String> rest;
                try (ChildJvm child = ChildJvm.start(StandardRunChild.class, java.util.Map.of(), args)) {
                    Optional<String> line = child.awaitLine(l -> l.equals(trigger) || l.startsWith("RESULT "), Duration.ofSeconds(120));
                    assertThat(line).as("%s: the child reached the trigger; it printed %s", what, child.output()).isPresent();
                    Thread.sleep(delay);
                    child.kill(); // SIGKILL
                    rest = child.output();
                }
                Optional<String> result = rest.stream().filter(l -> l.startsWith("RESULT ")).findFirst();

                Path journal;
                try (Stream<Path> runs = Files.list(work.resolve("runs"))) {
                    journal = runs.map(r -> r.resolve("journal.jsonl")).filter(Files::exists).findFirst().orElseThrow();
                }
                Optional<String> journaledEnd = StandardRuns.finishedStatus(journal);
                if (result.isEmpty() && journaledEnd.isPresent()) {
                    result = Optional.of("RESULT " + journaledEnd.get()); // the run ended; the kill only cut its last output
                }
                boolean killedMidRun = result.isEmpty();
                if (killedMidRun) {
                    results.add("kills");
                }
                try {
                Optional<UpgradeResult> recovered = recoverOnceTheUpgraderIsGone(site, what, log);
                if (result.isPresent()) {
                    assertThat(recovered).as(what).isEmpty();
                    log.add(what + ": the child ended first with " + result.get());
                    if (result.get().equals("RESULT SUCCEEDED")) {
                        continue;
                    }
                    assertThat(result.get()).as(what).isEqualTo("RESULT ROLLED_BACK");
                } else {
                    kills++;
                    if (recovered.isPresent()) {
                        assertThat(recovered.get().status()).as("%s: %s", what, recovered.get().toJson()).isEqualTo(RunStatus.ROLLED_BACK);
                        if (!recovered.get().compensations().isEmpty()) {
                            recoveredWithWork++;
                        }
                    }
                }
                StandardRuns.assertRestored(fake, before, StandardRuns.Leftovers.fromJournal(journal, before), what);
                assertThat(Upgrade.needsRecovery(site)).as(what).isFalse();
                if (killedMidRun) {
                    results.add("recovered");
                }
                } catch (AssertionError | RuntimeException e) {
                    results.add("lost");
                    results.print();
                    throw e;
                }
            }
        }
        System.out.println("crash matrix (seed " + seed + "): " + kills + " kills mid-run, " + recoveredWithWork
                + " recoveries that undid changes; " + String.join("; ", log));
        results.print();
        assertThat(kills).as("kills mid-run (seed %d)", seed).isGreaterThanOrEqualTo(KILLS);
        assertThat(recoveredWithWork).as("kills that left changes to undo (seed %d)", seed).isGreaterThanOrEqualTo(KILLS / 3);
    }

    /**
     * A kill during the database upgrade leaves the fake cv running in its own process group;
     * recovery refuses while it runs (as it must: it would restore under the upgrader's feet), so
     * wait for it to end, as an operator would, and recover then.
     */
    private static Optional<UpgradeResult> recoverOnceTheUpgraderIsGone(Site site, String what, List<String> log)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                return Upgrade.recover(site);
            } catch (org.civiupgrade.UpgradeException e) {
                if (e.code() != org.civiupgrade.ErrorCode.UPGRADER_STILL_RUNNING || System.nanoTime() > deadline) {
                    throw e;
                }
                if (!log.contains(what + ": recovery waited for the upgrader")) {
                    log.add(what + ": recovery waited for the upgrader");
                }
                Thread.sleep(200);
            }
        }
    }
}
