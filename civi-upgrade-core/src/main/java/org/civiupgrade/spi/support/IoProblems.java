package org.civiupgrade.spi.support;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipException;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;

/**
 * Names the kind of an I/O failure and what to do about it, for messages built from a caught
 * exception. Java's own messages are often only a path ({@link NoSuchFileException},
 * {@link AccessDeniedException}), {@code null} ({@link EOFException}) or a bare reason
 * ("No space left on device") without the file; {@link #describe} gives "no such file or
 * folder: /path", "disk full while writing /path", "the gzip data is corrupt (...)", and
 * {@link #remedy} a fix that fits that kind rather than the error code's generic one.
 *
 * <pre>{@code
 * catch (IOException e) {
 *     throw IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot write the backup into " + dir, e);
 * }
 * }</pre>
 */
public final class IoProblems {
    /** The kinds of I/O failure told apart. */
    public enum Kind {
        /** A file or folder on the path does not exist. */
        NO_SUCH_FILE,
        /** The operating system refused the access (permissions, ownership, immutable file). */
        PERMISSION_DENIED,
        /** A folder was expected, a file is there. */
        NOT_A_FOLDER,
        /** A file was expected, a folder is there. */
        IS_A_FOLDER,
        /** The file or folder to create exists already. */
        ALREADY_EXISTS,
        /** The folder to remove or replace is not empty. */
        FOLDER_NOT_EMPTY,
        /** Symbolic links on the path form a loop. */
        LINK_LOOP,
        /** The disk (or the user's quota) is full. */
        DISK_FULL,
        /** The file system is mounted read-only. */
        READ_ONLY,
        /** Compressed data that is not gzip, or is damaged. */
        CORRUPT_GZIP,
        /** Data that ends early: a truncated download or copy. */
        TRUNCATED,
        /** A tar archive whose headers cannot be read. */
        CORRUPT_TAR,
        /** Any other failure; its own message is kept. */
        OTHER
    }

    private IoProblems() {
    }

