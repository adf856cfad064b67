package org.civiupgrade.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.civiupgrade.internal.steps.EmptyFolderCompensation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeletePathTest {
    @TempDir
    Path tmp;

    @Test
    void aLinkInsideADeletedTreeIsRemovedAndItsTargetKept() throws Exception {
        Path outsideDir = Files.createDirectories(tmp.resolve("outside/uploads"));
        Path kept = Files.writeString(outsideDir.resolve("kept.txt"), "keep");
        Path outsideFile = Files.writeString(tmp.resolve("outside/settings.php"), "<?php");
        Path deeper = Files.createDirectories(tmp.resolve("tree/sub/deeper"));
        Files.writeString(deeper.resolve("file.txt"), "x");
        Files.createSymbolicLink(tmp.resolve("tree/link-to-folder"), outsideDir);
        Files.createSymbolicLink(tmp.resolve("tree/sub/link-to-file"), outsideFile);
        Files.createSymbolicLink(tmp.resolve("tree/sub/dangling"), tmp.resolve("nothing-here"));

        DeletePath.deleteIfPresent(tmp.resolve("tree"));

        assertThat(Files.exists(tmp.resolve("tree"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(kept).hasContent("keep");
        assertThat(outsideFile).hasContent("<?php");
        try (var left = Files.list(outsideDir)) {
            assertThat(left).containsExactly(kept);
        }
    }

    @Test
    void emptyingCompiledTemplatesRemovesALinkInsideAndKeepsItsTarget() throws Exception {
        Path templatesC = Files.createDirectories(tmp.resolve("files/civicrm/templates_c/en_US"));
        Files.writeString(templatesC.resolve("%%compiled.tpl.php"), "x");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path kept = Files.writeString(elsewhere.resolve("kept.txt"), "keep");
        Files.createSymbolicLink(templatesC.getParent().resolve("shared"), elsewhere);

        new EmptyFolderCompensation(templatesC.getParent().toString()).apply(null);

        try (var left = Files.list(templatesC.getParent())) {
            assertThat(left).isEmpty();
        }
        assertThat(kept).hasContent("keep");
    }

    @Test
    void aLinkGivenItselfIsRemovedNotFollowed() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("code"));
        Files.writeString(target.resolve("civicrm-version.php"), "<?php");
        Path link = Files.createSymbolicLink(tmp.resolve("civicrm"), target);

        new DeletePath(link.toString()).apply(null);

        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(target.resolve("civicrm-version.php")).hasContent("<?php");
    }

    @Test
    void readOnlyFoldersAndFilesAreDeletedAndAMissingPathIsNoError() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("release/civicrm/packages"));
        Files.writeString(tree.resolve("ro.php"), "x");
        Files.setPosixFilePermissions(tree.resolve("ro.php"), PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(tree.getParent(), PosixFilePermissions.fromString("r-xr-xr-x"));

        DeletePath.deleteIfPresent(tmp.resolve("release"));
        DeletePath.deleteIfPresent(tmp.resolve("release"));

        assertThat(tmp.resolve("release")).doesNotExist();
    }
}
