package org.civiupgrade.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Properties;
import org.civiupgrade.DatabaseCoordinates;
import org.jspecify.annotations.Nullable;

/**
 * A fake {@code cv} executable: a small shell script that starts a JVM running
 * {@link #main(String[])} with this test's class path, so that the real process runner and
 * {@code CvSchemaUpgrader} are exercised. {@code cv upgrade:db [-v] [--dry-run]} runs
 * {@link FakeSchemaUpgrader} against the configured database and code folder and prints what
 * cv prints: status lines, a dot (or with {@code -v} a title) per task, "Have a nice day.";
 * on failure {@code Error executing task "..."} and the Symfony console's exception block on
 * standard error, exit status 1.
 */
public final class FakeCv {
    private FakeCv() {
    }

    /**
     * Writes {@code cv} (0755) and its owner-only configuration into {@code binDir}.
     *
     * @param database the CiviCRM database
     * @param codeDir  the CiviCRM code folder (its version and incremental SQL are used)
     * @param failAt   revision to fail at, or null
     * @return the executable
     */
    public static Path install(Path binDir, DatabaseCoordinates database, Path codeDir, @Nullable String failAt) throws IOException {
        return install(binDir, database, codeDir, failAt, List.of());
    }

    /**
     * Writes {@code cv} like {@link #install(Path, DatabaseCoordinates, Path, String)}, which also
     * prints the given lines on its output and its error output before it works, as a real
     * {@code cv} may print a DSN or a key in its debug output.
     *
     * @param database the CiviCRM database
     * @param codeDir  the CiviCRM code folder (its version and incremental SQL are used)
     * @param failAt   revision to fail at, or null
     * @param echo     lines to print first (e.g. planted secrets)
     * @return the executable
     */
    public static Path install(Path binDir, DatabaseCoordinates database, Path codeDir, @Nullable String failAt,
                               List<String> echo) throws IOException {
        Files.createDirectories(binDir);
        Path conf = binDir.resolve("fake-cv.properties");
        Properties p = new Properties();
        p.setProperty("jdbcUrl", database.jdbcUrl());
        p.setProperty("user", database.user());
        p.setProperty("password", database.password().reveal());
        p.setProperty("codeDir", codeDir.toAbsolutePath().toString());
        if (failAt != null) {
            p.setProperty("failAt", failAt);
        }
        for (int i = 0; i < echo.size(); i++) {
            p.setProperty("echo." + i, echo.get(i));
        }
        Files.deleteIfExists(conf);
        Files.createFile(conf, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (var w = Files.newBufferedWriter(conf, StandardCharsets.UTF_8)) {
            p.store(w, "fake cv");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Path cv = binDir.resolve("cv");
        Files.writeString(cv, "#!/bin/sh\nexec " + quote(java) + " -Xshare:auto -XX:TieredStopAtLevel=1 -cp " + quote(cp) + " "
                + FakeCv.class.getName() + " " + quote(conf.toAbsolutePath().toString()) + " \"$@\"\n");
        Files.setPosixFilePermissions(cv, PosixFilePermissions.fromString("rwxr-xr-x"));
        return cv;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** {@code <config> upgrade:db [-v] [--dry-run] [--no-interaction]}. */
    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        List<String> rest = List.of(args).subList(1, args.length);
        if (rest.isEmpty() || !rest.get(0).equals("upgrade:db")) {
            err.println();
            err.println("  Command \"" + (rest.isEmpty() ? "" : rest.get(0)) + "\" is not defined.");
            err.println();
            return 1;
        }
        for (int i = 0; p.getProperty("echo." + i) != null; i++) {
            out.println(p.getProperty("echo." + i));
            err.println(p.getProperty("echo." + i));
        }
        boolean verbose = rest.contains("-v") || rest.contains("-vv") || rest.contains("--verbose");
        boolean dryRun = rest.contains("--dry-run");
        try (Connection c = DriverManager.getConnection(p.getProperty("jdbcUrl"), p.getProperty("user"), p.getProperty("password"))) {
            StringBuilder dots = new StringBuilder();
            FakeSchemaUpgrader.run(c, Path.of(p.getProperty("codeDir")), 1, p.getProperty("failAt"), dryRun, verbose, line -> {
                if (line.equals(".")) {
                    out.print(".");
                    dots.append('.');
                } else {
                    if (dots.length() > 0) {
                        out.println();
                        dots.setLength(0);
                    }
                    out.println(line);
                }
                out.flush();
            });
            return 0;
        } catch (FakeSchemaUpgrader.TaskFailed e) {
            out.flush();
            err.println();
            err.println("In ConsoleQueueRunner.php line 98:");
            err.println();
            err.println("  [Exception]  ");
            err.println("  " + e.getMessage() + "  ");
            err.println();
            err.println("upgrade:db [--dry-run] [--retry] [--skip] [--step] [-h|--help] [-q|--quiet] [-v|vv|vvv|--verbose]");
            return 1;
        }
    }
}
