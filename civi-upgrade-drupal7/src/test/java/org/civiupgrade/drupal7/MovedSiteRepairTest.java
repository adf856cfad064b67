package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.php.PhpSerialization;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The opt-in repair of a site moved from another host ({@code --option settings.fixMovedPaths=true}), its result and its undo. */
@WithTestDatabase
class MovedSiteRepairTest {
    private static final String OLD = "/home/oldhost/public_html";

    @TempDir
    Path tmp;

    /** A 4.4 site copied from {@link #OLD}: $civicrm_root, folder settings in the database and in civicrm.settings.php still name the old place. */
    private FakeDrupalSite movedSite(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.5").create(tmp, db);
        Path settings = fake.siteDir().resolve("civicrm.settings.php");
        String text = Files.readString(settings, StandardCharsets.UTF_8);
        String root = fake.civicrmDir() + "/";
        assertThat(text).contains("'" + root + "'");
        text = text.replace("'" + root + "'", "'" + OLD + "/sites/all/modules/civicrm/'");
        int at = text.indexOf("require_once 'CRM/Core/ClassLoader.php';");
        text = text.substring(0, at) + "global $civicrm_setting;\n$civicrm_setting['Directory Preferences']['customTemplateDir'] = '"
                + OLD + "/civicrm-templates/';\n" + text.substring(at);
        Files.writeString(settings, text);
        Files.createDirectories(fake.root().resolve("civicrm-templates"));
        Files.writeString(fake.root().resolve("civicrm-templates/README"), "custom templates\n");
        for (String[] s : List.of(new String[] {"uploadDir", OLD + "/sites/default/files/civicrm/upload/"},
                new String[] {"customPHPPathDir", OLD + "/php-gone/"})) {
            db.update("INSERT INTO civicrm_setting (group_name, name, value, domain_id, is_domain) VALUES ('Directory Preferences', ?, ?, 1, 1)",
                    s[0], PhpSerialization.serialize(PhpValue.Str.of(s[1])));
        }
        return fake;
    }

    private static String dbValue(TestDatabase db, String name) {
        return ((PhpValue.Str) PhpSerialization.unserialize(db.queryBytes("SELECT value FROM civicrm_setting WHERE name = ?", name))).text();
    }

    @Test
    void theRepairRewritesWhatHasASafeReplacementAndTheCheckThenOnlyReportsTheRest(TestDatabase db) throws Exception {
        FakeDrupalSite fake = movedSite(db);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        Path tarball = FakeRelease.of("4.7.31").writeTo(tmp.resolve("dl"));
        List<CheckResult> before = Upgrade.of(site).to(Release.tarball(tarball)).standard().plan().check().results().stream()
                .filter(c -> c.id().equals("settings.moved-paths")).toList();
        assertThat(before).extracting(c -> c.message().substring(0, c.message().indexOf(' ')))
                .containsExactlyInAnyOrder("$civicrm_root", "customTemplateDir", "uploadDir", "customPHPPathDir");
        assertThat(before).filteredOn(c -> !c.message().startsWith("customPHPPathDir"))
                .allSatisfy(c -> assertThat(c.remedy()).contains("--option settings.fixMovedPaths=true"));

        UpgradeResult r = Upgrade.of(site).to(Release.tarball(tarball)).upgrader(new FakeSchemaUpgrader()).standard()
                .option("settings.fixMovedPaths", "true").plan().run(e -> { });
        assertThat(r.status()).as("%s", r.toJson()).isEqualTo(RunStatus.SUCCEEDED);
        SettingsFile s = SettingsFile.read(fake.siteDir().resolve("civicrm.settings.php"));
        assertThat(s.civicrmRoot()).contains(fake.civicrmDir() + "/");
        assertThat(s.setting("Directory Preferences", "customTemplateDir")).contains(PhpValue.Str.of(fake.root().resolve("civicrm-templates") + "/"));
        assertThat(dbValue(db, "uploadDir")).isEqualTo("[civicrm.files]/upload/");
        assertThat(dbValue(db, "customPHPPathDir")).as("no safe replacement: left as it was").isEqualTo(OLD + "/php-gone/");

        List<CheckResult> after = Upgrade.of(site).to(Release.tarball(FakeRelease.of("4.7.32").writeTo(tmp.resolve("dl2")))).standard()
                .plan().check().results().stream().filter(c -> c.id().equals("settings.moved-paths")).toList();
        assertThat(after).singleElement().satisfies(c -> {
            assertThat(c.message()).startsWith("customPHPPathDir");
            assertThat(c.remedy()).doesNotContain("fixMovedPaths");
        });
    }

    @Test
    void aFailedRunAfterTheRepairPutsEverySettingBackExactly(TestDatabase db) throws Exception {
        FakeDrupalSite fake = movedSite(db);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        SiteFingerprint before = SiteFingerprint.of(fake);
        byte[] settingsBefore = Files.readAllBytes(fake.siteDir().resolve("civicrm.settings.php"));
        UpgradeResult r = Upgrade.of(site).to(Release.tarball(FakeRelease.of("4.7.31").writeTo(tmp.resolve("dl"))))
                .upgrader(new FakeSchemaUpgrader(FakeSchemaUpgrader.FAIL_AT_FINISH, 1)).standard()
                .option("settings.fixMovedPaths", "true").plan().run(e -> { });
        assertThat(r.status()).as("%s", r.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(r.steps()).anyMatch(st -> st.stepId().equals("settings.fix-moved-paths"));
        assertThat(r.compensations()).anyMatch(c -> c.description().contains("restore CiviCRM's setting uploadDir"));
        assertThat(Files.readAllBytes(fake.siteDir().resolve("civicrm.settings.php"))).isEqualTo(settingsBefore);
        String templates = "file:root/" + fake.root().relativize(fake.templatesC()) + "/";
        assertThat(without(SiteFingerprint.of(fake), templates).diff(without(before, templates)))
                .as("differences to the initial site (- now, + before)").isEmpty();
    }

    private static SiteFingerprint without(SiteFingerprint f, String folder) {
        SortedMap<String, String> m = new TreeMap<>(f.entries());
        m.keySet().removeIf(k -> k.startsWith(folder) || k.contains("sessions") || k.contains("watchdog") || k.contains("cache_bootstrap"));
        return new SiteFingerprint(m);
    }
}
