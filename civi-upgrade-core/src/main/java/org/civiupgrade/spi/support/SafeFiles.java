package org.civiupgrade.spi.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * File helpers every step needs: owner-only folders and files for backups and journals,
 * durable directory entries, and atomic replacement of a file's bytes.
 */
public final class SafeFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private SafeFiles() {
    }

    /** Creates the folder (and parents) and makes it accessible by its owner only (0700). */
    public static Path ownerOnlyDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return dir;
    }

    /** Makes a file (0600) or folder (0700) accessible by its owner only. */
    public static void restrictToOwner(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwx------" : "rw-------"));
        }
    }

    /** Forces a directory's entries (a newly created or renamed file's name) to disk, where the OS allows it. */
    public static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can open a directory; the entry is written, just not forced.
        }
    }

    /**
     * The temporary file {@link #writeAtomically} uses for a target: a fixed hidden name beside
     * it, so that a write interrupted by a crash leaves a file the next write (or a
     * compensation replayed by recovery) knows to remove.
     */
    public static Path temporarySibling(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".civi-upgrade-tmp");
    }

    /**
     * Replaces a file's bytes atomically: writes {@link #temporarySibling} (removing a leftover of
     * an interrupted write first), forces it to disk, gives it the old file's permissions (or
     * {@code newFilePermissions} for a new file, if not null), and renames it over the target.
     * Readers see the old or the new bytes, never a mix.
     */
    public static void writeAtomically(Path target, byte[] bytes, @Nullable Set<PosixFilePermission> newFilePermissions)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = temporarySibling(target);
        Files.deleteIfExists(tmp);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (POSIX) {
                if (Files.exists(target)) {
                    Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
                    try {
                        Files.setOwner(tmp, Files.getOwner(target));
                    } catch (IOException | SecurityException e) {
                        // Only root may give a file away; keeping the mode is what matters then.
                    }
                } else if (newFilePermissions != null) {
                    Files.setPosixFilePermissions(tmp, newFilePermissions);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
