package org.civiupgrade.internal.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.ExtractionLimits;
import org.civiupgrade.Release;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradePaths;
import org.civiupgrade.Version;
import org.civiupgrade.internal.steps.CodeSwapStepChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole release is inspected before anything changes, every finding reported at once. */
class ReleaseInspectionTest {
    @TempDir
    Path tmp;

    static String xml(String v) {
        return "<?xml version=\"1.0\" encoding=\"iso-8859-1\" ?>\n<version>\n  <version_no>" + v + "</version_no>\n</version>\n";
    }

    /** CRM/Upgrade/Form.php as 5.x releases ship it (constant, then others). */
    static String form(String quote, String min) {
        return "<?php\nclass CRM_Upgrade_Form extends CRM_Core_Form {\n  const QUEUE_NAME = 'CRM_Upgrade';\n\n"
                + "  /**\n   * Minimum previous CiviCRM version we can directly upgrade from\n   */\n"
                + "  const MINIMUM_UPGRADABLE_VERSION = " + quote + min + quote + ";\n\n"
                + "  /**\n   * @var \\CRM_Core_Config\n   */\n  protected $_config;\n}\n";
    }

    @Test
    void reportsEveryUnsafeEntryAndTheWrongTopFolderInOneRefusal() throws Exception {
        Path tgz = tmp.resolve("civicrm-5.50.1-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            t.dir("civicrm", 0755).file("civicrm/xml/version.xml", xml("5.50.1"))
                    .file("/etc/cron.d/x", "x")
                    .file("civicrm/../../x.php", "x")
                    .symlink("civicrm/packages/evil", "../../../etc")
                    .symlink("civicrm/packages/abs", "/etc/passwd")
                    .special("civicrm/dev/sda", TarConstants.LF_BLK)
                    .hardlink("civicrm/hard", "civicrm/not-there.php")
                    .file("README.txt", "x");
        }
        assertThatThrownBy(() -> Release.tarball(tgz)).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RELEASE_INVALID);
            assertThat(e.getMessage()).contains("7 problems")
                    .contains("'/etc/cron.d/x' is absolute or climbs out")
                    .contains("'civicrm/../../x.php' is absolute or climbs out")
                    .contains("link 'civicrm/packages/evil' points outside the target ('../../../etc')")
                    .contains("link 'civicrm/packages/abs' points to an absolute or empty path '/etc/passwd'")
                    .contains("'civicrm/dev/sda' is a device file or FIFO")
                    .contains("hard link 'civicrm/hard' points to 'civicrm/not-there.php', which is not an earlier file")
                    .contains("single top folder 'civicrm/'").contains("'README.txt'");
            assertThat(e.remedy()).contains("Download the release tarball again");
        });
    }

    @Test
    void aLinkThatStaysInsideTheTopFolderPasses() throws Exception {
        Path tgz = tmp.resolve("civicrm-5.50.1-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            t.dir("civicrm", 0755).file("civicrm/xml/version.xml", xml("5.50.1")).file("civicrm/a/b.php", "<?php")
                    .symlink("civicrm/c/link.php", "../a/b.php").hardlink("civicrm/a/copy.php", "civicrm/a/b.php");
        }
        assertThat(Release.tarball(tgz).version()).hasToString("5.50.1");
        // one level further climbs out of civicrm/, which the unpacking would refuse too
        Path out = tmp.resolve("civicrm-5.50.2-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(out)) {
            t.dir("civicrm", 0755).file("civicrm/xml/version.xml", xml("5.50.2")).symlink("civicrm/c/link.php", "../../a/b.php");
        }
        assertThatThrownBy(() -> Release.tarball(out)).hasMessageContaining("link 'civicrm/c/link.php' points outside");
        assertThatThrownBy(() -> new SafeExtractor(ExtractionLimits.DEFAULT).extract(out, "civicrm", tmp.resolve("x"),
                SafeExtractor.Progress.NONE)).hasMessageContaining("link 'civicrm/c/link.php' points outside");
    }

    @Test
    void aVersionInsideThatDiffersFromTheFileNameIsRefused() throws Exception {
        Path tgz = tmp.resolve("civicrm-5.56.1-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            t.dir("civicrm", 0755).file("civicrm/xml/version.xml", xml("5.50.1"));
        }
        assertThatThrownBy(() -> Release.tarball(tgz)).isInstanceOfSatisfying(UpgradeException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RELEASE_INVALID))
                .hasMessageContaining("file name says 5.56.1 but civicrm/xml/version.xml inside says 5.50.1");
        for (String name : List.of("civicrm-5.50.1-drupal.tar.gz", "civicrm-5.50.1-backdrop.tgz", "release.tar.gz")) {
            Path same = tmp.resolve(name);
            Files.copy(tgz, same);
            assertThat(Release.tarball(same).version()).hasToString("5.50.1");
        }
    }

    @Test
    void readsTheReleasesOwnMinimumUpgradableVersionAndFallsBackToTheTable() throws Exception {
        Path r5501 = tmp.resolve("civicrm-5.50.1-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(r5501)) {
            t.dir("civicrm", 0755).file("civicrm/xml/version.xml", xml("5.50.1"))
                    .file("civicrm/CRM/Upgrade/Form.php", form("'", "4.6.12"));
        }
        Release.MinimumUpgradable min = Release.tarball(r5501).minimumUpgradable().orElseThrow();
        assertThat(min.version()).isEqualTo(Version.parse("4.6.12"));
        assertThat(min.declaredByRelease()).isTrue();
        assertThat(min.source()).contains("MINIMUM_UPGRADABLE_VERSION").contains("CRM/Upgrade/Form.php");
        assertThat(UpgradePaths.minimumFor(Version.parse("5.50.1"))).contains(Version.parse("4.4.7"));

        Path bare = tmp.resolve("civicrm-5.56.1-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(bare)) {
            t.dir("civicrm", 0755).file("civicrm/xml/version.xml", xml("5.56.1"));
        }
        Release.MinimumUpgradable table = Release.tarball(bare).minimumUpgradable().orElseThrow();
        assertThat(table.declaredByRelease()).isFalse();
        assertThat(table.version()).isEqualTo(Version.parse("4.4.7"));
        assertThat(table.source()).contains("table").contains("declares no MINIMUM_UPGRADABLE_VERSION");
    }

    @Test
    void parsesTheConstantAsEachEraWritesItAndNothingElse() {
        for (String v : List.of("4.0.8", "4.2.9", "4.5.9", "4.6.12", "4.7.31")) {
            assertThat(UpgradableFrom.parse(form("'", v).getBytes(StandardCharsets.ISO_8859_1))).contains(Version.parse(v));
            assertThat(UpgradableFrom.parse(form("\"", v).getBytes(StandardCharsets.ISO_8859_1))).contains(Version.parse(v));
        }
        assertThat(UpgradableFrom.parse(null)).isEmpty();
        assertThat(UpgradableFrom.parse("<?php\nclass CRM_Upgrade_Form {}\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
        // a computed value, a mismatched quote or another constant's name is not read
        assertThat(UpgradableFrom.parse("<?php const MINIMUM_UPGRADABLE_VERSION = SOME_OTHER;".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(UpgradableFrom.parse("<?php const MINIMUM_UPGRADABLE_VERSION = '4.6.12\";".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(UpgradableFrom.parse("<?php const MINIMUM_PHP_VERSION = '5.3.4';".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void hopsLeadToTheDeclaredMinimumThroughTheTablesEarlierWindows() {
        Version target = Version.parse("5.50.1");
        Version min = Version.parse("4.6.12");
        assertThat(UpgradePaths.hops(Version.parse("4.5.0"), target)).isEmpty(); // the table alone misses it
        assertThat(UpgradePaths.hops(Version.parse("4.5.0"), target, min)).containsExactly("5.32");
        assertThat(UpgradePaths.hops(Version.parse("4.6.12"), target, min)).isEmpty();
        assertThat(UpgradePaths.hops(Version.parse("3.4.0"), target, min)).containsExactly("4.6", "5.32");
        assertThat(UpgradePaths.hops(Version.parse("4.2.0"), Version.parse("4.4.5"), Version.parse("4.2.9"))).containsExactly("4.2.9");
    }

    @Test
    void groupAndWorldWritableEntriesAreReportedAndInstalledWithoutThoseBits() throws Exception {
        Path tgz = tmp.resolve("civicrm-5.50.1-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            t.dir("civicrm", 0777).file("civicrm/xml/version.xml", xml("5.50.1").getBytes(StandardCharsets.UTF_8), 0666)
                    .file("civicrm/bin/cli.php", "<?php".getBytes(StandardCharsets.UTF_8), 0777)
                    .file("civicrm/ok.php", "<?php".getBytes(StandardCharsets.UTF_8), 0644)
                    .dir("civicrm/bin", 0775);
        }
        Release r = Release.tarball(tgz);
        assertThat(r.groupOrWorldWritableCount()).isEqualTo(4);
        assertThat(r.groupOrWorldWritableEntries()).contains("civicrm (0777)", "civicrm/bin/cli.php (0777)", "civicrm/bin (0775)");
        assertThat(CodeSwapStepChecks.releaseFindings(r)).anySatisfy(c -> assertThat(c.id() + " " + c.message())
                .startsWith("release.modes 4 entries").contains("installed without it"));
        Path target = tmp.resolve("code");
        new SafeExtractor(ExtractionLimits.DEFAULT).extract(tgz, "civicrm", target, SafeExtractor.Progress.NONE);
        assertThat(mode(target)).isEqualTo("rwxr-xr-x");
        assertThat(mode(target.resolve("xml/version.xml"))).isEqualTo("rw-r--r--");
        assertThat(mode(target.resolve("bin/cli.php"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(target.resolve("bin"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(target.resolve("ok.php"))).isEqualTo("rw-r--r--");
    }

    @Test
    void aMissingSha256IsAWarningNamingTheOption() throws Exception {
        Path tgz = tmp.resolve("civicrm-5.50.1-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            t.dir("civicrm", 0755).file("civicrm/xml/version.xml", xml("5.50.1"));
        }
        assertThat(CodeSwapStepChecks.releaseFindings(Release.tarball(tgz))).anySatisfy(c -> {
            assertThat(c.id()).isEqualTo("release.sha256");
            assertThat(c.severity()).hasToString("WARNING");
            assertThat(c.remedy()).contains("--sha256").contains("Release.tarball(path, sha256)");
        });
        String sha = com.google.common.io.MoreFiles.asByteSource(tgz).hash(com.google.common.hash.Hashing.sha256()).toString();
        assertThat(CodeSwapStepChecks.releaseFindings(Release.tarball(tgz, sha))).anySatisfy(c -> {
            assertThat(c.id()).isEqualTo("release.sha256");
            assertThat(c.severity()).hasToString("INFO");
        });
    }

    @Test
    void anUnreadableArchiveSaysWhatIsWrongWithIt() throws Exception {
        Path good = tmp.resolve("civicrm-5.50.1-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(good)) {
            t.dir("civicrm", 0755).file("civicrm/xml/version.xml", xml("5.50.1"))
                    .file("civicrm/big.bin", new byte[200_000], 0644);
        }
        byte[] all = Files.readAllBytes(good);
        Path empty = Files.write(tmp.resolve("empty.tar.gz"), new byte[0]);
        Path html = Files.writeString(tmp.resolve("html.tar.gz"), "<html>404 Not Found</html>");
        Path cut = Files.write(tmp.resolve("cut.tar.gz"), java.util.Arrays.copyOf(all, all.length / 2));
        Path damaged = tmp.resolve("damaged.tar.gz");
        byte[] bad = all.clone();
        for (int i = 20; i < 60; i++) {
            bad[i] ^= 0x5a;
        }
        Files.write(damaged, bad);
        for (Path p : List.of(empty, html, cut, damaged)) {
            assertThatThrownBy(() -> Release.tarball(p)).as(p.getFileName().toString())
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.RELEASE_INVALID);
                        assertThat(e.getMessage()).contains("not a readable .tar.gz (").doesNotContain("(null)")
                                .containsAnyOf("truncated", "gzip data is corrupt", "tar headers are corrupt");
                        assertThat(e.remedy()).contains("Download " + p.getFileName() + " again");
                    });
        }
        assertThatThrownBy(() -> Release.tarball(cut)).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Release.tarball(html)).hasMessageContaining("gzip data is corrupt");
    }

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
