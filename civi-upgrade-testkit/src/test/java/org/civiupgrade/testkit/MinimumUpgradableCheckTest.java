package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Release;
import org.civiupgrade.Severity;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.cv.CvSchemaUpgrader;
import org.civiupgrade.internal.steps.MigrateDatabaseStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database upgrade's check compares the real database version with the release's own minimum
 * upgradable version (its CRM/Upgrade/Form.php), and with the built-in table only when the release
 * declares none, naming both versions, the source and the releases to go through.
 */
@WithTestDatabase
class MinimumUpgradableCheckTest {
    @TempDir
    Path tmp;

    static Path release(Path dir, String version, String declaredMinimum) throws Exception {
        Files.createDirectories(dir);
        Path tgz = dir.resolve("civicrm-" + version + "-drupal.tar.gz");
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("civicrm/xml/version.xml", "<?xml version=\"1.0\" encoding=\"iso-8859-1\" ?>\n<version>\n  <version_no>" + version
                + "</version_no>\n</version>\n");
        if (declaredMinimum != null) {
            files.put("civicrm/CRM/Upgrade/Form.php", "<?php\nclass CRM_Upgrade_Form extends CRM_Core_Form {\n"
                    + "  const QUEUE_NAME = 'CRM_Upgrade';\n  const MINIMUM_UPGRADABLE_VERSION = '" + declaredMinimum + "';\n}\n");
        }
        try (OutputStream out = Files.newOutputStream(tgz);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] b = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(b.length);
                tar.putArchiveEntry(e);
                tar.write(b);
                tar.closeArchiveEntry();
            }
        }
        return tgz;
    }

    List<CheckResult> check(TestDatabase db, String dbVersion, Release release) throws Exception {
        db.execute("CREATE TABLE IF NOT EXISTS civicrm_domain (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(64), "
                + "version varchar(32)) ENGINE=InnoDB", "DELETE FROM civicrm_domain",
                "INSERT INTO civicrm_domain (id, name, version) VALUES (1, 'Default Domain Name', '" + dbVersion + "')");
        Path code = Files.createDirectories(tmp.resolve("drupal/sites/all/modules/civicrm"));
        Site site = Site.builder(tmp.resolve("drupal")).cms("Drupal", "7.105").civicrmCodeDir(code)
                .cmsDatabase(db.coordinates()).workDir(tmp.resolve("work")).build();
        MigrateDatabaseStep step = new MigrateDatabaseStep(new CvSchemaUpgrader(tmp.resolve("no-cv").toString(), Map.of()),
                "cv, given by the test", release.version(), ctx -> null, release.minimumUpgradable().orElse(null));
        return Upgrade.of(site).step(step).acceptRisk(MigrateDatabaseStep.REQUIRES).plan().check().results().stream()
                .filter(r -> r.id().equals("db.minimum-version")).toList();
    }

    @Test
    void aDatabaseBelowTheReleasesOwnMinimumIsABlockerNamingBothVersionsTheSourceAndTheHops(TestDatabase db) throws Exception {
        Release r5501 = Release.tarball(release(tmp.resolve("dl"), "5.50.1", "4.6.12"));
        // 4.5.0 passes the built-in table (4.4.7 from 5.33) but not 5.50.1's own minimum
        assertThat(check(db, "4.5.0", r5501)).singleElement().satisfies(c -> {
            assertThat(c.severity()).isEqualTo(Severity.BLOCKER);
            assertThat(c.message()).contains("5.50.1").contains("4.5.0").contains("4.6.12")
                    .contains("MINIMUM_UPGRADABLE_VERSION in civicrm/CRM/Upgrade/Form.php of civicrm-5.50.1-drupal.tar.gz");
            assertThat(c.remedy()).contains("5.32").contains("4.5.0 -> 5.32 -> 5.50.1");
        });
        assertThat(check(db, "4.6.12", r5501)).singleElement().satisfies(c -> {
            assertThat(c.severity()).isEqualTo(Severity.INFO);
            assertThat(c.message()).contains("at least the minimum upgradable version 4.6.12");
        });
    }

    @Test
    void withoutADeclarationTheTableDecidesAndTheCheckSaysSo(TestDatabase db) throws Exception {
        Release bare = Release.tarball(release(tmp.resolve("dl2"), "5.56.1", null));
        assertThat(check(db, "4.4.0", bare)).singleElement().satisfies(c -> {
            assertThat(c.severity()).isEqualTo(Severity.BLOCKER);
            assertThat(c.message()).contains("4.4.7").contains("table").contains("declares no MINIMUM_UPGRADABLE_VERSION");
        });
        assertThat(check(db, "4.5.0", bare)).singleElement().extracting(CheckResult::severity).isEqualTo(Severity.INFO);
    }
}
