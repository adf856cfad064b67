package org.civiupgrade.spi.support;

import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
import org.apache.commons.io.file.StandardDeleteOption;

/**
 * Removes a file or folder tree a step created (a staging folder, a new file). Idempotent;
 * a symbolic link is removed, never followed.
 *
 * <p>{@link #deleteIfPresent(Path)} is the one way this project deletes a folder tree (steps,
 * compensations, backups, temporary folders), so every deletion treats links the same way.
 *
 * @param path what to remove
 */
@JsonTypeName("core.delete-path")
public record DeletePath(String path) implements Compensation {
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    public DeletePath {
        Objects.requireNonNull(path, "path");
    }

    @Override
    public java.util.Set<String> touches() {
        return java.util.Set.of("file:" + path);
    }

    @Override
    public String describe() {
        return "remove " + path;
    }

    @Override
    public void apply(CompensationContext context) throws IOException {
        deleteIfPresent(Path.of(path));
    }

    /**
     * Deletes a file, link or folder tree if it is there, with Commons IO's
     * {@link PathUtils#delete(Path, LinkOption[], org.apache.commons.io.file.DeleteOption...)}, never
     * following links: a link inside the tree (or {@code p} itself being a link) is removed, and what
     * it points to is kept, even when that is a folder. Read-only files are deleted; a folder the owner
     * cannot write (read-only release folders) is made writable first.
     *
     * @throws IOException when something in the tree cannot be deleted (what was deleted stays deleted)
     */
    public static void deleteIfPresent(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            delete(p);
        } catch (IOException first) {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw first;
            }
            try (Stream<Path> all = Files.walk(p)) { // does not follow links
                for (Path d : all.filter(x -> Files.isDirectory(x, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(d, LinkOption.NOFOLLOW_LINKS);
                    perms.add(PosixFilePermission.OWNER_WRITE);
                    perms.add(PosixFilePermission.OWNER_EXECUTE);
                    perms.add(PosixFilePermission.OWNER_READ);
                    Files.setPosixFilePermissions(d, perms);
                }
            }
            delete(p);
        }
    }

    private static void delete(Path p) throws IOException {
        PathUtils.delete(p, NO_FOLLOW, StandardDeleteOption.OVERRIDE_READ_ONLY);
    }
}
