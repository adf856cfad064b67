package org.civiupgrade.internal.journal;

import org.civiupgrade.spi.support.IoProblems;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.internal.json.Json;
import org.civiupgrade.spi.support.SafeFiles;

/**
 * Appends entries to a run's journal file. Each append writes one JSON line and forces it to
 * disk before returning, so an entry that was acknowledged survives a crash of the process
 * or the machine.
 */
public final class Journal implements AutoCloseable {
    /** File name of a run's journal inside its run folder. */
    public static final String FILE_NAME = "journal.jsonl";

    private final Path file;
    private final FileChannel channel;

    private Journal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Creates a new journal; the file must not exist. */
    public static Journal create(Path file) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            SafeFiles.restrictToOwner(file);
            SafeFiles.forceDirectory(file.getParent());
            return new Journal(file, ch);
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.JOURNAL_FAILED, "Cannot create journal " + file, e);
        }
    }

    /**
     * Opens an existing journal to append to it (recovery). A torn last line (a write cut by a
     * crash: bytes after the last complete record that are not a whole JSON line) is first cut
     * off, so the next entry does not follow broken bytes; the torn bytes are kept beside the
     * journal in {@code journal.jsonl.torn-<UTC time>} (owner-only, forced to disk) for people
     * who want to read them.
     */
    public static Journal append(Path file) {
        try {
            JournalTail.cutTornTail(file);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new Journal(file, ch);
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.JOURNAL_FAILED, "Cannot open journal " + file, e);
        }
    }

    /** Writes one entry and forces it to disk. */
    public synchronized void write(JournalEntry entry) {
        byte[] line = (Json.writeLine(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.JOURNAL_FAILED, "Cannot write to journal " + file, e);
        }
    }

    /** The journal file. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.JOURNAL_FAILED, "Cannot close journal " + file, e);
        }
    }

    /** Whether a journal file exists at the path. */
    public static boolean exists(Path file) {
        return Files.isRegularFile(file);
    }
}
