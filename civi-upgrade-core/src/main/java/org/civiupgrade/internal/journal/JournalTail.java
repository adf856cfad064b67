package org.civiupgrade.internal.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.civiupgrade.internal.json.Json;
import org.civiupgrade.spi.support.SafeFiles;

/**
 * The end of a journal: where its last complete record ends, and how to cut a torn write off.
 * A record is complete when its line is a whole JSON object; whether this process knows the
 * compensation class inside it does not matter (that is {@link UnreadableRecorded}'s concern).
 */
final class JournalTail {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private JournalTail() {
    }

    /** Whether the line is a whole JSON object (a complete record, readable or not by this process). */
    static boolean complete(String line) {
        try {
            JsonNode node = Json.mapper().readTree(line);
            return node != null && node.isObject();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The byte length of the journal up to and including its last complete record's line
     * (blank lines after it included), given its bytes.
     */
    static int completeLength(byte[] bytes) {
        int end = bytes.length;
        while (end > 0) {
            int lineEnd = end;
            int start = lineEnd;
            while (start > 0 && bytes[start - 1] != '\n') {
                start--;
            }
            // the line is bytes[start, lineEnd), without its '\n' (which is at lineEnd when lineEnd < length)
            String line = new String(bytes, start, lineEnd - start, StandardCharsets.UTF_8);
            if (line.isBlank()) {
                if (start == 0) {
                    return 0;
                }
                end = start - 1; // step over the '\n' before this blank line
                continue;
            }
            if (!complete(line)) {
                return start; // the last non-blank line is torn: everything before it is kept
            }
            return lineEnd == bytes.length ? lineEnd : lineEnd + 1;
        }
        return 0;
    }

    /**
     * Cuts a torn last line off the journal, keeping its bytes in a {@code .torn-<time>} file
     * beside it, and ends a last complete record that lacks its newline with one.
     *
     * @return the file holding the torn bytes, or null when nothing was torn
     */
    static Path cutTornTail(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int keep = completeLength(bytes);
        Path torn = null;
        if (keep < bytes.length && !new String(bytes, keep, bytes.length - keep, StandardCharsets.UTF_8).isBlank()) {
            torn = file.resolveSibling(file.getFileName() + ".torn-" + STAMP.format(Clock.systemUTC().instant()));
            try (FileChannel out = FileChannel.open(torn, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                SafeFiles.restrictToOwner(torn);
                ByteBuffer b = ByteBuffer.wrap(bytes, keep, bytes.length - keep);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                out.force(true);
            }
            SafeFiles.forceDirectory(file.getParent());
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (keep < bytes.length) {
                ch.truncate(keep);
            }
            if (keep > 0 && bytes[keep - 1] != '\n') {
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}), keep);
            }
            ch.force(true);
        }
        return torn;
    }
}
