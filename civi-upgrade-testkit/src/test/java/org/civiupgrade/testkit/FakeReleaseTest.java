package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.civiupgrade.Release;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeReleaseTest {
    @TempDir
    Path tmp;

    @Test
    void eachEraCarriesItsVersionFileAndLayout() throws Exception {
        Release r33 = Release.tarball(FakeRelease.of("3.3.5").writeTo(tmp));
        Release r44 = Release.tarball(FakeRelease.of("4.4.5").writeTo(tmp));
        Release r514 = Release.tarball(FakeRelease.of("5.14.0").writeTo(tmp));
        assertThat(r33.versionFile()).isEqualTo("civicrm-version.txt");
        assertThat(r44.versionFile()).isEqualTo("civicrm-version.php");
        assertThat(r514.versionFile()).isEqualTo("xml/version.xml");
        assertThat(r514.version()).hasToString("5.14.0");
        Release r545 = Release.tarball(FakeRelease.of("5.45.2").writeTo(tmp));
        assertThat(r545.version()).hasToString("5.45.2");
        assertThat(new String(FakeRelease.of("5.45.2").contents().get("civicrm-version.php"))).doesNotContain("5.45.2");
        assertThat(r44.path().getFileName()).hasToString("civicrm-4.4.5-drupal.tar.gz");
        assertThat(FakeRelease.of("5.14.0").contents()).containsKeys("drupal/civicrm.info", "drupal/civicrm.module",
                "drupal/modules/civicrm_rules/civicrm_rules.info", "civicrm.config.php", "vendor/autoload.php",
                "ext/sequentialcreditnotes/info.xml", "CRM/Upgrade/Incremental/sql/5.14.0.mysql.tpl",
                "CRM/Upgrade/Incremental/sql/4.7.0.mysql.tpl");
        assertThat(new String(FakeRelease.of("5.14.0").contents().get("drupal/civicrm.info"))).contains("version = 7.x-5.14.0");
        assertThat(new String(FakeRelease.of("4.4.5").contents().get("drupal/civicrm.info"))).contains("version = 4.4.5");
        assertThat(FakeRelease.of("4.4.5").contents()).doesNotContainKeys("xml/version.xml", "vendor/autoload.php")
                .containsKeys("CRM/Upgrade/Incremental/sql/4.4.5.mysql.tpl", "CRM/Upgrade/Incremental/sql/4.4.0.mysql.tpl");
    }

    @Test
    void realisticScaleHoldsTensOfThousandsOfFiles() throws Exception {
        long t0 = System.nanoTime();
        Path tgz = FakeRelease.of("5.14.0").realisticScale().writeTo(tmp);
        long built = System.nanoTime();
        Release r = Release.tarball(tgz);
        long read = System.nanoTime();
        assertThat(r.entries()).isGreaterThan(30_000);
        System.out.printf("realistic fake release: %d entries, %d bytes; built in %d ms, inspected in %d ms%n",
                r.entries(), r.bytes(), (built - t0) / 1_000_000, (read - built) / 1_000_000);
    }
}
