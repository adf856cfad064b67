package org.civiupgrade.spi;

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
     * Replaces a file's bytes atomically: writes a temporary file beside it, forces it to disk,
     * gives it the old file's permissions (or {@code newFilePermissions} for a new file, if not
     * null), and renames it over the target. Readers see the old or the new bytes, never a mix.
     */
    public static void writeAtomically(Path target, byte[] bytes, Set<PosixFilePermission> newFilePermissions)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
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
