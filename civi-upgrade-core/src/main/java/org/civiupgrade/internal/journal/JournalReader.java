package org.civiupgrade.internal.journal;

import org.civiupgrade.spi.support.IoProblems;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.RunStatus;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.internal.json.Json;

/** Reads journals back: for recovery, and to find unfinished runs. */
public final class JournalReader {
    /** Folder below the work directory holding one folder per run. */
    public static final String RUNS = "runs";

    private JournalReader() {
    }

    /**
     * Reads a journal. A last line that is not a whole JSON object is a write torn by a crash and
     * is ignored (its entry was never acknowledged; {@link Journal#append} cuts it off before a
     * recovery writes); a bad line anywhere else means the file is damaged.
     */
    public static JournalState read(Path file) {
        List<String> lines;
        try {
            // decoded leniently: a torn last line may end inside a multi-byte character
            lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.JOURNAL_FAILED, "Cannot read journal " + file, e);
        }
        List<JournalEntry> entries = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                entries.add(Json.mapper().readValue(line, JournalEntry.class));
            } catch (IOException e) {
                boolean lastNonBlank = lines.subList(i + 1, lines.size()).stream().allMatch(String::isBlank);
                if (lastNonBlank && !JournalTail.complete(line)) {
                    break; // torn final write
                }
                if (line.contains("\"kind\":\"recorded\"")) {
                    // The compensation's class may be missing in this process; keep what a person needs.
                    unreadable.add("line " + (i + 1) + ": " + line);
                    try {
                        entries.add(UnreadableRecorded.parse(line, IoProblems.describe(e)));
                        continue;
                    } catch (UpgradeException notJson) {
                        throw damaged(file, i + 1, e);
                    }
                }
                throw damaged(file, i + 1, e);
            }
        }
        return JournalState.of(file, entries);
    }

    /**
     * A journal whose content is damaged before its last line (not a torn final write): what it recorded after that line
     * cannot be trusted, so nothing is undone automatically; the person is told where and what to do.
     */
    private static UpgradeException damaged(Path file, int lineNumber, Exception cause) {
        return new UpgradeException(ErrorCode.JOURNAL_INCOMPLETE, "The journal " + file + " is damaged at line " + lineNumber
                + " (" + IoProblems.describe(cause) + "): the changes recorded around it cannot be trusted, so nothing was undone.",
                "Read the journal's lines before and after line " + lineNumber + ": each recorded change names how to undo it;"
                        + " undo them by hand, newest first, using the backups in the run folder, check the site, then move"
                        + " the run folder " + file.getParent() + " out of the work directory's runs folder (keep it: it"
                        + " holds the backups).", cause);
    }

    /** Run folders of a work directory whose journal shows an unfinished run, oldest first. */
    public static List<Path> unfinishedJournals(Path workDir) {
        Path runs = workDir.resolve(RUNS);
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            return dirs.sorted()
                    .map(d -> d.resolve(Journal.FILE_NAME))
                    .filter(Files::isRegularFile)
                    .filter(f -> {
                        Optional<RunStatus> status = read(f).finishedStatus();
                        return status.isEmpty() || status.get() == RunStatus.ROLLBACK_INCOMPLETE;
                    })
                    .toList();
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.JOURNAL_FAILED, "Cannot list runs in " + runs, e);
        }
    }
}