    /** The kind of a failure, looking through wrappers ({@link UncheckedIOException}, causes). */
    public static Kind kind(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Kind k = ownKind(t);
            if (k != Kind.OTHER) {
                return k;
            }
        }
        return Kind.OTHER;
    }

    private static Kind ownKind(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (t instanceof FileSystemException fs && fs.getReason() != null) {
            m = fs.getReason().toLowerCase(Locale.ROOT);
        }
        if (m.contains("no space left") || m.contains("disk quota exceeded") || m.contains("file too large")) {
            return Kind.DISK_FULL;
        }
        if (m.contains("read-only file system")) {
            return Kind.READ_ONLY;
        }
        if (t instanceof NoSuchFileException || m.contains("no such file or directory")) {
            return Kind.NO_SUCH_FILE;
        }
        if (t instanceof AccessDeniedException || m.contains("permission denied") || m.contains("operation not permitted")) {
            return Kind.PERMISSION_DENIED;
        }
        if (t instanceof NotDirectoryException || m.contains("not a directory")) {
            return Kind.NOT_A_FOLDER;
        }
        if (m.contains("is a directory")) {
            return Kind.IS_A_FOLDER;
        }
        if (t instanceof FileAlreadyExistsException) {
            return Kind.ALREADY_EXISTS;
        }
        if (t instanceof DirectoryNotEmptyException) {
            return Kind.FOLDER_NOT_EMPTY;
        }
        if (t instanceof FileSystemLoopException || m.contains("too many levels of symbolic links")) {
            return Kind.LINK_LOOP;
        }
        if (m.contains("truncated") || m.contains("unexpected end") || m.contains("premature end")
                || t instanceof EOFException) {
            return Kind.TRUNCATED;
        }
        if (t instanceof ZipException || m.contains(".gz format") || m.contains("gzip") || m.contains("deflate")) {
            return Kind.CORRUPT_GZIP;
        }
        if (m.contains("tar") && (m.contains("header") || m.contains("archive") || m.contains("record"))
                || m.contains("parsing the header") || m.contains("invalid byte")) {
            return Kind.CORRUPT_TAR;
        }
        return Kind.OTHER;
    }

    /** The path the failure names, when Java's exception carries one. */
    private static String file(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FileSystemException fs && fs.getFile() != null) {
                return fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile());
            }
        }
        return null;
    }

    /**
     * What went wrong, in words, with the path when the exception names one: e.g.
     * {@code "no such file or folder: /var/www/sites/default"} or {@code "disk full (No space left on device)"}.
     */
    public static String describe(Throwable failure) {
        String file = file(failure);
        String on = file == null ? "" : ": " + file;
        Kind k = kind(failure);
        return switch (k) {
            case NO_SUCH_FILE -> "no such file or folder" + on;
            case PERMISSION_DENIED -> "permission denied" + on;
            case NOT_A_FOLDER -> "not a folder" + on;
            case IS_A_FOLDER -> "a folder where a file was expected" + on;
            case ALREADY_EXISTS -> "already exists" + on;
            case FOLDER_NOT_EMPTY -> "folder not empty" + on;
            case LINK_LOOP -> "symbolic links form a loop" + on;
            case DISK_FULL -> "disk full" + on + detail(failure);
            case READ_ONLY -> "read-only file system" + on;
            case CORRUPT_GZIP -> "the gzip data is corrupt" + detail(failure);
            case TRUNCATED -> "the data ends early (truncated)" + detail(failure);
            case CORRUPT_TAR -> "the tar headers are corrupt" + detail(failure);
            case OTHER -> {
                String own = ownMessage(failure);
                yield failure.getClass().getSimpleName() + (own.isEmpty() ? "" : ": " + own) + (file == null || own.contains(file) ? "" : on);
            }
        };
    }

    private static String detail(Throwable failure) {
        String own = ownMessage(failure);
        return own.isEmpty() ? "" : " (" + own + ")";
    }

    private static String ownMessage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t instanceof FileSystemException fs ? fs.getReason() : t.getMessage();
            if (m != null && !m.isBlank()) {
                return m.strip();
            }
        }
        return "";
    }

    /** A fix that fits the kind of failure, naming the path when known. */
    public static String remedy(Throwable failure) {
        String file = file(failure);
        String it = file == null ? "the path named in the message" : file;
        return switch (kind(failure)) {
            case NO_SUCH_FILE -> "Check that " + it + " exists and that the path is spelled right (a relative path is taken "
                    + "from the current directory); create it or give the right path.";
            case PERMISSION_DENIED -> "Run civi-upgrade as a user who may read and write " + it + " (usually its owner or the "
                    + "web server's user), or change its permissions or owner; check that it is not immutable (lsattr).";
            case NOT_A_FOLDER -> "A file stands where a folder is needed at " + it + ": move the file away or give another path.";
            case IS_A_FOLDER -> "A folder stands where a file is needed at " + it + ": give the path of the file.";
            case ALREADY_EXISTS -> "Move " + it + " out of the way (it is left from an earlier attempt or another program), "
                    + "then run again.";
            case FOLDER_NOT_EMPTY -> "Empty or move the folder " + it + ", then run again.";
            case LINK_LOOP -> "Fix the symbolic links on " + it + " so that they end at a real file or folder.";
            case DISK_FULL -> "Free space on the disk holding " + it + " (df -h shows it), or use a work directory on a disk "
                    + "with more room, then run again.";
            case READ_ONLY -> "Remount the file system holding " + it + " read-write, or use a path on a writable disk.";
            case CORRUPT_GZIP, TRUNCATED, CORRUPT_TAR -> "The file is damaged or incomplete: download or copy it again and "
                    + "compare its sha256 with the published one.";
            case OTHER -> "Check permissions and free space on " + it + "; the operating system's message is quoted above.";
        };
    }

    /** The fix for an unreadable release archive: download again, or the path's fix for file-system failures. */
    public static String archiveRemedy(Throwable failure, Path archive) {
        return switch (kind(failure)) {
            case CORRUPT_GZIP, TRUNCATED, CORRUPT_TAR, OTHER -> "Download " + archive.getFileName() + " again from the official "
                    + "site (the file is damaged, incomplete or not a .tar.gz) and compare its sha256 with the published one.";
            default -> remedy(failure);
        };
    }

    /**
     * An {@link UpgradeException} for a failed action: message {@code doing + ": " + describe(failure)},
     * the remedy of {@link #remedy}, the failure as cause.
     *
     * @param doing what was being done, e.g. {@code "Cannot create the backup folder /x"}
     */
    public static UpgradeException failure(ErrorCode code, String doing, Throwable failure) {
        return new UpgradeException(code, doing + ": " + describe(failure) + ".", remedy(failure), failure);
    }
}
