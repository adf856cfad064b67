package org.civiupgrade.drupal7.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.testkit.ChildJvm;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed (SIGKILL) while CiviCRM works on a task through the web upgrader: the session row
 * it wrote is still there, and recovery in another process removes it with the rest of the run.
 */
@WithTestDatabase
class WebUpgradeCrashRecoveryTest {
    @TempDir
    Path tmp;

    @Test
    void recoveryAfterAKillMidUpgradeRemovesTheLogin(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.5").create(tmp.resolve("site"), db);
        Path tarball = FakeRelease.of("4.6.36").revisions("4.5.0", "4.6.0", "4.6.36").writeTo(tmp.resolve("downloads"));
        String sessions = "SELECT CONCAT(uid, ' ', sid, ' ', hostname) FROM `" + fake.table("sessions") + "` ORDER BY sid";
        List<String> before = db.queryColumn(sessions);
        Path work = tmp.resolve("work");
        try (FakeDrupalWeb web = FakeDrupalWeb.start(fake, tmp.resolve("web")).behaviour("hangAt", "4.6.0");
             ChildJvm child = ChildJvm.start(WebUpgradeCrashChild.class, Map.of(),
                     List.of(fake.root().toString(), work.toString(), tarball.toString(), web.baseUrl().toString()))) {
            long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!"4.6.0.upgrade".equals(fake.civicrmDatabase().queryString("SELECT version FROM civicrm_domain WHERE id = 1"))) {
                assertThat(System.nanoTime()).as("the child reaches the hanging task; it said %s", child.output()).isLessThan(until);
                Thread.sleep(200);
            }
            assertThat(db.queryColumn("SELECT hostname FROM `" + fake.table("sessions") + "`")).as("the run's login").contains("civi-upgrade");
            child.kill();
        }
        Optional<UpgradeResult> recovered = Upgrade.recover(Site.detect(fake.root()).withWorkDir(work));
        assertThat(recovered).isPresent();
        assertThat(recovered.get().status()).as("%s", recovered.get().toJson()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(recovered.get().compensations()).anyMatch(c -> c.description().contains("administrator login"));
        assertThat(db.queryColumn(sessions)).as("the login is removed, the site's own sessions kept").isEqualTo(before);
        assertThat(fake.civicrmDatabase().queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.4.5");
    }
}
