package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
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
 * Kills a child JVM with SIGKILL while it unpacks, swaps or rolls back the CiviCRM code folder;
 * {@link Upgrade#recover} in this process must put back the exact old folder every time.
 */
class CodeSwapCrashTest {
    private static final int KILLS = Integer.getInteger("civiupgrade.swapCrashKills", 8);

    @TempDir
    Path tmp;

    static void oldSite(Path root) throws IOException {
        if (Files.exists(root)) {
            MoreFiles.deleteRecursively(root, RecursiveDeleteOption.ALLOW_INSECURE);
        }
        Path code = root.resolve("sites/all/modules/civicrm");
        for (Map.Entry<String, byte[]> e : FakeRelease.of("4.4.5").fillerFiles(1500).contents().entrySet()) {
            Path p = code.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        Files.writeString(code.resolve("settings_location.php"), "<?php define('CIVICRM_CONFDIR', '/srv/sites');\n");
        Files.createDirectories(root.resolve("sites/default/files"));
    }

    @Test
    void recoveryAfterAKillAtAnyMomentOfTheSwapRestoresTheOldCode() throws Exception {
        long seed = Long.getLong("civiupgrade.crashSeed", System.nanoTime());
        String replay = "seed " + seed + ", replay with -Dciviupgrade.crashSeed=" + seed;
        Random random = new Random(seed);
        Path tarball = FakeRelease.of("4.5.0").fillerFiles(8000).writeTo(tmp.resolve("dl"));
        Path root = tmp.resolve("drupal");
        int midRun = 0;
        int undone = 0;
        for (int attempt = 0; midRun < KILLS && attempt < KILLS * 3; attempt++) {
            oldSite(root);
            Path work = Files.createTempDirectory(tmp, "work-");
            Site site = CodeSwapCrashChild.site(root, work);
            SiteFingerprint before = SiteFingerprint.builder().files("drupal", root).build();
            String mode = attempt % 2 == 0 ? "forward" : "rollback";
            List<String> output;
            try (ChildJvm child = ChildJvm.start(CodeSwapCrashChild.class, Map.of(),
                    List.of(root.toString(), work.toString(), tarball.toString(), mode))) {
                Optional<String> started = child.awaitLine("STARTED"::equals, Duration.ofSeconds(120));
                assertThat(started).as("child started; it printed %s (%s)", child.output(), replay).isPresent();
                Thread.sleep(random.nextInt(2500));
                child.kill();
                output = child.output();
            }
            // a kill can land after the run journaled its end but before it printed it: the journal decides
            if (String.join("\n", output).contains("RESULT ") || RunJournals.anySucceeded(work)) {
                assertThat(Upgrade.recover(site)).as("recovery after attempt %d, whose run had finished (%s)", attempt, replay).isEmpty();
                continue;
            }
            midRun++;
            Optional<UpgradeResult> recovered = Upgrade.recover(site);
            if (recovered.isPresent()) {
                assertThat(recovered.get().status()).as("recovery after attempt %d (%s)", attempt, replay).isEqualTo(RunStatus.ROLLED_BACK);
                if (!recovered.get().compensations().isEmpty()) {
                    undone++;
                }
            }
            SiteFingerprint after = SiteFingerprint.builder().files("drupal", root).build();
            assertThat(after.diff(before)).as("attempt %d (%s; %s)", attempt, mode, replay).isEmpty();
        }
        System.out.println("code swap crash test (" + replay + "): " + midRun + " kills mid-run, " + undone + " recoveries that undid changes");
        assertThat(midRun).as("kills mid-run (%s)", replay).isGreaterThanOrEqualTo(KILLS);
        assertThat(undone).as("kills that left changes to undo (%s)", replay).isGreaterThanOrEqualTo(KILLS / 2);
    }
}
