package org.civiupgrade.internal.steps;

import org.civiupgrade.internal.release.SafeExtractor;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The documented permissions of Drupal's files folder: folders 0755, files 0644 (the web
 * server must be able to write there; CiviCRM keeps uploads and compiled templates in it).
 */
public final class FilesPermissions {
    /** A path whose mode differs from the documented one. */
    public record Deviation(Path path, int mode, int wanted) { }

    private FilesPermissions() {
    }

    /** Every folder not 0755 and file not 0644 below (and including) {@code dir}; links are skipped. */
    public static List<Deviation> deviations(Path dir) throws IOException {
        List<Deviation> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                int mode = SafeExtractor.mode(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                int wanted = isDir ? 0755 : 0644;
                if (mode != wanted) {
                    out.add(new Deviation(p, mode, wanted));
                }
            }
        }
        return out;
    }

    /** The saved-list line of a deviation, as {@link RestoreModesCompensation} reads it. */
    static String line(Deviation d) {
        return Integer.toOctalString(d.mode()) + "\t" + URLEncoder.encode(d.path().toString(), StandardCharsets.UTF_8);
    }
}
