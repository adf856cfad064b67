package org.civiupgrade.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.civiupgrade.internal.json.Json;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.support.RestoreFileModes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Journals naming this module's earlier files-folder undo read back as the core's one, which restores from its list. */
class FilesFolderJournalNamesTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"org.civiupgrade.drupal7.internal.RestoreFileModes", "drupal7.restore-file-modes"})
    void anEarlierFilesFolderUndoReadsBackAsTheCoresAndRestores(String type) throws Exception {
        Path file = Files.writeString(Files.createDirectories(tmp.resolve("files")).resolve("upload.pdf"), "pdf");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        String me = Files.getOwner(file).getName();
        Path list = Files.writeString(tmp.resolve("file-modes.before"), "rw-rw----\t" + me + "\t" + file + "\n");
        Compensation read = Json.read("{\"@type\":\"" + type + "\",\"listFile\":" + Json.mapper().writeValueAsString(list.toString())
                + "}", Compensation.class);
        assertThat(read).isEqualTo(new RestoreFileModes(list.toString()));
        read.apply(null);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-rw----");
        assertThat(Json.mapper().readTree(Json.write(read)).get("@type").asText()).isEqualTo("core.restore-file-modes");
    }
}
