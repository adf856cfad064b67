package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.spi.cms.CmsModule;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeModule;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithTestDatabase
class IntegrationModulesTest {
    private static final String SYSTEM_ROWS = "SELECT GROUP_CONCAT(CONCAT_WS('|', filename, name, type, owner, status, bootstrap,"
            + " schema_version, weight, HEX(info)) ORDER BY filename SEPARATOR '\\n') FROM ";

    @TempDir
    Path tmp;

    private FakeDrupalSite fullSite(TestDatabase db) {
        return FakeDrupalSite.builder().tablePrefix("d7_").withBundledIntegrationModules().withContribIntegrationModules()
                .module(FakeModule.contrib("civicrm_custom_report", "Reports", "7.x-1.0", "webform_civicrm"))
                .module(FakeModule.contrib("views_bulk_operations", "Views", "7.x-3.6", "views"))
                .create(tmp, db);
    }

    @Test
    void findsIntegrationModulesByPackageAndByDirectOrTransitiveDependency(TestDatabase db) throws Exception {
        FakeDrupalSite fake = fullSite(db);
        Site site = Site.detect(fake.root());
        List<String> names = adapter(site).integrationModules(site, db.dataSource()).stream().map(CmsModule::name).toList();
        assertThat(names).containsExactlyInAnyOrder("civicrm_contact_ref", "civicrm_engage", "civicrm_group_roles",
                "civicrm_member_roles", "civicrm_og_sync", "civicrm_rules", "civicrmtheme", "webform_civicrm", "civicrm_entity",
                "civicrm_contact_match", "civicrm_custom_report");
        assertThat(names).doesNotContain("civicrm", "webform", "views", "entity", "views_bulk_operations", "og", "rules");
    }

    @Test
    void disablesTheEnabledOnesAsDrupalDoesAndEnablesExactlyThoseAgain(TestDatabase db) {
        FakeDrupalSite fake = fullSite(db);
        Site site = Runs.detect(fake, tmp.resolve("work"));
        Drupal7Adapter a = adapter(site);
        String before = db.queryString(SYSTEM_ROWS + "d7_system");
        AtomicReference<List<String>> enabledDuring = new AtomicReference<>();
        AtomicReference<List<String>> cacheDuring = new AtomicReference<>();
        UpgradeResult r = Runs.run(site, a.disableIntegrationModulesStep(site), Runs.probe("test.look", c -> {
            enabledDuring.set(db.queryColumn("SELECT name FROM d7_system WHERE status = 1 AND type = 'module' ORDER BY name"));
            cacheDuring.set(fake.cacheIds("cache_bootstrap"));
        }), a.reenableIntegrationModulesStep(site, Version.parse("4.5.0")));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(enabledDuring.get()).containsExactly("block", "civicrm", "ctools", "entity", "entity_token", "node", "rules",
                "system", "user", "views", "views_bulk_operations", "webform");
        assertThat(cacheDuring.get()).doesNotContain("bootstrap_modules", "system_list", "module_implements")
                .contains("variables");
        assertThat(db.queryString(SYSTEM_ROWS + "d7_system")).isEqualTo(before);
        assertThat(fake.moduleStatus("civicrm_og_sync")).as("was disabled before, stays disabled").isZero();
    }

    @Test
    void aFailureAfterDisablingEnablesTheSameModulesAgain(TestDatabase db) {
        FakeDrupalSite fake = fullSite(db);
        Site site = Runs.detect(fake, tmp.resolve("work"));
        Drupal7Adapter a = adapter(site);
        String before = db.queryString(SYSTEM_ROWS + "d7_system");
        UpgradeResult r = Runs.run(site, a.maintenanceOnStep(site), a.disableIntegrationModulesStep(site), Runs.failing());
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(db.queryString(SYSTEM_ROWS + "d7_system")).isEqualTo(before);
        assertThat(fake.variable("maintenance_mode")).isNull();
    }

    @Test
    void aFailureAfterReenablingDisablesThemAgainThenRestoresTheStart(TestDatabase db) {
        FakeDrupalSite fake = fullSite(db);
        Site site = Runs.detect(fake, tmp.resolve("work"));
        Drupal7Adapter a = adapter(site);
        String before = db.queryString(SYSTEM_ROWS + "d7_system");
        UpgradeResult r = Runs.run(site, a.disableIntegrationModulesStep(site), a.reenableIntegrationModulesStep(site), Runs.failing());
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(r.compensations()).hasSize(2).allMatch(UpgradeResult.CompensationOutcome::applied);
        assertThat(db.queryString(SYSTEM_ROWS + "d7_system")).isEqualTo(before);
    }

    @Test
    void reportsModulesWhoseConstraintsDoNotFitTheTarget(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().withContribIntegrationModules()
                .module(FakeModule.contrib("civicrm_old_thing", "CiviCRM", "7.x-1.0", "civicrm (<4.5)"))
                .module(FakeModule.contrib("civicrm_four", "CiviCRM", "7.x-1.0", "civicrm (4.x)"))
                .module(new FakeModule("civicrm_d8", "D8", "CiviCRM", "8.x-1.0", "8.x", List.of("civicrm"),
                        "sites/all/modules/civicrm_d8", false, -1))
                .create(tmp, db);
        Site site = Site.detect(fake.root());
        List<String> problems = adapter(site).incompatibleWith(site, db.dataSource(), Version.parse("5.14.0"));
        assertThat(problems).hasSize(3);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("civicrm_old_thing").contains("<4.5"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("civicrm_four").contains("4.x"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("civicrm_d8").contains("8.x"));
        assertThat(adapter(site).incompatibleWith(site, db.dataSource(), Version.parse("4.4.5")))
                .singleElement().asString().contains("civicrm_d8");
    }

    private static Drupal7Adapter adapter(Site site) {
        return (Drupal7Adapter) site.adapter().orElseThrow();
    }
}
