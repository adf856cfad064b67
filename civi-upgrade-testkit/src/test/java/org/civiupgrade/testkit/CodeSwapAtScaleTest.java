package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Release;
import org.civiupgrade.Reversibility;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Secret;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.internal.steps.CodeSwapStep;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 4.4 code folder replaced by a large 5.x release, then rolled back exactly. The release holds
 * 12,000 filler files by default (to keep the suite short on a shared machine) and a real 5.x
 * tarball's 30,000 with {@code -Dciviupgrade.swapScaleFiles=30000}.
 */
class CodeSwapAtScaleTest {
    private static final int FILES = Integer.getInteger("civiupgrade.swapScaleFiles", 12_000);

    @TempDir
    Path tmp;


    @Test
    void replacesAndRestoresARealisticCodeFolder() throws Exception {
        Path root = tmp.resolve("drupal");
        Path code = root.resolve("sites/all/modules/civicrm");
        for (Map.Entry<String, byte[]> e : FakeRelease.of("4.4.5").fillerFiles(2000).contents().entrySet()) {
            Path p = code.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        Files.writeString(code.resolve("settings_location.php"), "<?php define('CIVICRM_CONFDIR', '/srv/www/sites');\n");
        Release release = Release.tarball(FakeRelease.of("5.14.0").fillerFiles(FILES).writeTo(tmp.resolve("dl")));
        Site site = Site.builder(root).cms("Drupal", "7.105").civicrmCodeDir(code)
                .cmsDatabase(DatabaseCoordinates.of("localhost", 3306, "drupal", "u", Secret.of("pw"))).workDir(tmp.resolve("work")).build();
        SiteFingerprint before = SiteFingerprint.builder().files("drupal", root).build();

        long t0 = System.nanoTime();
        UpgradeResult failed = Upgrade.of(site).step(new CodeSwapStep(release)).step(ThrowingStep.failing("boom", "later step failed")).plan().run();
        long t1 = System.nanoTime();
        assertThat(failed.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(SiteFingerprint.builder().files("drupal", root).build().diff(before)).isEmpty();

        UpgradeResult ok = Upgrade.of(site).step(new CodeSwapStep(release)).plan().run();
        long t2 = System.nanoTime();
        assertThat(ok.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Release.installedVersion(code)).hasToString("5.14.0");
        assertThat(code.resolve("settings_location.php")).exists();
        assertThat(Release.installedVersion(Path.of(ok.runDir()).resolve("code-backup/civicrm"))).hasToString("4.4.5");
        // the 4.4 filler files are not in the 5.x release: reported, not silently dropped
        assertThat(ok.warnings()).anySatisfy(w -> assertThat(w).contains("not in release 5.14.0"));
        System.out.printf("swap of %d entries: swap+rollback %d ms, swap %d ms%n", release.entries(),
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }
}
