package org.civiupgrade.internal.engine;

import org.civiupgrade.spi.support.IoProblems;

import java.io.IOException;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.support.SafeFiles;

/**
 * The site's exclusive lock: an OS file lock on {@code <workDir>/upgrade.lock}. The OS drops
 * it when the holding process dies, so a crash never leaves a stale lock; the file's text
 * names the holder for the error message.
 */
public final class SiteLock implements AutoCloseable {
    static final String FILE_NAME = "upgrade.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private SiteLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock or refuses at once.
     *
     * @throws UpgradeException {@link ErrorCode#SITE_LOCKED} naming the holder
     */
    public static SiteLock acquire(Path workDir, String purpose) {
        Path file = workDir.resolve(FILE_NAME);
        FileChannel ch = null;
        try {
            SafeFiles.ownerOnlyDirectories(workDir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
                ch.close();
                throw new UpgradeException(ErrorCode.SITE_LOCKED, "Another civi-upgrade run holds the lock on this site"
                        + (holder.isEmpty() ? "" : " (" + holder + ")") + "; lock file " + file + ".");
            }
            ch.truncate(0);
            String text = purpose + " by process " + ProcessHandle.current().pid() + " since " + Instant.now();
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new SiteLock(ch, l);
        } catch (IOException e) {
            closeQuietly(ch);
            throw IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot lock work directory " + workDir, e);
        }
    }

    /**
     * Who holds the lock, without waiting: the holder's text ("upgrade by process N since T"), or
     * empty when nobody does. The probe takes a shared lock for an instant, so an upgrade that
     * starts at that very instant may be refused as locked; it never creates the work directory.
     */
    public static Optional<String> holder(Path workDir) {
        Path file = workDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock l;
            try {
                l = ch.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l != null) {
                l.release();
                return Optional.empty();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return Optional.of(text.isEmpty() ? "holder unknown" : text);
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot read the lock of work directory " + workDir, e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases the lock anyway
        } finally {
            closeQuietly(channel);
        }
    }
}
