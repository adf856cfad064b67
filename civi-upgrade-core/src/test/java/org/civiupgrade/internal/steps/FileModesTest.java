package org.civiupgrade.internal.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.civiupgrade.internal.json.Json;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.support.FileModes;
import org.civiupgrade.spi.support.RestoreFileModes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one files-folder mode fix: what deviates, and its undo reading its own list and the two earlier list formats. */
class FileModesTest {
    @TempDir
    Path tmp;
    Path files;
    Path odd;

    @BeforeEach
    void folder() throws Exception {
        files = Files.createDirectories(tmp.resolve("files/civicrm"));
        odd = Files.writeString(files.resolve("a b%2B+.pdf"), "pdf"); // a name URL encoding must carry exactly
        Files.setPosixFilePermissions(files, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(odd, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(files.resolve("link"), odd);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private void setDocumentedModes() throws Exception {
        Files.setPosixFilePermissions(files, PosixFilePermissions.fromString(FileModes.FOLDER_MODE));
        Files.setPosixFilePermissions(odd, PosixFilePermissions.fromString(FileModes.FILE_MODE));
    }

    @Test
    void deviationsNameEveryEntryNotAtTheDocumentedModesAndSkipLinks() throws Exception {
        List<FileModes.Deviation> dev = FileModes.deviations(List.of(tmp.resolve("files"), tmp.resolve("missing")), Optional.empty());
        assertThat(dev).extracting(FileModes.Deviation::path).containsExactlyInAnyOrder(files, odd);
        assertThat(dev).filteredOn(d -> d.path().equals(odd)).singleElement().satisfies(d -> {
            assertThat(d.mode()).isEqualTo("rw-------");
            assertThat(d.wanted()).isEqualTo("rw-r--r--");
        });
    }

    @Test
    void theCodeSwapsEarlierListAndCompensationStillRestore() throws Exception {
        Path list = Files.writeString(tmp.resolve("files-modes.txt"), "777\t" + URLEncoder.encode(files.toString(), StandardCharsets.UTF_8)
                + "\n600\t" + URLEncoder.encode(odd.toString(), StandardCharsets.UTF_8) + "\n");
        setDocumentedModes();
        // as a journal of version 0.1 names it
        String journaled = "{\"@type\":\"org.civiupgrade.internal.release.RestoreModesCompensation\",\"listFile\":"
                + Json.mapper().writeValueAsString(list.toString()) + "}";
        Compensation read = Json.read(journaled, Compensation.class);
        assertThat(read).isEqualTo(new RestoreFileModes(list.toString()));
        read.apply(null);
        assertThat(mode(files)).isEqualTo("rwxrwxrwx");
        assertThat(mode(odd)).isEqualTo("rw-------");
        assertThat(read.touches()).hasSize(3).contains(org.civiupgrade.spi.support.Scopes.file(odd));
    }

    @Test
    void theDrupal7StepsEarlierListStillRestores() throws Exception {
        String me = Files.getOwner(odd).getName();
        Path list = Files.writeString(tmp.resolve("file-modes.before"), "rwxrwxrwx\t" + me + "\t" + files + "\nrw-------\t" + me
                + "\t" + odd + "\n");
        setDocumentedModes();
        new RestoreFileModes(list.toString()).apply(null);
        assertThat(mode(files)).isEqualTo("rwxrwxrwx");
        assertThat(mode(odd)).isEqualTo("rw-------");
    }

    @Test
    void theUndoOfAFixIsExactAndIdempotentThroughTheJournal() throws Exception {
        String before = mode(files) + mode(odd);
        Path list = tmp.resolve("run/files-modes.txt");
        List<Compensation> recorded = new java.util.ArrayList<>();
        List<FileModes.Deviation> changed = FileModes.fix(CodeSwapStepTest.context(null, tmp.resolve("run"), recorded), List.of(tmp.resolve("files")),
                Optional.empty(), list);
        assertThat(changed).hasSize(2);
        assertThat(mode(files) + mode(odd)).isEqualTo("rwxr-xr-xrw-r--r--");
        assertThat(Files.readAllLines(list).get(0)).isEqualTo(FileModes.HEADER);
        assertThat(recorded).singleElement().isEqualTo(new RestoreFileModes(list.toAbsolutePath().toString()));
        Compensation undo = Json.read(Json.write(recorded.get(0)), Compensation.class);
        for (int i = 0; i < 2; i++) {
            undo.apply(null);
            assertThat(mode(files) + mode(odd)).isEqualTo(before);
        }
    }
}
