package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM running an upgrade with SIGKILL at random moments, forward or while it is
 * rolling back, and checks that {@link Upgrade#recover} in this process restores the exact
 * initial fingerprint every time.
 */
@WithTestDatabase
class CrashRecoveryTest {
    private static final int KILLS = Integer.getInteger("civiupgrade.crashKills", 20);

    @TempDir
    Path tmp;


    @Test
    void recoveryAfterAKillAtAnyMomentRestoresTheSiteExactly(TestDatabase db) throws Exception {
        long seed = Long.getLong("civiupgrade.crashSeed", System.nanoTime());
        String replay = "seed " + seed + ", replay with -Dciviupgrade.crashSeed=" + seed;
        Random random = new Random(seed);
        Path root = tmp.resolve("site");
        int midRunKills = 0;
        int recoveredWithWork = 0;
        List<String> log = new ArrayList<>();
        for (int attempt = 0; midRunKills < KILLS && attempt < KILLS * 3; attempt++) {
            ScriptedSite.reset(root, db);
            Path work = Files.createTempDirectory(tmp, "work-");
            Site site = ScriptedSite.site(root, work, db.coordinates());
            SiteFingerprint before = SiteFingerprint.of(root, db.dataSource());
            boolean rollingBack = attempt % 2 == 1;

            List<String> args = new ArrayList<>(List.of(root.toString(), work.toString(), db.server().host(),
                    String.valueOf(db.server().port()), db.name(), db.coordinates().user()));
            if (rollingBack) {
                args.add("mixed#3:after"); // fails at the last action: the kill lands in the forward part or in the rollback
            }
            String rest;
            try (ChildJvm child = ChildJvm.start(CrashChild.class,
                    Map.of("CRASH_DB_PASSWORD", db.coordinates().password().reveal()), args)) {
                Optional<String> started = child.awaitLine("STARTED"::equals, Duration.ofSeconds(120));
                assertThat(started).as("child started its run; it printed %s (%s)", child.output(), replay).isPresent();
                Thread.sleep(random.nextInt(rollingBack ? 1100 : 900));
                child.kill(); // SIGKILL
                rest = String.join("\n", child.output());
            }
            // a kill can land after the run journaled its end but before it printed it: the journal decides
            boolean finished = rest.contains("RESULT ") || RunJournals.anySucceeded(work);

            Optional<UpgradeResult> recovered = Upgrade.recover(site);
            if (finished) {
                log.add("attempt " + attempt + ": child finished before the kill (" + rest.trim() + ")");
                assertThat(recovered).as("recovery after attempt %d, whose run had finished (%s)", attempt, replay).isEmpty();
                continue;
            }
            midRunKills++;
            if (recovered.isPresent()) {
                assertThat(recovered.get().status()).as("recovery after attempt %d (%s)", attempt, replay).isEqualTo(RunStatus.ROLLED_BACK);
                if (!recovered.get().compensations().isEmpty()) {
                    recoveredWithWork++;
                }
            }
            SiteFingerprint after = SiteFingerprint.of(root, db.dataSource());
            assertThat(after.diff(before)).as("attempt %d (%s; %s)", attempt, rollingBack ? "rolling back" : "forward", replay).isEmpty();
            assertThat(Upgrade.needsRecovery(site)).as("needs recovery after attempt %d (%s)", attempt, replay).isFalse();
        }
        System.out.println("crash test (" + replay + "): " + midRunKills + " kills mid-run, " + recoveredWithWork
                + " recoveries that undid changes; " + String.join("; ", log));
        assertThat(midRunKills).as("kills mid-run (%s)", replay).isGreaterThanOrEqualTo(KILLS);
        assertThat(recoveredWithWork).as("kills that left changes to undo (%s)", replay).isGreaterThanOrEqualTo(KILLS / 2);
    }
}
