package org.civiupgrade.examples.backdrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.drupal7.Drupal7Adapter;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.PhpCli;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Backdrop example adapter, found on the class path beside the Drupal 7 one, runs core's
 * standard procedure on a Backdrop site (real files, real MariaDB, the real backup, code swap,
 * settings update and database upgrade), and a failure in the database upgrade puts the site back
 * exactly, Backdrop's tables and files included.
 */
@WithTestDatabase
class BackdropUpgradeTest {
    static final String FRONT_PAGE = "civicrm/dashboard";

    @TempDir
    Path tmp;

    private Release release() throws Exception {
        return Release.tarball(FakeRelease.of("4.7.0").file("backdrop/civicrm.module", "<?php\n// CiviCRM 4.7.0 for Backdrop\n")
                .writeTo(tmp.resolve("dl")));
    }

    private UpgradePlan standard(FakeBackdropSite fake, FakeSchemaUpgrader upgrader) throws Exception {
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        return Upgrade.of(site).to(release()).standard().upgrader(upgrader).plan();
    }

    private static String state(TestDatabase db, String name) {
        return db.queryString("SELECT CAST(value AS CHAR) FROM state WHERE name = ?", name);
    }

    /**
     * Every file of the Backdrop root and every table (Backdrop's and CiviCRM's), except what is in
     * CiviCRM's compiled templates folder: the undo of the code swap empties it on purpose
     * (templates compiled by the other code must not be served), and the folder itself stays.
     */
    private static SiteFingerprint fingerprint(FakeBackdropSite fake, TestDatabase db) {
        SiteFingerprint all = SiteFingerprint.builder().files("root", fake.root()).database("db", db.dataSource()).build();
        String compiled = "file:root/" + fake.root().relativize(fake.templatesC()) + "/";
        java.util.SortedMap<String, String> kept = new java.util.TreeMap<>(all.entries());
        kept.keySet().removeIf(k -> k.startsWith(compiled));
        return new SiteFingerprint(kept);
    }

    @Test
    void siteDetectChoosesTheBackdropAdapterAndReadsTheSite(TestDatabase db) throws Exception {
        FakeBackdropSite fake = FakeBackdropSite.create(tmp.resolve("site"), db, "4.4.0", FRONT_PAGE);
        Site site = Site.detect(fake.root());

        assertThat(site.adapter()).containsInstanceOf(BackdropAdapter.class);
        assertThat(site.cmsName()).isEqualTo("Backdrop");
        assertThat(site.cmsVersion()).isEqualTo(FakeBackdropSite.BACKDROP_VERSION);
        assertThat(site.civicrmCodeDir()).isEqualTo(fake.root().resolve("modules/civicrm"));
        assertThat(site.civicrmSettingsFile()).isEqualTo(fake.root().resolve("civicrm.settings.php"));
        assertThat(site.cmsDatabase().database()).isEqualTo(db.name());
        assertThat(site.civicrmDatabase().database()).isEqualTo(db.name());
        assertThat(site.attribute("backdrop.configDir")).contains(fake.configDir().toString());
        assertThat(site.adapter().orElseThrow().filesDirectory(site)).contains(fake.root().resolve("files"));
    }

