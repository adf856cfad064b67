package org.civiupgrade.spi.support;

import org.civiupgrade.spi.Compensation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds the resource names of {@link Compensation#touches()}, so every compensation spells them
 * the same way. Caches (Drupal's {@code cache*} rows, CiviCRM's compiled templates) that an undo
 * clears on the side are not named: clearing a cache is idempotent, its order does not matter, and
 * a failure to clear one never blocks another undo.
 */
public final class Scopes {
    private Scopes() {
    }

    /** {@code file:<absolute normalised path>}: the file or folder and everything below it. */
    public static String file(Path path) {
        return "file:" + path.toAbsolutePath().normalize();
    }

    /** {@link #file(Path)} for a path given as text. */
    public static String file(String path) {
        return file(Path.of(path));
    }

    /** The file names of several paths. */
    public static Set<String> files(Collection<String> paths) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : paths) {
            out.add(file(p));
        }
        return Set.copyOf(out);
    }

    /** {@code db:cms/<table>} or {@code db:cms/<table>/<key>} (key null: the whole table); table without prefix. */
    public static String cmsTable(String table, @Nullable String key) {
        return "db:cms/" + table + (key == null ? "" : "/" + key);
    }

    /** {@code db:civicrm}: the CiviCRM database's CiviCRM objects. */
    public static String civicrmDatabase() {
        return "db:civicrm";
    }

    /**
     * The file names of the paths listed in a saved list file (one entry a line), or
     * {@link Compensation#EVERYTHING} when the list cannot be read: a compensation that cannot
     * say what it touches is ordered against everything.
     *
     * @param list      the list file
     * @param pathOfLine extracts the path from one line, or returns null for a line without one
     */
    public static Set<String> listedFiles(Path list, java.util.function.Function<String, @Nullable String> pathOfLine) {
        if (!Files.exists(list)) {
            return Set.of(file(list));
        }
        try {
            Set<String> out = new LinkedHashSet<>();
            out.add(file(list));
            for (String line : Files.readAllLines(list, java.nio.charset.StandardCharsets.UTF_8)) {
                String p = pathOfLine.apply(line);
                if (p != null && !p.isEmpty()) {
                    out.add(file(p));
                }
            }
            return Set.copyOf(out);
        } catch (IOException | RuntimeException e) {
            return Set.of(Compensation.EVERYTHING);
        }
    }
}
