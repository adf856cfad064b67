package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
        Random random = new Random(Long.getLong("civiupgrade.crashSeed", System.nanoTime()));
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
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                    CodeSwapCrashChild.class.getName(), root.toString(), work.toString(), tarball.toString(), mode);
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = out.readLine()) != null; ) {
                        lines.add(l);
                    }
                } catch (IOException closed) {
                    // the kill closed the stream
                }
            });
            reader.start();
            String line;
            List<String> early = new ArrayList<>();
            while ((line = lines.poll(120, TimeUnit.SECONDS)) != null && !line.equals("STARTED")) {
                early.add(line);
            }
            assertThat(line).as("child started; it printed %s", early).isEqualTo("STARTED");
            Thread.sleep(random.nextInt(2500));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            if (String.join("\n", lines).contains("RESULT ")) {
                assertThat(Upgrade.recover(site)).isEmpty();
                continue;
            }
            midRun++;
            Optional<UpgradeResult> recovered = Upgrade.recover(site);
            if (recovered.isPresent()) {
                assertThat(recovered.get().status()).isEqualTo(RunStatus.ROLLED_BACK);
                if (!recovered.get().compensations().isEmpty()) {
                    undone++;
                }
            }
            SiteFingerprint after = SiteFingerprint.builder().files("drupal", root).build();
            assertThat(after.diff(before)).as("attempt %d (%s)", attempt, mode).isEmpty();
        }
        System.out.println("code swap crash test: " + midRun + " kills mid-run, " + undone + " recoveries that undid changes");
        assertThat(midRun).isGreaterThanOrEqualTo(KILLS);
        assertThat(undone).isGreaterThanOrEqualTo(KILLS / 2);
    }
}