    @Test
    void openRefusesTwoCopiesOfCiviCRMAndASiteWithoutCiviCRM(TestDatabase db) throws Exception {
        FakeBackdropSite fake = FakeBackdropSite.create(tmp.resolve("site"), db, "4.4.0", FRONT_PAGE);
        Path copy = Files.createDirectories(fake.root().resolve("modules/contrib/civicrm/backdrop"));
        Files.writeString(copy.resolve("civicrm.module"), "<?php\n");
        assertThatThrownBy(() -> Site.detect(fake.root())).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SITE_INVALID);
            assertThat(e.getMessage()).contains("found twice");
            assertThat(e.remedy()).contains("Keep one copy");
        });

        Files.delete(copy.resolve("civicrm.module"));
        Files.delete(fake.root().resolve("civicrm.settings.php"));
        assertThatThrownBy(() -> Site.detect(fake.root())).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.getMessage()).contains("No civicrm.settings.php", "CiviCRM is not installed");
            assertThat(e.getMessage()).doesNotContain(db.coordinates().password().reveal());
        });
    }

    /** PHP itself reads the retargeted settings.php: the scratch database, and still the copy's own configuration folder. */
    @Test
    void aRehearsalCopyIsPointedAtItsScratchDatabase(TestDatabase db) throws Exception {
        Path php = PhpCli.require("a retargeted Backdrop settings.php");
        FakeBackdropSite fake = FakeBackdropSite.create(tmp.resolve("copy"), db, "4.4.0", FRONT_PAGE);
        Site copy = Site.detect(fake.root());
        assertThat(copy.adapter().orElseThrow().retargetsCopies()).isTrue();

        copy.adapter().orElseThrow().retargetCopy(copy, copy.cmsDatabase().withDatabase("civi_scratch_1"));

        Process p = new ProcessBuilder(php.toString(), "-r", "include 'settings.php'; echo $database, \"\\n\","
                + " $config_directories['active'], \"\\n\";").directory(fake.root().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).endsWith("@" + db.coordinates().host() + ":" + db.coordinates().port() + "/civi_scratch_1");
        assertThat(fake.root().resolve(lines.get(1)).normalize()).isEqualTo(fake.configDir());
    }

    @Test
    void theBackdropAdapterLeavesDrupal7SitesToTheDrupal7Adapter(TestDatabase db) throws Exception {
        FakeDrupalSite drupal = FakeDrupalSite.builder().civicrmVersion("4.4.0").create(tmp.resolve("drupal"), db);

        assertThat(new BackdropAdapter().probe(drupal.root())).isEmpty();
        assertThat(Site.detect(drupal.root()).adapter()).containsInstanceOf(Drupal7Adapter.class);
        try (TestDatabase other = db.server().createDatabase()) {
            FakeBackdropSite backdrop = FakeBackdropSite.create(tmp.resolve("backdrop"), other, "4.4.0", FRONT_PAGE);
            assertThat(new Drupal7Adapter().probe(backdrop.root())).isEmpty();
        }
    }

    @Test
    void standardUpgradesTheBackdropSiteAndPutsItsStateBack(TestDatabase db) throws Exception {
        FakeBackdropSite fake = FakeBackdropSite.create(tmp.resolve("site"), db, "4.4.0", FRONT_PAGE);
        UpgradePlan plan = standard(fake, new FakeSchemaUpgrader());
        assertThat(plan.stepIds()).containsSubsequence("backup-database", "backdrop.maintenance-on", "backdrop.front-page-to-node",
                "swap-code", "update-settings", "migrate-database", "backdrop.clear-caches", "backdrop.front-page-restore",
                "backdrop.maintenance-off", "backdrop.post-upgrade-report");

        // what the site looks like while the code is swapped
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        UpgradeResult r = plan.run(e -> {
            if (e instanceof UpgradeEvent.StepStarted s && s.stepId().equals("swap-code")) {
                try {
                    seen.put("offline", List.of(String.valueOf(state(db, "maintenance_mode")),
                            FrontPageStep.read(fake.systemCore()).orElse("?")));
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }
        });

        assertThat(r.status()).as(r.toJson()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(seen.get("offline")).containsExactly("b:1;", "node");
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.7.0");
        assertThat(Release.installedVersion(fake.root().resolve("modules/civicrm")).toString()).isEqualTo("4.7.0");
        assertThat(state(db, "maintenance_mode")).as("the site was online before: no row again").isNull();
        assertThat(FrontPageStep.read(fake.systemCore())).contains(FRONT_PAGE);
        assertThat(db.queryString("SELECT COUNT(*) FROM cache_page")).isEqualTo("0");
        try (var left = Files.list(fake.templatesC())) {
            assertThat(left).as("compiled templates").isEmpty();
        }
        assertThat(r.reportSection("backdrop")).contains("CiviCRM 4.4.0 -> 4.7.0 on Backdrop " + FakeBackdropSite.BACKDROP_VERSION + ".");
    }

    @Test
    void aFailureInTheDatabaseUpgradeRollsTheBackdropSiteBackExactly(TestDatabase db) throws Exception {
        FakeBackdropSite fake = FakeBackdropSite.create(tmp.resolve("site"), db, "4.4.0", FRONT_PAGE);
        SiteFingerprint before = fingerprint(fake, db);

        UpgradeResult r = standard(fake, new FakeSchemaUpgrader("4.6.0", 1)).run();

        assertThat(r.status()).as(r.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(r.failureCause()).hasValueSatisfying(f -> assertThat(f.stepId()).isEqualTo("migrate-database"));
        assertThat(fingerprint(fake, db).diff(before)).as("what the rollback left changed").isEmpty();
        assertThat(r.compensations()).filteredOn(c -> c.stepId().startsWith("backdrop."))
                .extracting(UpgradeResult.CompensationOutcome::stepId)
                .containsExactly("backdrop.front-page-to-node", "backdrop.maintenance-on");
    }

    @Test
    void aSiteThatWasOfflineStaysOffline(TestDatabase db) throws Exception {
        FakeBackdropSite fake = FakeBackdropSite.create(tmp.resolve("site"), db, "4.4.0", "node/1");
        db.update("INSERT INTO state (name, value) VALUES ('maintenance_mode', 'i:1;')");
        Site site = Site.detect(fake.root());
        assertThat(((BackdropAdapter) site.adapter().orElseThrow()).isOffline(site, db.dataSource())).isTrue();

        UpgradeResult r = standard(fake, new FakeSchemaUpgrader()).run();

        assertThat(r.status()).as(r.toJson()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(state(db, "maintenance_mode")).isEqualTo("i:1;");
        assertThat(FrontPageStep.read(fake.systemCore())).contains("node/1");
        assertThat(r.compensations()).filteredOn(c -> c.stepId().startsWith("backdrop.")).isEmpty();
        assertThat(Optional.of(site.cmsVersion())).contains(FakeBackdropSite.BACKDROP_VERSION);
    }
}
