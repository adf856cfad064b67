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
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drupal7.other-sites}: other sites of a multisite install on the same CiviCRM code, with a database of their own. */
@WithTestDatabase
class OtherSitesCheckTest {
    @TempDir
    Path tmp;

    private CheckReport check(FakeDrupalSite fake, String... options) throws IOException {
        Site site = Site.detect(fake.root(), "default").withWorkDir(tmp.resolve("work"));
        Upgrade.Builder b = Upgrade.of(site).to(Release.tarball(FakeRelease.of("4.7.31").writeTo(tmp.resolve("dl")))).offline().online();
        for (int i = 0; i < options.length; i += 2) {
            b.option(options[i], options[i + 1]);
        }
        return b.plan().check();
    }

    private static List<CheckResult> otherSites(CheckReport r) {
        return r.results().stream().filter(c -> c.id().equals("drupal7.other-sites")).toList();
    }

    @Test
    void anotherSiteWithItsOwnDatabaseBlocksAndNamesItsDatabaseVersion(TestDatabase db, TestDatabase other) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().multisite("members.example.org", other, "4.3.9").create(tmp, db);
        Files.writeString(fake.root().resolve("sites/sites.php"), "<?php\n// $sites['old.example.org'] = 'default';\n"
                + "$sites['members.example.com'] = 'members.example.org';\n$sites[\"8080.members.example.org\"] = \"members.example.org\";\n");
        SiteFingerprint before = SiteFingerprint.of(fake);
        CheckReport r = check(fake);
        assertThat(otherSites(r)).singleElement().satisfies(c -> {
            assertThat(c.severity()).isEqualTo(Severity.BLOCKER);
            assertThat(c.message()).contains("sites/members.example.org", other.name(), "CiviCRM database version 4.3.9",
                    "members.example.com", "8080.members.example.org").doesNotContain("old.example.org");
            assertThat(c.remedy()).contains("--option cms.otherSitesOnNewCode=true");
        });
        assertThat(SiteFingerprint.of(fake)).as("a check changes nothing").isEqualTo(before);
    }

    @Test
    void acceptingItWithThePlanOptionMakesItAWarning(TestDatabase db, TestDatabase other) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().multisite("members", other, "4.4.5").create(tmp, db);
        CheckReport r = check(fake, "cms.otherSitesOnNewCode", "true");
        assertThat(otherSites(r)).singleElement().satisfies(c -> {
            assertThat(c.severity()).isEqualTo(Severity.WARNING);
            assertThat(c.message()).contains("sites/members", "4.4.5");
        });
    }

    @Test
    void aSiteOnTheSameDatabaseOrALinkToTheChosenSiteIsNotAnother(TestDatabase db) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().multisite("example.com").create(tmp, db);
        Files.createSymbolicLink(fake.root().resolve("sites/www.example.org"), fake.root().resolve("sites/default"));
        assertThat(otherSites(check(fake))).isEmpty();
    }

    @Test
    void aSiteWithItsOwnCivicrmCodeIsNotAffected(TestDatabase db, TestDatabase other) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().multisite("members", other, "4.4.5").create(tmp, db);
        Path own = fake.root().resolve("sites/members/modules/civicrm");
        Files.createDirectories(own.resolve("drupal"));
        Files.writeString(own.resolve("drupal/civicrm.module"), "<?php\n");
        Path settings = fake.root().resolve("sites/members/civicrm.settings.php");
        String text = Files.readString(settings, StandardCharsets.UTF_8);
        String shared = fake.civicrmDir().toString() + "/";
        assertThat(text).contains("$civicrm_root = '" + shared + "'");
        Files.writeString(settings, text.replace("$civicrm_root = '" + shared + "'", "$civicrm_root = 'sites/members/modules/civicrm/'"));
        assertThat(otherSites(check(fake))).isEmpty();
    }

    @Test
    void aSiteWithoutCivicrmRootUsesTheSharedCodeFolder(TestDatabase db, TestDatabase other) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().multisite("members", other, "4.4.5").create(tmp, db);
        Path settings = fake.root().resolve("sites/members/civicrm.settings.php");
        String text = Files.readString(settings, StandardCharsets.UTF_8);
        Files.writeString(settings, text.replaceAll("\\$civicrm_root = '[^']*';", ""));
        assertThat(otherSites(check(fake))).singleElement().satisfies(c -> assertThat(c.message()).contains("sites/members", "4.4.5"));
    }

    @Test
    void anUnreachableDatabaseIsSaidSoWithoutItsPassword(TestDatabase db, TestDatabase other) throws IOException {
        FakeDrupalSite fake = FakeDrupalSite.builder().multisite("members", other, "4.4.5").create(tmp, db);
        Path settings = fake.root().resolve("sites/members/civicrm.settings.php");
        String password = other.coordinates().password().reveal();
        String text = Files.readString(settings, StandardCharsets.UTF_8);
        assertThat(text).contains(":" + password + "@");
        Files.writeString(settings, text.replace(":" + password + "@", ":Wr0ngSecret-77@"));
        assertThat(otherSites(check(fake))).singleElement().satisfies(c -> {
            assertThat(c.severity()).isEqualTo(Severity.BLOCKER);
            assertThat(c.message()).contains("sites/members", "database version unreadable", "Access denied")
                    .doesNotContain("Wr0ngSecret-77");
        });
    }
}
