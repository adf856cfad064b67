package org.civiupgrade.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Version;
import org.junit.jupiter.api.Assumptions;

/**
 * Real CiviCRM databases for tests: SQL dumps as CiviCRM's own upgrade-test suite keeps them
 * ({@code mysqldump} output of a Drupal 7 site with demo data, one file per release, compressed
 * with bzip2, named {@code <version>-<label>.sql.bz2} or {@code .mysql.bz2}). They carry what
 * real sites carry and fakes may not: the era's real tables, keys, triggers and functions with a
 * {@code DEFINER} naming an account of the machine that made them, multilingual views, and
 * {@code civicrm_domain.version} as that release wrote it.
 *
 * <p>Where the dumps are: the folder named by the environment variable
 * {@code CIVI_UPGRADE_REAL_DUMPS} or the system property {@code civi.realDumps.dir}; otherwise
 * the first {@code shared/real-dumps} folder found beside the working directory or one of its
 * parents (a project checkout with its {@code shared} folder next to it). Where there is none,
 * {@link #all()} skips the calling test visibly, and fails it when
 * {@code CIVI_UPGRADE_REQUIRE_REAL_DUMPS=true} (as CI sets it), so a missing folder can never
 * pass for a green suite.
 *
 * <p>{@link #load} reads a dump the way the {@code mariadb} client does ({@code DELIMITER}
 * lines, quoted strings, {@code --}, {@code #} and plain {@code /* *}{@code /} comments dropped,
 * executable {@code /*!NNNNN ... *}{@code /} comments kept), over JDBC, so no client binary is
 * needed.
 */
public final class RealDumps {
    /** Environment variable naming the folder of dumps. */
    public static final String DIRECTORY_ENV = "CIVI_UPGRADE_REAL_DUMPS";
    /** Environment variable that turns a missing folder into a failure. */
    public static final String REQUIRE_ENV = "CIVI_UPGRADE_REQUIRE_REAL_DUMPS";

    private static final Pattern NAME = Pattern.compile(
            "(\\d+\\.\\d+(?:\\.\\d+)?(?:\\.?(?:alpha|beta)\\d+)?)-(.+)\\.(?:sql|mysql)\\.bz2");
    private static final Pattern DEFINER = Pattern.compile(
            "DEFINER\\s*=\\s*(?:`[^`]*`|'[^']*'|[^\\s@]+)@(?:`[^`]*`|'[^']*'|[^\\s*/]+)",
            Pattern.CASE_INSENSITIVE);

    private RealDumps() {
    }

    /** How a dump's {@code DEFINER} clauses are loaded. */
    public enum Definers {
        /**
         * As dumped: the objects name an account that usually does not exist on the test server,
         * as on a real site moved to another server (writes to their tables then fail with error
         * 1449). Needs SUPER (or SET USER) to load.
         */
        AS_DUMPED,
        /** Removed: every trigger, view and routine is defined by the loading account. */
        STRIPPED
    }

    /**
     * One real dump.
     *
     * @param file    the {@code .bz2} file
     * @param version the CiviCRM version in its name (the dump's {@code civicrm_domain.version})
     * @param label   the rest of its name, e.g. {@code setupsh} or {@code multilingual_af_bg_en}
     */
    public record RealDump(Path file, Version version, String label) {
        @Override
        public String toString() {
            return version + "-" + label;
        }
    }

    /** The folder of dumps, if there is one. */
    public static Optional<Path> directory() {
        String named = System.getenv(DIRECTORY_ENV);
        if (named == null || named.isBlank()) {
            named = System.getProperty("civi.realDumps.dir");
        }
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named).toAbsolutePath();
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException(DIRECTORY_ENV + " names " + p + ", which is not a folder");
            }
            return Optional.of(p);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("real-dumps");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Every dump of the folder, oldest release first. Skips the calling test (a JUnit assumption)
     * where there is no folder, or fails it when {@code CIVI_UPGRADE_REQUIRE_REAL_DUMPS=true}.
     */
    public static List<RealDump> all() {
        Optional<Path> dir = directory();
        if (dir.isEmpty()) {
            String why = "no real CiviCRM dumps: set " + DIRECTORY_ENV
                    + " to a folder of <version>-<label>.sql.bz2 dumps, or check out the project beside its shared/real-dumps folder";
            if ("true".equals(System.getenv(REQUIRE_ENV))) {
                throw new IllegalStateException(why + " (" + REQUIRE_ENV + "=true)");
            }
            Assumptions.abort(why);
        }
        List<RealDump> dumps = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.get())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    dumps.add(new RealDump(f, Version.parse(m.group(1)), m.group(2)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (dumps.isEmpty()) {
            throw new IllegalStateException("no <version>-<label>.sql.bz2 dumps in " + dir.get());
        }
        dumps.sort(Comparator.comparing(RealDump::version).thenComparing(RealDump::label));
        return List.copyOf(dumps);
    }

    /**
     * The dump of a version (e.g. {@code "5.45"} matches {@code 5.45.3}), skipping or failing like
     * {@link #all()} where there are no dumps.
     *
     * @throws IllegalStateException when the folder holds no dump of that version
     */
    public static RealDump of(String versionPrefix) {
        return all().stream()
                .filter(d -> d.version().toString().equals(versionPrefix)
                        || d.version().toString().startsWith(versionPrefix + "."))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no real dump of CiviCRM " + versionPrefix));
    }

    /** Loads a dump into the test database with {@link Definers#STRIPPED}. */
    public static void load(RealDump dump, TestDatabase db) {
        load(dump, db.coordinates(), Definers.STRIPPED);
    }

    /**
     * Loads a dump into the database of {@code target}, statement by statement.
     *
     * @throws IllegalStateException naming the dump, the statement's line and the server's message
     *                               when a statement fails
     */
    public static void load(RealDump dump, DatabaseCoordinates target, Definers definers) {
        try (InputStream in = new BZip2CompressorInputStream(Files.newInputStream(dump.file()), true);
             Connection c = TestDatabase.connect(target);
             Statement st = c.createStatement()) {
            SqlScript script = new SqlScript(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            for (SqlScript.Sql sql = script.next(); sql != null; sql = script.next()) {
                String text = sql.text();
                if (isSetNames(text)) {
                    continue; // the connection stays utf8mb4, a superset of what old dumps name
                }
                if (definers == Definers.STRIPPED) {
                    text = DEFINER.matcher(text).replaceAll("");
                }
                try {
                    st.execute(text);
                } catch (SQLException e) {
                    throw new IllegalStateException("loading " + dump + ": the statement at line " + sql.line()
                            + " failed: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dump.file(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to load " + dump + ": " + e.getMessage(), e);
        }
    }

    private static boolean isSetNames(String sql) {
        String s = sql.toUpperCase(Locale.ROOT).replace(" ", "");
        return s.startsWith("/*!40101SETNAMES") || s.startsWith("SETNAMES");
    }
}
