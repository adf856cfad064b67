package org.civiupgrade.internal.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;

/**
 * Empties a cache folder and keeps the folder itself (its mode and owner): CiviCRM's compiled
 * templates ({@code templates_c}), which templates of the new code may have filled once the new
 * code was in place. Compiled templates of a newer release are newer than the restored
 * sources, so Smarty would keep using them; the documented rollback removes them. Idempotent;
 * links inside are removed, never followed; a missing folder is left missing.
 *
 * @param folder the folder to empty
 */
public record EmptyFolderCompensation(String folder) implements Compensation {
    @Override
    public String describe() {
        return "empty CiviCRM's compiled templates in " + folder;
    }

    @Override
    public java.util.Set<String> touches() {
        return java.util.Set.of("file:" + Path.of(folder).toAbsolutePath().normalize());
    }

    @Override
    public void apply(CompensationContext context) throws IOException {
        Path dir = Path.of(folder);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.toList()) {
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    PathUtils.deleteDirectory(child);
                } else {
                    Files.deleteIfExists(child);
                }
            }
        }
    }
}
