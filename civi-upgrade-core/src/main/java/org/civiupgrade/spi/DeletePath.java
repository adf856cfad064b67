package org.civiupgrade.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.commons.io.file.PathUtils;

/**
 * Removes a file or folder tree a step created (a staging folder, a new file). Idempotent;
 * a symbolic link is removed, never followed.
 *
 * @param path what to remove
 */
public record DeletePath(String path) implements Compensation {
    public DeletePath {
        Objects.requireNonNull(path, "path");
    }

    @Override
    public String describe() {
        return "remove " + path;
    }

    @Override
    public void apply(CompensationContext context) throws IOException {
        Path p = Path.of(path);
        if (Files.isSymbolicLink(p) || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(p);
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            PathUtils.deleteDirectory(p);
        }
    }
}
