package org.civiupgrade.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sites at 4.1 and 4.4, below 5.40's minimum upgradable version (4.4.7) goes through 4.7 on the way. */
@WithTestDatabase
class MultiHopTest {
    @TempDir
    Path tmp;

    private FakeDrupalSite site(TestDatabase db, String version) {
        return FakeDrupalSite.builder().civicrmVersion(version).withBundledIntegrationModules()
                .frontPage("civicrm/dashboard").create(tmp.resolve("site"), db);
    }

    private Release release(String version) throws Exception {
        return Release.tarball(FakeRelease.of(version).writeTo(tmp.resolve("dl")));
    }

    @Test
    void aSiteBelowTheMinimumIsRefusedNamingTheReleasesItNeeds(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db, "4.4.0");
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        Release target = release("5.40.0");

        assertThatThrownBy(() -> Upgrade.of(site).to(target).upgrader(new FakeSchemaUpgrader()).standard().plan())
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PLAN_INVALID);
                    assertThat(e.getMessage()).contains("5.40.0", "4.4.0", "4.4.7", "5.32");
                    assertThat(e.remedy()).contains("via(");
                });
        // an intermediate release that is itself too old to satisfy the target is refused too
        Release tooOld = release("4.4.5");
        assertThatThrownBy(() -> Upgrade.of(site).to(target).via(tooOld).upgrader(new FakeSchemaUpgrader()).standard().plan())
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PLAN_INVALID);
                    assertThat(e.getMessage()).contains("5.40.0", "4.4.5", "5.32");
                });
        // a release older than the site in the chain
        Release older = release("4.3.0");
        assertThatThrownBy(() -> Upgrade.of(site).to(target).via(older, release("4.7.0")).upgrader(new FakeSchemaUpgrader())
                .standard().plan())
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.getMessage()).contains("4.3.0", "not newer"));
    }

    @Test
    void aSiteAt41ReachesFiveFortyThroughFourSeven(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db, "4.1.0");
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        byte[] maintenanceBefore = fake.variable("maintenance_mode");
        byte[] frontBefore = fake.variable("site_frontpage");

        UpgradePlan plan = Upgrade.of(site).to(release("5.40.0")).via(release("4.7.0"))
                .upgrader(new FakeSchemaUpgrader()).standard().plan();

        assertThat(plan.stepIds()).containsSubsequence("backup-database", "swap-code", "update-settings", "migrate-database",
                "hop-5.40.0:swap-code", "hop-5.40.0:update-settings", "hop-5.40.0:migrate-database");
        assertThat(plan.stepIds().stream().filter(id -> id.endsWith("backup-database")).count()).isEqualTo(1);
        assertThat(plan.stepIds().stream().filter(id -> id.endsWith("backup-drupal-tables")).count()).isEqualTo(1);
        assertThat(plan.check().blockers()).isEmpty();
        assertThat(plan.dryRun().actions()).extracting(a -> a.stepId())
                .contains("swap-code", "hop-5.40.0:swap-code", "hop-5.40.0:migrate-database");
        UpgradeResult r = plan.run();

        assertThat(r.status()).as(r.toJson()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("5.40.0");
        assertThat(Release.installedVersion(site.civicrmCodeDir()).toString()).isEqualTo("5.40.0");
        // both hops' revisions ran: one from 4.7 and one from 5.x
        assertThat(db.queryString("SELECT COUNT(*) FROM " + FakeRelease.revisionTable("4.7.0"))).isEqualTo("1");
        assertThat(db.queryString("SELECT COUNT(*) FROM " + FakeRelease.revisionTable("5.40.0"))).isEqualTo("1");
        assertThat(fake.variable("maintenance_mode")).isEqualTo(maintenanceBefore);
        assertThat(fake.variable("site_frontpage")).isEqualTo(frontBefore);
        // the 4.1 -> 4.7 hop appended the class loader (4.2.beta2); the 4.7 -> 5.40 hop did not append it again
        String settings = java.nio.file.Files.readString(site.civicrmSettingsFile());
        assertThat(settings.split("CRM_Core_ClassLoader::singleton\\(\\)->register\\(\\);", -1)).hasSize(2);
    }

    @Test
    void aFailureInTheSecondHopRollsBothHopsBack(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db, "4.1.0");
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        SiteFingerprint before = SiteFingerprint.of(fake).withoutDrupalCaches();

        UpgradeResult r = Upgrade.of(site).to(release("5.40.0")).via(release("4.7.0"))
                .upgrader(new FakeSchemaUpgrader("5.10.0", 1)).standard().plan().run();

        assertThat(r.status()).as(r.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(r.failureCause().orElseThrow().stepId()).isEqualTo("hop-5.40.0:migrate-database");
        assertThat(before.diff(SiteFingerprint.of(fake).withoutDrupalCaches())).isEmpty();
    }
}
