package org.civiupgrade.internal.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Release;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ReleaseTest {
    @TempDir
    Path tmp;

    public static final String PHP_44 = "<?php\nfunction civicrmVersion( ) {\n  return array( 'version'  => '4.4.5',\n"
            + "                'cms'      => 'Drupal',\n                'revision' => '49203' );\n}\n";
    static final String XML_514 = "<?xml version=\"1.0\" encoding=\"iso-8859-1\" ?>\n<version>\n  <version_no>5.14.0</version_no>\n</version>\n";

    @Test
    void readsTheVersionOfEachEra() throws Exception {
        Path v5 = tmp.resolve("civicrm-5.14.0-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(v5)) {
            // a 5.x civicrm-version.php no longer holds a literal; version.xml wins anyway
            t.dir("civicrm", 0755).file("civicrm/civicrm-version.php", PHP_44.replace("4.4.5", "9.9.9"))
                    .file("civicrm/xml/version.xml", XML_514);
        }
        Path v4 = tmp.resolve("civicrm-4.4.5-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(v4)) {
            t.dir("civicrm", 0755).file("civicrm/civicrm-version.php", PHP_44);
        }
        Path v2 = tmp.resolve("civicrm-2.2.9-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(v2)) {
            t.dir("civicrm", 0755).file("civicrm/civicrm-version.txt", "2.2.9 Drupal PHP5\n");
        }
        assertThat(Release.tarball(v5).version()).isEqualTo(Version.parse("5.14.0"));
        assertThat(Release.tarball(v5).versionFile()).isEqualTo("xml/version.xml");
        assertThat(Release.tarball(v4).version()).isEqualTo(Version.parse("4.4.5"));
        assertThat(Release.tarball(v2).version()).isEqualTo(Version.parse("2.2.9"));
        assertThat(Release.tarball(v2).entries()).isEqualTo(2);
    }

    @Test
    void readsTheInstalledCodeFolderVersion() throws Exception {
        Path code = Files.createDirectories(tmp.resolve("civicrm"));
        assertThat(Release.readInstalledVersion(code)).isEmpty();
        assertThatThrownBy(() -> Release.installedVersion(code)).isInstanceOfSatisfying(UpgradeException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SITE_INVALID));
        Files.writeString(code.resolve("civicrm-version.php"), PHP_44);
        assertThat(Release.installedVersion(code)).isEqualTo(Version.parse("4.4.5"));
    }

    @Test
    void checksTheSha256() throws Exception {
        Path tgz = tmp.resolve("civicrm-4.4.5-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            t.file("civicrm/civicrm-version.php", PHP_44);
        }
        String sha = MoreFiles.asByteSource(tgz).hash(Hashing.sha256()).toString();
        assertThat(Release.tarball(tgz, sha.toUpperCase()).version()).hasToString("4.4.5");
        String wrong = "0".repeat(64);
        assertThatThrownBy(() -> Release.tarball(tgz, wrong)).isInstanceOfSatisfying(UpgradeException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RELEASE_INVALID)).hasMessageContaining(sha);
    }

    @Test
    void refusesAnArchiveWithoutTheSingleTopFolderCivicrm() throws Exception {
        Path tgz = tmp.resolve("wrong.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            t.file("civicrm/civicrm-version.php", PHP_44).file("README.txt", "x");
        }
        assertThatThrownBy(() -> Release.tarball(tgz)).isInstanceOf(UpgradeException.class)
                .hasMessageContaining("single top folder 'civicrm/'").hasMessageContaining("'README.txt'");
    }

    @Test
    void refusesAnArchiveWithoutVersionOrNotATarball() throws Exception {
        Path tgz = tmp.resolve("noversion.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            t.file("civicrm/CRM/Core/Config.php", "<?php");
        }
        assertThatThrownBy(() -> Release.tarball(tgz)).hasMessageContaining("no readable code version");
        Path junk = Files.writeString(tmp.resolve("junk.tar.gz"), "<html>404 Not Found</html>");
        assertThatThrownBy(() -> Release.tarball(junk)).isInstanceOfSatisfying(UpgradeException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RELEASE_INVALID)).hasMessageContaining("not a readable .tar.gz");
        assertThatThrownBy(() -> Release.tarball(tmp.resolve("missing.tar.gz"))).hasMessageContaining("does not exist");
    }

    @Test
    void refusesUnsafeArchivesAtInspection() throws Exception {
        Path tgz = tmp.resolve("evil.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            t.file("civicrm/civicrm-version.php", PHP_44).file("civicrm/../../x.php", "x");
        }
        assertThatThrownBy(() -> Release.tarball(tgz)).hasMessageContaining("climbs out");
    }

    @Test
    void refusesDowngradesAndSameVersionUnlessAllowed() throws Exception {
        Path tgz = tmp.resolve("civicrm-4.4.5-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            t.file("civicrm/civicrm-version.php", PHP_44);
        }
        Release r = Release.tarball(tgz);
        assertThatCode(() -> r.checkUpgradeFrom(Version.parse("4.2.0"))).doesNotThrowAnyException();
        assertThatCode(() -> r.checkUpgradeFrom(Version.parse("4.4.5.upgrade"), true)).doesNotThrowAnyException();
        assertThatThrownBy(() -> r.checkUpgradeFrom(Version.parse("4.4.5"))).isInstanceOfSatisfying(UpgradeException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_AN_UPGRADE)).hasMessageContaining("already installed");
        assertThatThrownBy(() -> r.checkUpgradeFrom(Version.parse("4.7.0"))).hasMessageContaining("downgrade");
        assertThatCode(() -> r.checkUpgradeFrom(Version.parse("4.7.0"), true)).doesNotThrowAnyException();
    }

    @Test
    void acceptsAMatchingL10nTarball() throws Exception {
        Path tgz = tmp.resolve("civicrm-4.4.5-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            t.file("civicrm/civicrm-version.php", PHP_44);
        }
        Path l10n = tmp.resolve("civicrm-4.4.5-l10n.tar.gz");
        try (TarBuilder t = new TarBuilder(l10n)) {
            t.file("civicrm/l10n/fr_FR/LC_MESSAGES/civicrm.mo", "mo").file("civicrm/sql/civicrm_data.fr_FR.mysql", "--");
        }
        Path other = tmp.resolve("civicrm-4.5.0-l10n.tar.gz");
        Files.copy(l10n, other);
        Release r = Release.tarball(tgz).withL10n(l10n);
        assertThat(r.l10n()).contains(l10n);
        assertThat(r.entries()).isEqualTo(3);
        assertThatThrownBy(() -> Release.tarball(tgz).withL10n(other)).hasMessageContaining("do not belong to release 4.4.5");
    }
}
