package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.php.PhpSerialization;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An extensions folder kept inside the CiviCRM code folder survives the code swap, and a failed run puts everything back. */
@WithTestDatabase
class ExtensionsCarryOverTest {
    @TempDir
    Path tmp;

    private FakeDrupalSite site(TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("5.50.1")
                .extension("org.example.donate", "sites/all/modules/civicrm/extensions", true, List.of("5.0"), List.of())
                .extension("org.example.events", "sites/all/modules/civicrm/extensions", true, List.of(), List.of())
                .create(tmp, db);
        db.update("INSERT INTO civicrm_setting (name, value, domain_id, is_domain) VALUES ('extensionsDir', ?, 1, 1)",
                (Object) PhpSerialization.serialize(PhpValue.Str.of("[civicrm.root]/extensions/")));
        return fake;
    }

    @Test
    void theNewCodeFolderHoldsTheSitesExtensions(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db);
        Path info = fake.civicrmDir().resolve("extensions/org.example.donate/info.xml");
        byte[] before = Files.readAllBytes(info);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        UpgradeResult r = Upgrade.of(site).to(Release.tarball(FakeRelease.of("5.56.1").writeTo(tmp.resolve("dl"))))
                .upgrader(new FakeSchemaUpgrader()).standard().plan().run(e -> { });
        assertThat(r.status()).as("%s", r.toJson()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Drupal7Adapter.codeVersion(fake.civicrmDir())).contains("5.56.1");
        assertThat(Files.readAllBytes(info)).isEqualTo(before);
        assertThat(fake.civicrmDir().resolve("extensions/org.example.events/events.php")).isRegularFile();
        assertThat(r.warnings()).anyMatch(w -> w.contains("Carried the extensions folder extensions over"))
                .noneMatch(w -> w.contains("not carried over") && w.contains("extensions/org.example"));
    }

    @Test
    void aFailedRunAfterTheCarryRestoresTheSiteExactly(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        SiteFingerprint before = SiteFingerprint.of(fake);
        UpgradeResult r = Upgrade.of(site).to(Release.tarball(FakeRelease.of("5.56.1").writeTo(tmp.resolve("dl"))))
                .upgrader(new FakeSchemaUpgrader(FakeSchemaUpgrader.FAIL_AT_FINISH, 1)).standard().plan().run(e -> { });
        assertThat(r.status()).as("%s", r.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(r.warnings()).anyMatch(w -> w.contains("Carried the extensions folder"));
        assertThat(Drupal7Adapter.codeVersion(fake.civicrmDir())).contains("5.50.1");
        String templates = "file:root/" + fake.root().relativize(fake.templatesC()) + "/";
        assertThat(without(SiteFingerprint.of(fake), templates).diff(without(before, templates)))
                .as("differences to the initial site (- now, + before)").isEmpty();
    }

    @Test
    void anExtensionsFolderLinkedIntoTheCodeFolderIsFoundAndCarriedOver(TestDatabase db) throws Exception {
        // extensionsDir names a folder outside the code folder, but it is a symbolic link to one inside it: the swap
        // moves the real folder away with the old code, so the link would lead nowhere
        FakeDrupalSite fake = site(db);
        Path link = fake.siteDir().resolve("files/civicrm/ext-linked");
        Files.createSymbolicLink(link, fake.civicrmDir().resolve("extensions"));
        db.update("UPDATE civicrm_setting SET value = ? WHERE name = 'extensionsDir'",
                (Object) PhpSerialization.serialize(PhpValue.Str.of("[civicrm.files]/ext-linked/")));
        byte[] before = Files.readAllBytes(link.resolve("org.example.donate/info.xml"));
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        var plan = Upgrade.of(site).to(Release.tarball(FakeRelease.of("5.56.1").writeTo(tmp.resolve("dl"))))
                .upgrader(new FakeSchemaUpgrader()).standard().plan();
        assertThat(plan.check().results()).filteredOn(c -> c.id().equals("code.extensions-inside")).singleElement()
                .satisfies(c -> assertThat(c.message()).contains(link.toString(), "symbolic link", "carried over"));
        UpgradeResult r = plan.run(e -> { });
        assertThat(r.status()).as("%s", r.toJson()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Drupal7Adapter.codeVersion(fake.civicrmDir())).contains("5.56.1");
        assertThat(Files.readAllBytes(link.resolve("org.example.donate/info.xml"))).isEqualTo(before);
        assertThat(r.warnings()).anyMatch(w -> w.contains("Carried the extensions folder extensions over"));
    }

    private static SiteFingerprint without(SiteFingerprint f, String folder) {
        SortedMap<String, String> m = new TreeMap<>(f.entries());
        m.keySet().removeIf(k -> k.startsWith(folder) || k.contains("sessions") || k.contains("watchdog") || k.contains("cache_bootstrap"));
        return new SiteFingerprint(m);
    }
}
