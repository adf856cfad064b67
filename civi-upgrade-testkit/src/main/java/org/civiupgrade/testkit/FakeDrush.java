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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Release;
import org.civiupgrade.Version;
import org.jspecify.annotations.Nullable;

/**
 * A fake {@code drush} executable behaving like drush 8 running {@code civicrm-upgrade-db} of
 * civicrm-drupal's {@code drush/civicrm.drush.inc} (7.x branch): a small shell script that
 * starts a JVM running {@link #main(String[])}, which upgrades with {@link FakeSchemaUpgrader}.
 *
 * <ul>
 * <li>The command's validate hook: a database version that is missing, contains
 *     {@code upgrade}, or is newer than the code gives drush 8's {@code [error]} line on standard
 *     error and exit status 1 (drush 8's {@code drush_set_error}).</li>
 * <li>Equal versions: {@code You are already upgraded to CiviCRM X}, exit status 0.</li>
 * <li>Success: {@code Upgrade outputs:} followed by the post-upgrade messages as text, exit 0
 *     ({@code CRM_Upgrade_Headless::run()} prints nothing while the tasks run).</li>
 * <li>A failing task: {@code CRM_Upgrade_Headless} prints the exception as text, Drupal's
 *     exception handler prints {@code Exception: <message> in ...}, drush adds
 *     {@code Drush command terminated abnormally due to an unrecoverable error.} and exits 1.
 *     With {@link Failure#ERROR_WITH_EXIT_ZERO} the same error text is printed but the status is
 *     0, as drush 8 does when errors are only logged (it returns {@code drush_get_error()}'s
 *     status, which logged errors do not set, unless {@code --strict=2}).</li>
 * </ul>
 * It takes drush's global options ({@code --root}, {@code --uri}, {@code -y}) before the command
 * and refuses other commands with drush's "could not be found" message.
 */
public final class FakeDrush {
    /** How a failing task ends the fake. */
    public enum Failure {
        /** Error text and exit status 1 (drush's shutdown handler after an uncaught exception). */
        EXIT_ONE,
        /** The same error text, exit status 0. */
        ERROR_WITH_EXIT_ZERO
    }

    private FakeDrush() {
    }

    /**
     * Writes {@code drush} (0755) and its owner-only configuration into {@code binDir}.
     *
     * @param database the CiviCRM database
     * @param codeDir  the CiviCRM code folder (its version and incremental SQL are used)
     * @param failAt   revision to fail at ({@link FakeSchemaUpgrader#FAIL_AT_FINISH} for the last task), or null
     * @param failure  how a failure ends
     * @return the executable
     */
    public static Path install(Path binDir, DatabaseCoordinates database, Path codeDir, @Nullable String failAt, Failure failure)
            throws IOException {
        Files.createDirectories(binDir);
        Path conf = binDir.resolve("fake-drush.properties");
        Properties p = new Properties();
        p.setProperty("jdbcUrl", database.jdbcUrl());
        p.setProperty("user", database.user());
        p.setProperty("password", database.password().reveal());
        p.setProperty("codeDir", codeDir.toAbsolutePath().toString());
        p.setProperty("failure", failure.name());
        if (failAt != null) {
            p.setProperty("failAt", failAt);
        }
        Files.deleteIfExists(conf);
        Files.createFile(conf, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (var w = Files.newBufferedWriter(conf, StandardCharsets.UTF_8)) {
            p.store(w, "fake drush");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path drush = binDir.resolve("drush");
        Files.writeString(drush, "#!/bin/sh\nexec " + quote(java) + " -Xshare:auto -XX:TieredStopAtLevel=1 -cp "
                + quote(System.getProperty("java.class.path")) + " " + FakeDrush.class.getName() + " "
                + quote(conf.toAbsolutePath().toString()) + " \"$@\"\n");
        Files.setPosixFilePermissions(drush, PosixFilePermissions.fromString("rwxr-xr-x"));
        return drush;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** {@code <config> [--root=...] [--uri=...] civicrm-upgrade-db}. */
    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** drush 8's log line: the message, then the type in brackets. */
    static String error(String message) {
        return message + " [error]";
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        List<String> commands = new ArrayList<>();
        for (String a : List.of(args).subList(1, args.length)) {
            if (!a.startsWith("-")) {
                commands.add(a);
            }
        }
        if (!commands.equals(List.of("civicrm-upgrade-db")) && !commands.equals(List.of("cvupdb"))) {
            err.println(error("The drush command '" + String.join(" ", commands) + "' could not be found.  Run `drush cache-clear drush` "
                    + "to clear the commandfile cache if you have installed new extensions."));
            return 1;
        }
        Path codeDir = Path.of(p.getProperty("codeDir"));
        Failure failure = Failure.valueOf(p.getProperty("failure", Failure.EXIT_ONE.name()));
        try (Connection c = DriverManager.getConnection(p.getProperty("jdbcUrl"), p.getProperty("user"), p.getProperty("password"))) {
            String dbText = FakeSchemaUpgrader.readVersion(c, 1);
            Version code = Release.installedVersion(codeDir);
            if (dbText.isEmpty()) {
                err.println(error("Version information missing in civicrm database."));
                return 1;
            }
            if (dbText.contains("upgrade")) {
                err.println(error("Database check failed - the database looks to have been partially upgraded. You may want to reload "
                        + "the database with the backup and try the upgrade process again."));
                return 1;
            }
            Version db = Version.parse(dbText);
            if (db.compareTo(code) > 0) {
                err.println(error("Database is marked with an unexpected version '" + dbText + "' which is higher than that of "
                        + "codebase version '" + code + "'."));
                return 1;
            }
            if (db.compareTo(code) == 0) {
                out.println("You are already upgraded to CiviCRM " + code);
                return 0;
            }
            try {
                List<String> tasks = FakeSchemaUpgrader.run(c, codeDir, 1, p.getProperty("failAt"), false, true, line -> { });
                out.println("Upgrade outputs:");
                out.println("Upgraded through " + (tasks.size() - 1) + " revisions.");
                return 0;
            } catch (FakeSchemaUpgrader.TaskFailed e) {
                out.println(e.getMessage());
                out.println();
                out.println("#0 CRM/Queue/Runner.php: CRM_Queue_Task->run(Object(CRM_Queue_TaskContext))");
                out.println("#1 CRM/Upgrade/Headless.php: CRM_Queue_Runner->runAll()");
                out.println("Exception: " + e.getMessage() + " in CRM_Upgrade_Headless->run() (line 64 of " + codeDir
                        + "/CRM/Upgrade/Headless.php).");
                if (failure == Failure.ERROR_WITH_EXIT_ZERO) {
                    err.println(error(e.getMessage()));
                    return 0;
                }
                err.println(error("Drush command terminated abnormally due to an unrecoverable error."));
                return 1;
            }
        }
    }
}
