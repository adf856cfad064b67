package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

@WithTestDatabase
class MaintenanceAndFrontPageTest {
    @TempDir
    Path tmp;

    private static byte[] b(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static Drupal7Adapter adapter(Site site) {
        return (Drupal7Adapter) site.adapter().orElseThrow();
    }

    /** Values real Drupal leaves for an online site: no row, the admin form's i:0;, update.php's b:0;, drush's s:1:"0";. */
    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"i:0;", "b:0;", "s:1:\"0\";", "s:0:\"\";"})
    void anOnlineSiteGoesOfflineWithTheFormsBytesAndComesBackByteForByte(String before, TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().maintenanceMode(before).tablePrefix("d7_").create(tmp, db);
        Site site = Runs.detect(fake, tmp.resolve("work"));
        Drupal7Adapter a = adapter(site);
        assertThat(a.isOffline(site, db.dataSource())).isFalse();
        AtomicReference<byte[]> during = new AtomicReference<>();
        AtomicReference<java.util.List<String>> cacheDuring = new AtomicReference<>();
        UpgradeResult r = Runs.run(site, a.maintenanceOnStep(site), Runs.probe("test.look", c -> {
            during.set(fake.variable("maintenance_mode"));
            cacheDuring.set(fake.cacheIds("cache_bootstrap"));
        }), a.maintenanceOffStep(site));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(during.get()).isEqualTo(b("i:1;"));
        assertThat(cacheDuring.get()).doesNotContain("variables").contains("system_list");
        assertThat(fake.variable("maintenance_mode")).isEqualTo(b(before));
        assertThat(fake.cacheIds("cache_bootstrap")).doesNotContain("variables");
    }

    /** i:1; (admin form), b:1; (update.php) and s:1:"1"; (drush vset) all mean offline: the site stays exactly as it was. */
    @ParameterizedTest
    @ValueSource(strings = {"i:1;", "b:1;", "s:1:\"1\";", "s:3:\"yes\";"})
    void aSiteAlreadyOfflineStaysOfflineWithItsOwnBytes(String before, TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().maintenanceMode(before).create(tmp, db);
        Site site = Runs.detect(fake, tmp.resolve("work"));
        Drupal7Adapter a = adapter(site);
        assertThat(a.isOffline(site, db.dataSource())).isTrue();
        AtomicReference<byte[]> during = new AtomicReference<>();
        UpgradeResult r = Runs.run(site, a.maintenanceOnStep(site),
                Runs.probe("test.look", c -> during.set(fake.variable("maintenance_mode"))), a.maintenanceOffStep(site));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(during.get()).isEqualTo(b(before));
        assertThat(fake.variable("maintenance_mode")).isEqualTo(b(before));
        assertThat(fake.cacheIds("cache_bootstrap")).as("nothing written, so the cache row stays").contains("variables");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"i:0;", "b:0;"})
    void aFailureLaterInTheRunPutsTheExactBytesBack(String before, TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().maintenanceMode(before).create(tmp, db);
        Site site = Runs.detect(fake, tmp.resolve("work"));
        Drupal7Adapter a = adapter(site);
        UpgradeResult r = Runs.run(site, a.maintenanceOnStep(site), a.neutralFrontPageStep(site), Runs.failing());
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(fake.variable("maintenance_mode")).isEqualTo(b(before));
        assertThat(r.compensations()).anyMatch(c -> c.applied() && c.description().contains("maintenance_mode"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"civicrm", "civicrm/dashboard", "civicrm/contribute/transact?reset=1&id=1", "/civicrm/event/info?id=2"})
    void aCivicrmFrontPageIsPointedAtNodeAndRestored(String front, TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().frontPage(front).create(tmp, db);
        Site site = Runs.detect(fake, tmp.resolve("work"));
        Drupal7Adapter a = adapter(site);
        byte[] original = fake.variable("site_frontpage");
        assertThat(a.frontPage(site, db.dataSource())).contains(front);
        AtomicReference<byte[]> during = new AtomicReference<>();
        UpgradeResult r = Runs.run(site, a.neutralFrontPageStep(site),
                Runs.probe("test.look", c -> during.set(fake.variable("site_frontpage"))), a.restoreFrontPageStep(site));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(during.get()).isEqualTo(b("s:4:\"node\";"));
        assertThat(fake.variable("site_frontpage")).isEqualTo(original);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"node", "about-us", "civicrmfoo", "node/1"})
    void anyOtherFrontPageIsLeftAlone(String front, TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().frontPage(front).create(tmp, db);
        Site site = Runs.detect(fake, tmp.resolve("work"));
        Drupal7Adapter a = adapter(site);
        byte[] original = fake.variable("site_frontpage");
        AtomicReference<byte[]> during = new AtomicReference<>();
        UpgradeResult r = Runs.run(site, a.neutralFrontPageStep(site),
                Runs.probe("test.look", c -> during.set(fake.variable("site_frontpage"))), a.restoreFrontPageStep(site));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(during.get()).isEqualTo(original);
        assertThat(fake.variable("site_frontpage")).isEqualTo(original);
    }
}
