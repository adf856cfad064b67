package org.civiupgrade.internal.steps;

import org.civiupgrade.internal.release.SafeExtractor;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;

/**
 * Sets file modes back to what a saved list says. The list (one {@code octal-mode TAB path}
 * per line, path as {@link java.net.URLEncoder} text) is written and forced to disk before
 * any mode changes, so applying this is right whether none, some or all changes were made.
 *
 * @param listFile absolute path of the saved list (in the run folder)
 */
@JsonTypeName("core.restore-file-modes")
public record RestoreModesCompensation(String listFile) implements Compensation {
    @Override
    public String describe() {
        return "restore file modes saved in " + listFile;
    }

    /** The files listed (and the list). */
    @Override
    public java.util.Set<String> touches() {
        return org.civiupgrade.spi.support.Scopes.listedFiles(Path.of(listFile), line -> {
            int tab = line.indexOf('\t');
            return tab < 0 ? null : java.net.URLDecoder.decode(line.substring(tab + 1), StandardCharsets.UTF_8);
        });
    }

    @Override
    public void apply(CompensationContext context) throws Exception {
        Path list = Path.of(listFile);
        if (!Files.exists(list)) {
            return;
        }
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                continue;
            }
            int mode = Integer.parseInt(line.substring(0, tab), 8);
            Path p = Path.of(java.net.URLDecoder.decode(line.substring(tab + 1), StandardCharsets.UTF_8));
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)) {
                Files.setPosixFilePermissions(p, SafeExtractor.permissions(mode));
            }
        }
    }
}
