package org.civiupgrade.internal.steps;

import org.civiupgrade.spi.support.IoProblems;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.support.DeletePath;

/**
 * Empties a cache folder and keeps the folder itself (its mode and owner): CiviCRM's compiled
 * templates ({@code templates_c}), which templates of the new code may have filled once the new
 * code was in place. Compiled templates of a newer release are newer than the restored
 * sources, so Smarty would keep using them; the documented rollback removes them. Idempotent;
 * links inside are removed, never followed; a missing folder is left missing. What cannot be
 * removed is reported as a warning naming the paths and the fix, and the compensation completes:
 * a cache is never a reason to keep the site offline or the old code away.
 *
 * @param folder the folder to empty
 */
@JsonTypeName("core.remove-empty-folder")
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
    public void apply(CompensationContext context) {
        Path dir = Path.of(folder);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // A cache that cannot be emptied never keeps the site offline: what is left is reported
        // with the fix, and the rest of the rollback goes on.
        java.util.List<String> left = new java.util.ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.toList()) {
                try {
                    DeletePath.deleteIfPresent(child);
                } catch (IOException | RuntimeException e) {
                    left.add(child + " (" + IoProblems.describe(e) + ")");
                }
            }
        } catch (IOException | RuntimeException e) {
            left.add(dir + " (" + IoProblems.describe(e) + ")");
        }
        if (!left.isEmpty()) {
            context.warn("CiviCRM's compiled templates in " + folder + " could not all be removed: "
                    + String.join("; ", left.subList(0, Math.min(5, left.size())))
                    + (left.size() > 5 ? " and " + (left.size() - 5) + " more" : "")
                    + ". Templates compiled by the newer release may be used by the old code until they are gone: "
                    + "remove the folder's contents by hand (check ownership, permissions and immutable attributes with "
                    + "'ls -la' and 'lsattr'), e.g. rm -rf '" + folder + "'/*, then clear CiviCRM's caches.");
        }
    }
}
