package org.civiupgrade.internal.release;

import org.civiupgrade.spi.support.DeletePath;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.civiupgrade.spi.support.SafeFiles;

/** Folder-tree helpers for the code swap: delete, copy without following links, move across file systems. */
public final class Trees {
    private Trees() {
    }

    /** True when something (even a dangling link) is at {@code p}. */
    public static boolean present(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    /** Deletes a file, link or folder tree if present; never follows links out of the tree. */
    public static void deleteIfPresent(Path p) throws IOException {
        DeletePath.deleteIfPresent(p);
    }

    /** Copies a tree keeping links as links, modes and times. {@code to} must not exist. */
    public static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path d = to.resolve(from.relativize(dir).toString());
                Files.createDirectory(d);
                Files.setPosixFilePermissions(d, withOwnerWrite(Files.getPosixFilePermissions(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path t = to.resolve(from.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(t, Files.readSymbolicLink(file));
                    copyOwner(file, t);
                } else {
                    Files.copy(file, t, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Path d = to.resolve(from.relativize(dir).toString());
                Files.setPosixFilePermissions(d, Files.getPosixFilePermissions(dir));
                Files.setLastModifiedTime(d, Files.getLastModifiedTime(dir));
                copyOwner(dir, d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Gives {@code to} the owner and group of {@code from} when allowed (root); else leaves it. */
    private static void copyOwner(Path from, Path to) throws IOException {
        var a = Files.readAttributes(from, java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        var v = Files.getFileAttributeView(to, java.nio.file.attribute.PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        try {
            var b = v.readAttributes();
            if (!a.owner().equals(b.owner())) {
                v.setOwner(a.owner());
            }
            if (!a.group().equals(b.group())) {
                v.setGroup(a.group());
            }
        } catch (java.nio.file.FileSystemException notAllowed) {
            // only root may give files away
        }
    }

    private static Set<PosixFilePermission> withOwnerWrite(Set<PosixFilePermission> p) {
        p.add(PosixFilePermission.OWNER_WRITE);
        p.add(PosixFilePermission.OWNER_EXECUTE);
        return p;
    }

    /** Renames atomically; false when source and target are on different file systems. */
    public static boolean renameAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return false;
        }
        SafeFiles.forceDirectory(to.toAbsolutePath().getParent());
        if (!from.toAbsolutePath().getParent().equals(to.toAbsolutePath().getParent())) {
            SafeFiles.forceDirectory(from.toAbsolutePath().getParent());
        }
        return true;
    }

    /**
     * Moves a tree to {@code to} so that {@code to} appears only complete: a rename when possible,
     * else a copy into {@code partial} (removed first), a rename of {@code partial} to {@code to},
     * then the removal of {@code from}. A crash leaves {@code from} complete until {@code to} is.
     */
    public static void moveTree(Path from, Path to, Path partial) throws IOException {
        if (renameAtomically(from, to)) {
            return;
        }
        deleteIfPresent(partial);
        copy(from, partial);
        if (!renameAtomically(partial, to)) {
            throw new IOException("cannot rename " + partial + " to " + to + " atomically");
        }
        deleteIfPresent(from);
    }
}
