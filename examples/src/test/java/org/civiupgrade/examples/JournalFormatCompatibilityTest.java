package org.civiupgrade.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.internal.journal.Journal;
import org.civiupgrade.internal.journal.JournalEntry;
import org.civiupgrade.internal.journal.JournalReader;
import org.civiupgrade.internal.journal.JournalState;
import org.civiupgrade.internal.json.Json;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal format across versions: a journal written by version 0.1 (compensations named by
 * their class names, some of which have moved since) still reads back into the same
 * compensations, and journals written now name every compensation of every module by its stable
 * type name, never by a class name.
 */
class JournalFormatCompatibilityTest {
    private static final Pattern TYPE = Pattern.compile("\"@type\":\"([^\"]+)\"");
    /** Compensations of 0.1 since merged into one type with the same components: old class name to the class that reads them. */
    private static final java.util.Map<String, String> MERGED = java.util.Map.of(
            "org.civiupgrade.internal.release.RestoreModesCompensation", "org.civiupgrade.spi.support.RestoreFileModes",
            "org.civiupgrade.drupal7.internal.RestoreFileModes", "org.civiupgrade.spi.support.RestoreFileModes");

    @TempDir
    Path dir;

    private Path journalWrittenBy01() throws Exception {
        Path file = dir.resolve("runs/20261129-220000-1a2b/" + Journal.FILE_NAME);
        Files.createDirectories(file.getParent());
        try (InputStream in = getClass().getResourceAsStream("/journals/written-by-0.1.jsonl")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void aJournalWrittenByVersion01ReadsBackIntoTheSameCompensations() throws Exception {
        Path file = journalWrittenBy01();
        List<String> lines = Files.readAllLines(file);
        JournalState state = JournalReader.read(file);

        List<String> recordedLines = lines.stream().filter(l -> l.contains("\"kind\":\"recorded\"")).toList();
        assertThat(state.recorded()).hasSize(recordedLines.size()).hasSize(15);
        for (int i = 0; i < recordedLines.size(); i++) {
            JsonNode written = Json.mapper().readTree(recordedLines.get(i)).get("compensation");
            Compensation read = state.recorded().get(i).compensation();
            String oldClassName = written.get("@type").asText();
            String merged = MERGED.get(oldClassName);
            assertThat(read.getClass().getName()).as("compensation of line %s", recordedLines.get(i))
                    .doesNotContain("Unreadable").endsWith(merged != null ? merged : oldClassName.substring(oldClassName.lastIndexOf('.') + 1));
            // every component written by 0.1 comes back with the same value
            JsonNode now = Json.mapper().valueToTree(read);
            assertThat(withoutTypeIds(now)).as("components of %s", oldClassName).isEqualTo(withoutTypeIds(written));
            if (merged == null) {
                assertThat(read.describe()).isEqualTo(state.recorded().get(i).description());
            } else {
                assertThat(read.describe()).endsWith(written.get("listFile").asText());
            }
        }
    }

    /** The values only: type ids of nested compensations changed from class names to stable names. */
    private static JsonNode withoutTypeIds(JsonNode node) {
        JsonNode copy = node.deepCopy();
        copy.findParents("@type").forEach(parent -> ((com.fasterxml.jackson.databind.node.ObjectNode) parent).remove("@type"));
        return copy;
    }

    @Test
    void journalsWrittenNowNameEveryCompensationByItsStableTypeName() throws Exception {
        JournalState old = JournalReader.read(journalWrittenBy01());
        Path file = dir.resolve("runs/now/" + Journal.FILE_NAME);
        Files.createDirectories(file.getParent());
        try (Journal journal = Journal.create(file)) {
            for (JournalEntry.Recorded r : old.recorded()) {
                journal.write(r);
            }
        }
        String text = Files.readString(file);
        Matcher m = TYPE.matcher(text);
        int count = 0;
        while (m.find()) {
            count++;
            assertThat(m.group(1)).as("type id").matches("(core|mysql|drupal7|testkit)\\.[a-z0-9]+(-[a-z0-9]+)*");
        }
        assertThat(count).isEqualTo(16); // 15 compensations, one of them wrapping another
        JournalState again = JournalReader.read(file);
        assertThat(again.recorded()).extracting(JournalEntry.Recorded::compensation)
                .containsExactlyElementsOf(old.recorded().stream().map(JournalEntry.Recorded::compensation).toList());
    }

    /** An integrator's compensation without a registered name: journaled under its class name, read back. */
    public record UnregisteredUndo(String what) implements Compensation {
        @Override
        public String describe() {
            return "undo " + what;
        }

        @Override
        public void apply(CompensationContext context) {
        }
    }

    @Test
    void anUnregisteredCompensationKeepsTheClassNameFormatAndReadsBack() throws Exception {
        Path file = dir.resolve("runs/unregistered/" + Journal.FILE_NAME);
        Files.createDirectories(file.getParent());
        try (Journal journal = Journal.create(file)) {
            journal.write(new JournalEntry.RunStarted(Instant.now(), "unregistered", "site", List.of("s")));
            journal.write(new JournalEntry.Recorded(Instant.now(), 1, "s", "undo x", new UnregisteredUndo("x")));
        }
        assertThat(Files.readString(file)).contains("\"@type\":\"" + UnregisteredUndo.class.getName() + "\"");
        assertThat(JournalReader.read(file).recorded().get(0).compensation()).isEqualTo(new UnregisteredUndo("x"));
    }

    @Test
    void aTypeNoInstalledModuleKnowsLeavesTheJournalReadableAndSaysWhatToDo() throws Exception {
        Path file = dir.resolve("runs/unknown/" + Journal.FILE_NAME);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n",
                "{\"kind\":\"run-started\",\"at\":\"2026-11-29T22:00:00Z\",\"runId\":\"unknown\",\"site\":\"s\",\"stepIds\":[\"wp\"]}",
                "{\"kind\":\"recorded\",\"at\":\"2026-11-29T22:00:00Z\",\"seq\":1,\"stepId\":\"wp\",\"description\":"
                        + "\"restore option blogname\",\"compensation\":{\"@type\":\"wordpress.restore-option\",\"name\":\"blogname\"}}",
                "{\"kind\":\"recorded\",\"at\":\"2026-11-29T22:00:00Z\",\"seq\":2,\"stepId\":\"wp\",\"description\":"
                        + "\"not a compensation\",\"compensation\":{\"@type\":\"java.lang.String\"}}",
                ""));
        JournalState state = JournalReader.read(file);
        assertThat(state.recorded()).hasSize(2);
        for (JournalEntry.Recorded r : state.recorded()) {
            assertThatThrownBy(() -> r.compensation().apply(null)).isInstanceOf(UpgradeException.class)
                    .hasMessageContaining("module").hasMessageContaining(r.description());
        }
    }
}
