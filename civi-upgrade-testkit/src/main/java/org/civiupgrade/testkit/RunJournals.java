package org.civiupgrade.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the journals in a site's work directory say, for crash tests: a process can be killed
 * after it journaled the end of its run but before it printed it, so the journal, not the
 * output, tells whether the run had finished.
 */
public final class RunJournals {
    private RunJournals() {
    }

    /** True when a run in the work directory journaled that it finished with SUCCEEDED. */
    public static boolean anySucceeded(Path workDir) {
        Path runs = workDir.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return false;
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path journal : dirs.map(d -> d.resolve("journal.jsonl")).filter(Files::exists).toList()) {
                List<String> lines = Files.readAllLines(journal);
                if (lines.stream().anyMatch(l -> l.contains("\"kind\":\"run-finished\"") && l.contains("\"status\":\"SUCCEEDED\""))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
