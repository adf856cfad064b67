package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.io.file.PathUtils;
import org.civiupgrade.CheckResult;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Severity;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.settings.SettingsEdits;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@WithTestDatabase
class Drupal7DetectTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(FakeDrupalSite.SettingsStyle.class)
    void detectsTheSiteFromEveryFormOfSettingsPhp(FakeDrupalSite.SettingsStyle style, TestDatabase db) {
        FakeDrupalSite.Builder b = FakeDrupalSite.builder().settingsStyle(style).civicrmVersion("4.4.5");
        if (style != FakeDrupalSite.SettingsStyle.D6_DB_URL) {
            b.tablePrefix("d7_");
        }
        FakeDrupalSite fake = b.create(tmp, db);
        Site site = Site.detect(fake.root());
        assertThat(site.adapter()).containsInstanceOf(Drupal7Adapter.class);
        assertThat(site.cmsName()).isEqualTo("Drupal");
        assertThat(site.cmsVersion()).isEqualTo("7.105");
        assertThat(site.siteName()).isEqualTo("default");
        assertThat(site.civicrmCodeDir()).isEqualTo(fake.civicrmDir());
        assertThat(site.cmsDatabase().database()).isEqualTo(db.name());
        assertThat(site.cmsDatabase().user()).isEqualTo(db.coordinates().user());
        assertThat(site.cmsDatabase().password()).isEqualTo(db.coordinates().password());
        assertThat(site.cmsDatabase().port()).isEqualTo(db.coordinates().port());
        assertThat(site.cmsDatabase().tablePrefix()).isEqualTo(fake.prefix());
        assertThat(site.civicrmDatabase().database()).isEqualTo(db.name());
        assertThat(site.civicrmDatabase().tablePrefix()).isEmpty();
        assertThat(site.attribute("civicrm.codeVersion")).contains("4.4.5");
        assertThat(site.attribute("civicrm.templateCompileDir")).contains(fake.templatesC().toString());
        assertThat(site.toString()).doesNotContain(db.coordinates().password().reveal());
    }

    /** Every kind of civicrm.settings.php that is there but cannot be read: named as such, never "not installed". */
    @ParameterizedTest
    @ValueSource(strings = {"folder", "broken-link", "mode-000"})
    void aSettingsFileThatCannotBeReadIsNamedNotTakenForNoCivicrm(String kind, TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().create(tmp.resolve("site"), db);
        Path file = fake.siteDir().resolve("civicrm.settings.php");
        String why;
        switch (kind) {
            case "folder" -> {
                Files.delete(file);
                Files.createDirectory(file);
                why = "it is a folder";
            }
            case "broken-link" -> {
                Files.delete(file);
                Files.createSymbolicLink(file, tmp.resolve("gone.php"));
                why = "symbolic link to a file that does not exist";
            }
            default -> {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
                org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file),
                        "this user (root) reads a file of mode 000 anyway; the folder and link cases cover the kind");
                why = "permission denied";
            }
        }
        for (java.util.Optional<String> wanted : List.of(java.util.Optional.<String>empty(), java.util.Optional.of("default"))) {
            assertThatThrownBy(() -> Site.detect(fake.root(), wanted.orElse(null)))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.FILE_ERROR);
                        assertThat(e.getMessage()).contains("sites/default/civicrm.settings.php cannot be read", why)
                                .doesNotContain("not installed");
                        assertThat(e.remedy()).contains("permissions");
                    });
        }
    }

    @Test
    void aCodeFolderLinkedInFromOutsideTheTreeIsFound(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.7.31").create(tmp.resolve("site"), db);
        Path outside = Files.createDirectories(tmp.resolve("releases")).resolve("civicrm-4.7.31");
        Files.move(fake.civicrmDir(), outside);
        Files.createSymbolicLink(fake.civicrmDir(), outside);
        Site site = Site.detect(fake.root());
        assertThat(site.civicrmCodeDir()).isEqualTo(fake.civicrmDir());
        assertThat(site.attribute("civicrm.codeVersion")).contains("4.7.31");
    }

    @Test
    void aSeparateLoggingDatabaseIsReadFromTheSettingsWithoutItsPasswordShowing(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().create(tmp, db);
        Path file = fake.siteDir().resolve("civicrm.settings.php");
        SettingsFile settings = SettingsFile.read(file);
        SettingsFile edited = settings.apply(SettingsEdits.setDefine(settings, "CIVICRM_LOGGING_DSN",
                PhpValue.Str.of("mysql://logger:l0g-pass@db.example.org:3307/civi_log?new_link=true")).orElseThrow());
        edited.writeTo(file);
        Site site = Site.detect(fake.root());
        assertThat(site.civicrmLoggingDatabase()).get().satisfies(l -> {
            assertThat(l.database()).isEqualTo("civi_log");
            assertThat(l.host()).isEqualTo("db.example.org");
            assertThat(l.port()).isEqualTo(3307);
        });
        assertThat(site.toString() + site.attributes()).doesNotContain("l0g-pass");

        // the usual "= CIVICRM_DSN" means no separate database
        settings.writeTo(file);
        assertThat(Site.detect(fake.root()).civicrmLoggingDatabase()).isEmpty();
    }

    @Test
    void readsAnArrayPrefix(TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().tablePrefix("main_").prefixAsArray().create(tmp, db);
        assertThat(Site.detect(fake.root()).cmsDatabase().tablePrefix()).isEqualTo("main_");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.2.9", "3.4.8", "4.1.6", "4.7.31", "5.14.0", "5.75.2"})
    void readsTheCodeVersionOfEachEra(String version, TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(version).create(tmp, db);
        assertThat(Site.detect(fake.root()).attribute("civicrm.codeVersion")).contains(version);
    }

    @Test
    void findsCivicrmInAnInstallProfile(TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmDir("profiles/civicrm_starterkit/modules/civicrm").create(tmp, db);
        Site site = Site.detect(fake.root());
        assertThat(site.civicrmCodeDir()).isEqualTo(fake.root().resolve("profiles/civicrm_starterkit/modules/civicrm"));
        assertThat(adapter(site).inspect(site, db.dataSource())).noneMatch(CheckResult::isBlocker);
    }

    @Test
    void aMultisiteInstallNeedsTheSiteNamedAndListsTheChoices(TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().multisite("crm.example.org").create(tmp, db);
        assertThatThrownBy(() -> Site.detect(fake.root())).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SITE_INVALID);
            assertThat(e.getMessage()).contains("crm.example.org, default");
            assertThat(e.remedy()).contains("Site.detect(root, \"crm.example.org\")");
        });
        Site site = Site.detect(fake.root(), "crm.example.org");
        assertThat(site.siteName()).isEqualTo("crm.example.org");
        assertThat(site.siteDir()).isEqualTo(fake.root().resolve("sites/crm.example.org"));
        assertThatThrownBy(() -> Site.detect(fake.root(), "nope.example.org")).hasMessageContaining("crm.example.org, default");
    }

    @Test
    void refusesBackupCopiesOfTheCodeUnderAModulesFolder(TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().strayCopyOfCivicrm("sites/all/modules/civicrm.bak").create(tmp, db);
        assertThatThrownBy(() -> Site.detect(fake.root())).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SITE_INVALID);
            assertThat(e.getMessage()).contains("sites/all/modules/civicrm.bak").contains("*.module");
        });
    }

    @Test
    void refusesCivicrmFoundTwice(TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().strayCopyOfCivicrm("sites/default/modules/civicrm").create(tmp, db);
        assertThatThrownBy(() -> Site.detect(fake.root())).isInstanceOfSatisfying(UpgradeException.class, e ->
                assertThat(e.getMessage()).contains("more than once").contains("sites/all/modules/civicrm")
                        .contains("sites/default/modules/civicrm"));
    }

    @Test
    void refusesAMissingCivicrmModule(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().create(tmp, db);
        PathUtils.deleteDirectory(fake.civicrmDir());
        assertThatThrownBy(() -> Site.detect(fake.root())).isInstanceOfSatisfying(UpgradeException.class, e ->
                assertThat(e.getMessage()).contains("CiviCRM module is missing"));
    }

    @Test
    void refusesOtherDrupalVersionsByName(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().drupalVersion("6.38").create(tmp, db);
        assertThatThrownBy(() -> Site.detect(fake.root())).isInstanceOfSatisfying(UpgradeException.class, e ->
                assertThat(e.getMessage()).contains("Drupal 6.38").contains("only Drupal 7"));
        Path notDrupal = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> Site.detect(notDrupal)).isInstanceOfSatisfying(UpgradeException.class, e ->
                assertThat(e.code()).isEqualTo(ErrorCode.SITE_NOT_RECOGNISED));
    }

    @Test
    void aDisabledCivicrmModuleIsABlockerNamingThePageNotFoundTrap(TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmEnabled(false).create(tmp, db);
        Site site = Site.detect(fake.root());
        List<CheckResult> found = adapter(site).inspect(site, db.dataSource());
        assertThat(found).anySatisfy(c -> {
            assertThat(c.severity()).isEqualTo(Severity.BLOCKER);
            assertThat(c.id()).isEqualTo("drupal7.civicrm-disabled");
            assertThat(c.message()).contains("Page Not Found");
        });
    }

    @Test
    void anEnabledCivicrmModuleAtTheFoundPathPassesInspection(TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().tablePrefix("x_").create(tmp, db);
        Site site = Site.detect(fake.root());
        assertThat(adapter(site).inspect(site, db.dataSource())).singleElement()
                .satisfies(c -> assertThat(c.severity()).isEqualTo(Severity.INFO));
        db.update("UPDATE x_system SET filename = 'sites/all/modules/contrib/civicrm/drupal/civicrm.module' WHERE name = 'civicrm'");
        assertThat(adapter(site).inspect(site, db.dataSource())).anyMatch(c -> c.id().equals("drupal7.civicrm-location") && c.isBlocker());
        db.update("DELETE FROM x_system WHERE name = 'civicrm'");
        assertThat(adapter(site).inspect(site, db.dataSource())).anyMatch(c -> c.id().equals("drupal7.civicrm-module") && c.isBlocker());
    }

    private static Drupal7Adapter adapter(Site site) {
        return (Drupal7Adapter) site.adapter().orElseThrow();
    }
}
