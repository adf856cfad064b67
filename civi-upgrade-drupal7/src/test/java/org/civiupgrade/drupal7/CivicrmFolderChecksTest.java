package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.CheckReport;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Release;
import org.civiupgrade.Severity;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.php.PhpSerialization;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * check() on CiviCRM's folders and extensions: {@code settings.moved-paths}, {@code code.extensions-inside},
 * {@code extensions.compatibility}, on fake Drupal 7 sites in real MariaDB.
 */
@WithTestDatabase
class CivicrmFolderChecksTest {
    @TempDir
    Path tmp;

    private CheckReport check(FakeDrupalSite fake, String target) throws IOException {
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        return Upgrade.of(site).to(Release.tarball(FakeRelease.of(target).writeTo(tmp.resolve("dl")))).offline().online().plan().check();
    }

    private static List<CheckResult> only(CheckReport r, String id) {
        return r.results().stream().filter(c -> c.id().equals(id)).toList();
    }

    private static void setting(TestDatabase db, String name, String value) {
        db.update("INSERT INTO civicrm_setting (name, value, domain_id, is_domain) VALUES (?, ?, 1, 1)", name,
                PhpSerialization.serialize(PhpValue.Str.of(value)));
    }

    private static void appendSettings(FakeDrupalSite fake, String php) throws IOException {
        Path f = fake.siteDir().resolve("civicrm.settings.php");
        String text = Files.readString(f, StandardCharsets.UTF_8);
        int at = text.indexOf("require_once 'CRM/Core/ClassLoader.php';");
        Files.writeString(f, at < 0 ? text + "\n" + php + "\n" : text.substring(0, at) + php + "\n" + text.substring(at));
    }

    // ------------------------------------------------------------------ moved paths

