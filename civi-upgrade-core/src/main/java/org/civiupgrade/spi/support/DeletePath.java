package org.civiupgrade.spi.support;

import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Removes a file or folder tree a step created (a staging folder, a new file). Idempotent;
 * a symbolic link is removed, never followed.
 *
 * @param path what to remove
 */
@JsonTypeName("core.delete-path")
public record DeletePath(String path) implements Compensation {
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
     * Deletes a file, link or folder tree if it is there, never following links; a folder the
     * owner cannot write (read-only release folders) is made writable first.
     */
    public static void deleteIfPresent(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(p);
            return;
        }
        try {
            MoreFiles.deleteRecursively(p, RecursiveDeleteOption.ALLOW_INSECURE);
        } catch (IOException first) {
            try (Stream<Path> all = Files.walk(p)) {
                for (Path d : all.filter(x -> Files.isDirectory(x, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(d, LinkOption.NOFOLLOW_LINKS);
                    perms.add(PosixFilePermission.OWNER_WRITE);
                    perms.add(PosixFilePermission.OWNER_EXECUTE);
                    perms.add(PosixFilePermission.OWNER_READ);
                    Files.setPosixFilePermissions(d, perms);
                }
            }
            MoreFiles.deleteRecursively(p, RecursiveDeleteOption.ALLOW_INSECURE);
        }
    }
}
