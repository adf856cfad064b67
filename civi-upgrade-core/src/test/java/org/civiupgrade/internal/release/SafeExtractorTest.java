package org.civiupgrade.internal.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.ExtractionLimits;
import org.civiupgrade.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeExtractorTest {
    @TempDir
    Path tmp;

    private Path target() {
        return tmp.resolve("out/civicrm");
    }

    private SafeExtractor.Outcome extract(Path tgz) throws Exception {
        return new SafeExtractor(ExtractionLimits.DEFAULT).extract(tgz, "civicrm", target(), SafeExtractor.Progress.NONE);
    }

    @Test
    void unpacksFilesFoldersLinksAndKeepsModes() throws Exception {
        Path tgz = tmp.resolve("ok.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            t.dir("civicrm", 0755).dir("civicrm/bin", 0750)
                    .file("civicrm/bin/setup.sh", "#!/bin/sh\n".getBytes(), 0755)
                    .file("civicrm/CRM/Core/Config.php", "<?php\n")
                    .symlink("civicrm/vendor/bin/tool", "../../bin/setup.sh")
                    .hardlink("civicrm/bin/copy.sh", "civicrm/bin/setup.sh");
        }
        List<long[]> progress = new ArrayList<>();
        SafeExtractor.Outcome o = new SafeExtractor(ExtractionLimits.DEFAULT)
                .extract(tgz, "civicrm", target(), (f, b) -> progress.add(new long[] {f, b}));
        Path out = target();
        assertThat(out.resolve("CRM/Core/Config.php")).hasContent("<?php");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("bin/setup.sh")))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("bin")))).isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("CRM/Core/Config.php")))).isEqualTo("rw-r--r--");
        assertThat(Files.isSymbolicLink(out.resolve("vendor/bin/tool"))).isTrue();
        assertThat(out.resolve("vendor/bin/tool").toRealPath()).isEqualTo(out.resolve("bin/setup.sh").toRealPath());
        assertThat(out.resolve("bin/copy.sh")).hasContent("#!/bin/sh");
        assertThat(o.files()).isEqualTo(4);
        assertThat(o.bytes()).isEqualTo(10 + 6 + 10);
        assertThat(o.paths()).contains("bin/setup.sh", "vendor/bin/tool", "CRM/Core/Config.php", "bin/");
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).containsExactly(4, 26);
    }

    @Test
    void refusesParentTraversal() throws Exception {
        assertRefused(t -> t.file("civicrm/../evil.php", "x"), "climbs out");
    }

    @Test
    void refusesAbsolutePaths() throws Exception {
        assertRefused(t -> t.file("/tmp/evil.php", "x"), "absolute");
    }

    @Test
    void refusesEntriesOutsideTheTopFolder() throws Exception {
        assertRefused(t -> t.file("civicrm/a.php", "x").file("other/b.php", "y"), "outside the top folder");
    }

    @Test
    void refusesLinksPointingOutside() throws Exception {
        assertRefused(t -> t.symlink("civicrm/l", "../../etc/passwd"), "points outside");
        assertRefused(t -> t.symlink("civicrm/l", "/etc/passwd"), "absolute");
    }

    @Test
    void refusesLinksChainedOutThroughOtherLinks() throws Exception {
        // d/up -> .. (civicrm itself, inside); esc -> d/up/.. looks inside lexically but is the parent of civicrm
        assertRefused(t -> t.dir("civicrm/d", 0755).symlink("civicrm/d/up", "..").symlink("civicrm/esc", "d/up/.."),
                "through other links");
    }

    @Test
    void neverWritesThroughALinkOfTheArchive() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path tgz = tmp.resolve("x.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            // a link to a folder outside, then a file "inside" it: the file is written as a real folder's
            // child (links come last), and the link then cannot replace that folder
            t.symlink("civicrm/d", "sub").dir("civicrm/sub", 0755).file("civicrm/d/f.php", "x");
        }
        assertThatThrownBy(() -> extract(tgz)).isInstanceOf(UpgradeException.class).hasMessageContaining("replaces a folder");
        assertThat(target().resolve("d/f.php")).isRegularFile();
        assertThat(target().resolve("d")).isDirectory();
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void refusesDevicesAndFifos() throws Exception {
        assertRefused(t -> t.special("civicrm/dev", TarConstants.LF_CHR), "device");
        assertRefused(t -> t.special("civicrm/blk", TarConstants.LF_BLK), "device");
        assertRefused(t -> t.special("civicrm/fifo", TarConstants.LF_FIFO), "FIFO");
    }

    @Test
    void refusesMoreEntriesOrBytesThanTheLimits() throws Exception {
        Path tgz = tmp.resolve("big.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            for (int i = 0; i < 20; i++) {
                t.file("civicrm/f" + i, new byte[1000], 0644);
            }
        }
        assertThatThrownBy(() -> new SafeExtractor(new ExtractionLimits(10, 1 << 20)).extract(tgz, "civicrm", target(), SafeExtractor.Progress.NONE))
                .isInstanceOf(UpgradeException.class).hasMessageContaining("more than 10 entries");
        assertThatThrownBy(() -> new SafeExtractor(new ExtractionLimits(100, 5000)).extract(tgz, "civicrm", tmp.resolve("o2"), SafeExtractor.Progress.NONE))
                .isInstanceOf(UpgradeException.class).hasMessageContaining("more than 5000 bytes");
    }

    @Test
    void refusesToWriteThroughAnExistingLinkInTheTarget() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(target());
        Files.createSymbolicLink(target().resolve("l10n"), outside);
        Path tgz = tmp.resolve("l10n.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            t.file("civicrm/l10n/fr_FR/civicrm.mo", "x");
        }
        assertThatThrownBy(() -> extract(tgz)).isInstanceOf(UpgradeException.class).hasMessageContaining("through the link");
        assertThat(outside).isEmptyDirectory();
    }

    interface Entries {
        void add(TarBuilder t) throws Exception;
    }

    private void assertRefused(Entries entries, String message) throws Exception {
        Path tgz = Files.createTempFile(tmp, "bad", ".tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            entries.add(t);
        }
        Path out = Files.createTempDirectory(tmp, "out").resolve("civicrm");
        assertThatThrownBy(() -> new SafeExtractor(ExtractionLimits.DEFAULT).extract(tgz, "civicrm", out, SafeExtractor.Progress.NONE))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RELEASE_INVALID))
                .hasMessageContaining(message);
        assertThat(Files.list(out.getParent()).filter(p -> !p.equals(out)).toList()).isEmpty();
        assertThat(Files.exists(out.getParent().resolve("evil.php"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }
}