    @Test
    void aSiteFreshlyMadeHasNoMovedPaths(TestDatabase db) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("5.50.1").create(tmp, db);
        assertThat(only(check(fake, "5.56.1"), "settings.moved-paths")).isEmpty();
    }

    @Test
    void folderSettingsOfAnotherHostAreReportedWithWhereTheyAreSet(TestDatabase db) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("5.50.1").create(tmp, db);
        setting(db, "customFileUploadDir", "/home/oldhost/public_html/civicrm_custom/files/");
        setting(db, "customPHPPathDir", "/home/oldhost/public_html/civicrm_custom/php/"); // the settings file's override wins
        setting(db, "imageUploadDir", "[civicrm.files]/persist/contribute/"); // a token path that exists: fine
        setting(db, "uploadDir", "[cms.root]/sites/old.example.org/files/civicrm/upload/");
        appendSettings(fake, "$civicrm_setting['domain']['customTemplateDir'] = '/var/www/old-site/civicrm_templates/';");
        SiteFingerprint before = SiteFingerprint.of(fake);
        List<CheckResult> found = only(check(fake, "5.56.1"), "settings.moved-paths");
        assertThat(found).allMatch(c -> c.severity() == Severity.WARNING).hasSize(3);
        assertThat(found).anySatisfy(c -> assertThat(c.message()).contains("customFileUploadDir", "civicrm_setting 'customFileUploadDir'",
                "/home/oldhost/public_html/civicrm_custom/files/"));
        assertThat(found).noneMatch(c -> c.message().contains("customPHPPathDir"));
        assertThat(found).anySatisfy(c -> assertThat(c.message()).contains("uploadDir", "civicrm_setting",
                fake.root().resolve("sites/old.example.org/files/civicrm/upload").toString()));
        assertThat(found).anySatisfy(c -> assertThat(c.message()).contains("customTemplateDir", "civicrm.settings.php line",
                "$civicrm_setting['domain']['customTemplateDir']"));
        assertThat(found).noneMatch(c -> c.message().contains("imageUploadDir"));
        assertThat(SiteFingerprint.of(fake)).as("a check changes nothing").isEqualTo(before);
    }

    @Test
    void aCivicrmRootFromAnotherHostPointsAtTheRepairOption(TestDatabase db) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("5.50.1").create(tmp, db);
        Path f = fake.siteDir().resolve("civicrm.settings.php");
        String text = Files.readString(f, StandardCharsets.UTF_8);
        String root = fake.civicrmDir() + "/";
        assertThat(text).contains("'" + root + "'");
        Files.writeString(f, text.replace("'" + root + "'", "'/home/oldhost/www/sites/all/modules/civicrm/'"));
        List<CheckResult> found = only(check(fake, "5.56.1"), "settings.moved-paths");
        assertThat(found).anySatisfy(c -> {
            assertThat(c.message()).contains("$civicrm_root", "/home/oldhost/www/sites/all/modules/civicrm/");
            assertThat(c.remedy()).contains("--option settings.fixMovedPaths=true", fake.civicrmDir() + "/");
        });
    }

    // ------------------------------------------------------------------ extensions inside the code folder

    @Test
    void anExtensionsFolderInsideTheCodeFolderIsReportedAsCarriedOver(TestDatabase db) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("5.50.1")
                .extension("org.example.donate", "sites/all/modules/civicrm/extensions", true, List.of("5.0"), List.of())
                .create(tmp, db);
        setting(db, "extensionsDir", "[civicrm.root]/extensions/");
        List<CheckResult> found = only(check(fake, "5.56.1"), "code.extensions-inside");
        assertThat(found).singleElement().satisfies(c -> {
            assertThat(c.severity()).isEqualTo(Severity.WARNING);
            assertThat(c.message()).contains("org.example.donate", fake.civicrmDir().resolve("extensions").toString(), "civicrm_setting",
                    "carried over");
            assertThat(c.remedy()).contains(fake.siteDir().resolve("files/civicrm/ext").toString(), "extensionsDir");
        });
    }

    @Test
    void anExtensionsFolderInsideTheCodeFolderSetInTheSettingsFileIsFoundToo(TestDatabase db) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("5.50.1")
                .extension("org.example.donate", "sites/all/modules/civicrm/ext-local", true, List.of(), List.of())
                .create(tmp, db);
        appendSettings(fake, "$civicrm_setting['Directory Preferences']['extensionsDir'] = '[cms.root]/sites/all/modules/civicrm/ext-local';");
        assertThat(only(check(fake, "5.56.1"), "code.extensions-inside")).singleElement()
                .satisfies(c -> assertThat(c.message()).contains("civicrm.settings.php line"));
    }

    @Test
    void extensionsKeptInTheReleasesOwnExtFolderBlock(TestDatabase db) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("5.50.1")
                .extension("org.example.donate", "sites/all/modules/civicrm/ext", true, List.of(), List.of())
                .create(tmp, db);
        setting(db, "extensionsDir", "[civicrm.root]/ext");
        assertThat(only(check(fake, "5.56.1"), "code.extensions-inside")).singleElement().satisfies(c -> {
            assertThat(c.severity()).isEqualTo(Severity.BLOCKER);
            assertThat(c.message()).contains("org.example.donate", "(ext/)", "cannot be carried over");
        });
    }

    @Test
    void theDefaultExtensionsFolderIsOutsideTheCode(TestDatabase db) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("5.50.1")
                .extension("org.example.donate", null, true, List.of("5.0"), List.of()).create(tmp, db);
        assertThat(only(check(fake, "5.56.1"), "code.extensions-inside")).isEmpty();
    }

    // ------------------------------------------------------------------ extension compatibility

    @Test
    void enabledExtensionsTheTargetDoesNotMeetAreWarnedAbout(TestDatabase db) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("5.50.1")
                .extension("org.example.newer", null, true, List.of("5.60"), List.of())
                .extension("org.example.old", null, true, List.of("4.6"), List.of())
                .extension("org.example.fine", null, true, List.of("5.28"), List.of())
                .extension("org.example.forward", null, true, List.of("4.7"), List.of())
                .extension("org.example.disabled", null, false, List.of("5.99"), List.of())
                .extension("org.example.needy", null, true, List.of(), List.of("org.example.disabled", "org.example.fine"))
                .create(tmp, db);
        List<CheckResult> found = only(check(fake, "5.56.1"), "extensions.compatibility");
        assertThat(found).allMatch(c -> c.severity() == Severity.WARNING);
        assertThat(found).extracting(c -> c.message().substring(0, c.message().indexOf(" (")))
                .containsExactlyInAnyOrder("The enabled extension org.example.newer", "The enabled extension org.example.old",
                        "The enabled extension org.example.needy");
        assertThat(found).anySatisfy(c -> {
            assertThat(c.message()).contains("org.example.newer", "5.60", "not 5.56");
            assertThat(c.remedy()).contains("cv ext:disable org.example.newer");
        });
        assertThat(found).anySatisfy(c -> assertThat(c.message()).contains("org.example.needy", "requires the extension org.example.disabled")
                .doesNotContain("org.example.fine,"));
    }

    @Test
    void extensionsShippedInTheCodeFolderAreNotReported(TestDatabase db) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("5.50.1")
                .extension("sequentialcreditnotes", "sites/all/modules/civicrm/ext", true, List.of("5.50"), List.of()).create(tmp, db);
        CheckReport r = check(fake, "5.56.1");
        assertThat(only(r, "extensions.compatibility")).isEmpty();
        assertThat(only(r, "code.extensions-inside")).isEmpty();
    }

    @Test
    void anUnreadableInfoXmlIsSaidSo(TestDatabase db) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("5.50.1")
                .extension("org.example.broken", null, true, List.of("5.0"), List.of()).create(tmp, db);
        Files.writeString(fake.siteDir().resolve("files/civicrm/ext/org.example.broken/info.xml"), "<extension key=\"org.example.broken\">");
        assertThat(only(check(fake, "5.56.1"), "extensions.compatibility")).singleElement()
                .satisfies(c -> assertThat(c.message()).contains("org.example.broken", "info.xml"));
    }
}
