package org.civiupgrade.examples.cms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.civiupgrade.CheckReport;
import org.civiupgrade.CheckResult;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Core builds the CMS steps of {@code standard()} from the capabilities of any adapter, here one
 * for a CMS that keeps its state in files ({@link FolderCms}) and contributes no steps itself:
 * they are planned at their stages around the real backup, code swap, settings update and
 * database upgrade, they run in order, and a failure after them puts every file back.
 */
@WithTestDatabase
class CapabilityProcedureTest {
    /** The standard procedure for the folder CMS with the MySQL module. */
    static final List<String> STANDARD_STEPS = List.of("backup-database", "folder.maintenance-on", "folder.front-page-neutral",
            "folder.disable-modules", "swap-code", "update-settings", "migrate-database", "folder.clear-caches",
            "folder.reenable-modules", "folder.front-page-restore", "folder.maintenance-off", "folder.post-upgrade-report");
    static final String MODULES = "civicrm=enabled\nwebform_civicrm=enabled\ncivicrm_rules=disabled\nviews_civicrm=enabled\n";

    @TempDir
    Path tmp;

    private Site site(TestDatabase db, String modules) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").create(tmp.resolve("site"), db);
        Path cms = Files.createDirectories(fake.root().resolve("cms"));
        Files.writeString(cms.resolve("maintenance"), "off");
        Files.writeString(cms.resolve("front-page"), "civicrm/dashboard");
        Files.writeString(cms.resolve("modules"), modules);
        Files.createDirectories(cms.resolve("cache"));
        Files.writeString(cms.resolve("cache/page-1"), "cached");
        Files.writeString(cms.resolve("cache/page-2"), "cached");
        return new FolderCms(fake.siteDir(), fake.civicrmDir(), db.coordinates()).open(fake.root(), Optional.empty())
                .withWorkDir(tmp.resolve("work"));
    }

    private UpgradePlan standard(Site site, FakeSchemaUpgrader upgrader) throws Exception {
        Release release = Release.tarball(FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl")));
        return Upgrade.of(site).to(release).upgrader(upgrader).standard().plan();
    }

    /** Every file of the CMS folder and its bytes. */
    private static Map<String, String> cmsFiles(Site site) throws Exception {
        Map<String, String> out = new TreeMap<>();
        Path cms = FolderCms.cms(site);
        try (var files = Files.walk(cms)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(cms.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void standardPlansTheCapabilityStepsAtTheirStagesAndRunsThemInOrder(TestDatabase db) throws Exception {
        Site site = site(db, MODULES);
        UpgradePlan plan = standard(site, new FakeSchemaUpgrader());
        assertThat(plan.stepIds()).containsExactlyElementsOf(STANDARD_STEPS);

        // the CMS state each step finds when it starts
        Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
        UpgradeResult r = plan.run(e -> {
            if (e instanceof UpgradeEvent.StepStarted s) {
                try {
                    seen.put(s.stepId(), cmsFiles(site));
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }
        });

        assertThat(r.status()).as(r.toJson()).isEqualTo(RunStatus.SUCCEEDED);
        Map<String, String> offline = seen.get("swap-code");
        assertThat(offline).containsEntry("maintenance", "on").containsEntry("front-page", "home")
                .containsEntry("modules", "civicrm=enabled\nwebform_civicrm=disabled\ncivicrm_rules=disabled\nviews_civicrm=disabled\n")
                .containsKeys("cache/page-1", "cache/page-2");
        assertThat(seen.get("folder.reenable-modules")).doesNotContainKeys("cache/page-1", "cache/page-2")
                .containsEntry("maintenance", "on");
        assertThat(cmsFiles(site)).containsExactlyInAnyOrderEntriesOf(Map.of("maintenance", "off", "front-page", "civicrm/dashboard",
                "modules", MODULES));
        assertThat(r.reportSection("folder")).containsExactly("Upgraded from 4.4.0 to 4.7.0.",
                "Modules: civicrm=enabled webform_civicrm=enabled civicrm_rules=disabled views_civicrm=enabled");
    }

    @Test
    void aFailureAfterTheOfflineStagePutsEveryCmsFileBack(TestDatabase db) throws Exception {
        Site site = site(db, MODULES);
        Map<String, String> before = cmsFiles(site);
        UpgradeResult r = standard(site, new FakeSchemaUpgrader(FakeSchemaUpgrader.FAIL_AT_FINISH, 1)).run();

        assertThat(r.status()).as(r.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(r.failureCause()).hasValueSatisfying(f -> assertThat(f.stepId()).isEqualTo("migrate-database"));
        assertThat(cmsFiles(site)).isEqualTo(before);
        // the three offline changes were undone, the last one first
        assertThat(r.compensations()).filteredOn(c -> c.stepId().startsWith("folder."))
                .extracting(UpgradeResult.CompensationOutcome::stepId)
                .containsExactly("folder.disable-modules", "folder.front-page-neutral", "folder.maintenance-on");
        assertThat(r.compensations()).filteredOn(c -> c.stepId().startsWith("folder."))
                .allSatisfy(c -> assertThat(c.applied()).as(c.description()).isTrue());
    }

    @Test
    void theCheckHasTheAdaptersFindingsAndTheWritableFoldersWhenTheWebServerUserIsGiven(TestDatabase db) throws Exception {
        Site site = site(db, MODULES.replace("civicrm=enabled", "civicrm=disabled"));
        Release release = Release.tarball(FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl")));

        CheckReport without = Upgrade.of(site).to(release).offline().online().plan().check();
        assertThat(without.results()).anyMatch(c -> c.isBlocker() && c.id().equals("folder.civicrm-disabled"));
        assertThat(without.results()).noneMatch(c -> c.id().startsWith("folder.writable"));

        CheckReport with = Upgrade.of(site).to(release).option(PlanOptions.WEB_SERVER_USER, "www-data").offline().online()
                .plan().check();
        assertThat(with.results()).filteredOn(c -> c.id().equals("folder.writable.files")).singleElement()
                .satisfies(c -> assertThat(c.message()).contains("does not exist"));

        // a clean site: informational findings are left out of the check
        Files.writeString(FolderCms.cms(site).resolve("modules"), MODULES);
        assertThat(Upgrade.of(site).to(release).offline().online().plan().check().results())
                .extracting(CheckResult::id).doesNotContain("folder.civicrm-enabled", "folder.civicrm-disabled");
    }

    @Test
    void anAdapterWithoutTheCapabilitiesIsRefusedNamingTheInterfaceAndTheStage(TestDatabase db) throws Exception {
        Site folder = site(db, MODULES);
        CmsAdapter bare = new CmsAdapter() {
            @Override
            public String name() {
                return "bare";
            }

            @Override
            public OptionalInt probe(Path root) {
                return OptionalInt.empty();
            }

            @Override
            public Site open(Path root, Optional<String> siteName) {
                return Site.builder(root).cms("Bare", "1").siteDir(folder.siteDir()).civicrmCodeDir(folder.civicrmCodeDir())
                        .civicrmSettingsFile(folder.civicrmSettingsFile()).cmsDatabase(db.coordinates()).adapter(this).build();
            }
        };
        Site site = bare.open(folder.root(), Optional.empty()).withWorkDir(tmp.resolve("work"));

        assertThatThrownBy(() -> standard(site, new FakeSchemaUpgrader()))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PLAN_INVALID);
                    assertThat(e.getMessage()).contains("offline()", "'bare'", "org.civiupgrade.spi.cms.MaintenanceModeSupport", "OFFLINE");
                    assertThat(e.remedy()).contains("Implement MaintenanceModeSupport");
                });
        assertThatThrownBy(() -> Upgrade.of(site).to(Release.tarball(FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl2"))))
                .clearCaches().plan())
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.getMessage())
                        .contains("clearCaches()", "org.civiupgrade.spi.cms.CacheSupport", "CLEAR_CACHES"));
        // a site without any adapter is told how to get one
        Site noAdapter = Site.builder(folder.root()).cms("Bare", "1").siteDir(folder.siteDir()).civicrmCodeDir(folder.civicrmCodeDir())
                .civicrmSettingsFile(folder.civicrmSettingsFile()).cmsDatabase(db.coordinates()).build().withWorkDir(tmp.resolve("work"));
        assertThatThrownBy(() -> Upgrade.of(noAdapter).to(Release.tarball(FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl3"))))
                .online().plan())
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.getMessage()).contains("no CMS adapter", "MaintenanceModeSupport", "ONLINE");
                    assertThat(e.remedy()).contains("Site.detect(root)");
                });
    }
}
