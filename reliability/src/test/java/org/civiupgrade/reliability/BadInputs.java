package org.civiupgrade.reliability;

import static org.civiupgrade.cli.ExitCodes.CHECK_FAILED;
import static org.civiupgrade.cli.ExitCodes.ERROR;
import static org.civiupgrade.cli.ExitCodes.LOCKED;
import static org.civiupgrade.cli.ExitCodes.NEEDS_RECOVERY;
import static org.civiupgrade.cli.ExitCodes.USAGE;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Severity;
import org.civiupgrade.cli.ExitCodes;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.PhpCli;

/**
 * The table of bad inputs: one row per kind. To add a kind, add a row: a name, how it spoils a
 * fresh site, release, database or command line, and what civi-upgrade must answer.
 */
final class BadInputs {
    private BadInputs() {
    }

    /** The privileges the run needs on CiviCRM's database (target 4.4 or later), each missing in one row. */
    static final List<String> PRIVILEGES = List.of("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "INDEX", "ALTER",
            "CREATE TEMPORARY TABLES", "LOCK TABLES", "CREATE VIEW", "TRIGGER", "CREATE ROUTINE", "ALTER ROUTINE");

    static final List<BadInput> TABLE = table();

    private static List<BadInput> table() {
        List<BadInput> t = new ArrayList<>();
        // ---- the release
        t.add(BadInput.of("release: corrupt tarball (random bytes)").spoil(b -> Files.write(b.tarball, Bench.hex(4096).getBytes(StandardCharsets.US_ASCII)))
                .says("civicrm-4.7.0-drupal.tar.gz", "not a readable", ".gz").fix("Download", "again").fails(ErrorCode.RELEASE_INVALID, ERROR));
        t.add(BadInput.of("release: truncated tarball").spoil(b -> {
            byte[] all = Files.readAllBytes(b.tarball);
            Files.write(b.tarball, java.util.Arrays.copyOf(all, all.length / 2));
        }).says("civicrm-4.7.0-drupal.tar.gz", "truncated").fix("Download", "again").fails(ErrorCode.RELEASE_INVALID, ERROR));
        t.add(BadInput.of("release: file missing").spoil(b -> Files.delete(b.tarball))
                .says("civicrm-4.7.0-drupal.tar.gz", "does not exist").fix("path", "civicrm-X.Y.Z-drupal.tar.gz").fails(ErrorCode.RELEASE_INVALID, ERROR));
        t.add(BadInput.of("release: wrong top folder").spoil(b -> Tarballs.write(b.tarball, FakeRelease.of(b.target), "civicrm-4.7.0", Map.of(),
                        tar -> { }))
                .says("top folder", "civicrm").fix("Download").fails(ErrorCode.RELEASE_INVALID, ERROR));
        t.add(BadInput.of("release: entry climbing out with ..").spoil(b -> Tarballs.write(b.tarball, FakeRelease.of(b.target), "civicrm", Map.of(),
                        tar -> Tarballs.file(tar, "civicrm/../../evil.php", "<?php\n".getBytes(StandardCharsets.US_ASCII))))
                .says("evil.php", "..").fix("Download").fails(ErrorCode.RELEASE_INVALID, ERROR));
        t.add(BadInput.of("release: absolute entry").spoil(b -> Tarballs.write(b.tarball, FakeRelease.of(b.target), "civicrm", Map.of(),
                        tar -> Tarballs.file(tar, "/tmp/evil.php", "<?php\n".getBytes(StandardCharsets.US_ASCII))))
                .says("evil.php", "absolute").fix("Download").fails(ErrorCode.RELEASE_INVALID, ERROR));
        t.add(BadInput.of("release: symbolic link escaping the tree").spoil(b -> Tarballs.write(b.tarball, FakeRelease.of(b.target), "civicrm",
                        Map.of(), tar -> Tarballs.symlink(tar, "civicrm/passwd", "../../../../../../etc/passwd")))
                .says("passwd", "link").fix("Download")
                .fails(ErrorCode.RELEASE_INVALID, ERROR));
        t.add(BadInput.of("release: hard link out of the archive").spoil(b -> Tarballs.write(b.tarball, FakeRelease.of(b.target), "civicrm",
                        Map.of(), tar -> Tarballs.hardLink(tar, "civicrm/passwd", "/etc/passwd")))
                .says("hard link", "passwd").fix("Download")
                .fails(ErrorCode.RELEASE_INVALID, ERROR));
        t.add(BadInput.of("release: device file").spoil(b -> Tarballs.write(b.tarball, FakeRelease.of(b.target), "civicrm", Map.of(),
                        tar -> Tarballs.charDevice(tar, "civicrm/null")))
                .says("device").fix("Download").fails(ErrorCode.RELEASE_INVALID, ERROR));
        t.add(BadInput.of("release: oversize archive (more entries than allowed)").spoil(b -> Tarballs.write(b.tarball, FakeRelease.of(b.target),
                        "civicrm", Map.of(), tar -> Tarballs.manyEntries(tar, "civicrm", 500_001)))
                .says("more than", "entries").fix("Download").fails(ErrorCode.RELEASE_INVALID, ERROR));
        t.add(BadInput.of("release: no version file").spoil(b -> Tarballs.write(b.tarball, FakeRelease.of(b.target), "civicrm",
                        Map.of("civicrm-version.php", new byte[0]), tar -> { }))
                .says("version").fix("Download").fails(ErrorCode.RELEASE_INVALID, ERROR));
        t.add(BadInput.of("release: older than the site").site(b -> b.target = "4.3.0")
                .says("4.3.0", "older", "4.4.0").fix("newer").blocks("code.version", CHECK_FAILED));
        t.add(BadInput.of("release: same version as the site").site(b -> b.target = "4.4.0")
                .says("4.4.0", "already installed").fix("newer").blocks("code.version", CHECK_FAILED));
        t.add(BadInput.of("release: wrong sha256").spoil(b -> b.extraArgs.addAll(List.of("--sha256", "0".repeat(64))))
                .says("sha256").fix("Download", "sha256").fails(ErrorCode.RELEASE_INVALID, ERROR));
        t.add(BadInput.of("release: malformed --sha256").spoil(b -> b.extraArgs.addAll(List.of("--sha256", "abc")))
                .says("'abc'", "sha256", "64 hex digits").fix("correct").fails(ErrorCode.INVALID_INPUT, USAGE));
        // ---- the database
        t.add(BadInput.of("database: version below the release's minimum").site(b -> {
            b.builder.civicrmVersion("3.4.8");
            b.target = "4.7.0";
        }).says("3.4.8", "4.0.8", "intermediate", "4.6").fix("4.6", "civicrm-X.Y.Z-drupal.tar.gz")
                .fails(ErrorCode.PLAN_INVALID, ERROR));
        t.add(BadInput.of("database: partially upgraded (.upgrade)").spoil(b -> b.db.execute("UPDATE civicrm_domain SET version = '4.5.0.upgrade'"))
                .says("4.5.0.upgrade", "partially upgraded").fix("restore the database", "backup").blocks("db.version", CHECK_FAILED));
        t.add(BadInput.of("database: version missing").spoil(b -> b.db.execute("UPDATE civicrm_domain SET version = ''"))
                .says("version information missing").fix("civicrm_domain.version").blocks("db.version", CHECK_FAILED));
        t.add(BadInput.of("database: no civicrm_domain row").spoil(b -> b.db.execute("DELETE FROM civicrm_domain"))
                .says("version information missing").fix("civicrm_domain.version").blocks("db.version", CHECK_FAILED));
        t.add(BadInput.of("database: newer than the release").spoil(b -> b.db.execute("UPDATE civicrm_domain SET version = '4.8.0'"))
                .says("4.8.0", "4.7.0").fix("newer").blocks("civicrm.version", CHECK_FAILED));
        t.add(BadInput.of("database: server unreachable (refused port)").spoil(b -> {
            for (Path s : b.settingsFiles()) {
                b.edit(s, x -> replaceAll(x, ":" + b.db.coordinates().port(), ":1"));
                b.edit(s, x -> replaceAll(x, "'port' => '" + b.db.coordinates().port() + "'", "'port' => '1'"));
            }
        }).says("127.0.0.1:1", "refused").fix("port").fails(ErrorCode.DATABASE_UNREACHABLE, ExitCodes.DATABASE_UNREACHABLE));
        for (String privilege : PRIVILEGES) {
            t.add(BadInput.of("database: account without " + privilege).spoil(b -> limitAccount(b, privilege))
                    .says(privilege).fix("GRANT", privilege).blocks("mysql.privileges", CHECK_FAILED));
        }
        // ---- the settings files
        t.add(BadInput.of("settings: civicrm.settings.php missing").spoil(b -> Files.delete(b.civicrmSettings()))
                .says("no sites/*/civicrm.settings.php", "not installed").fix("install civicrm").fails(ErrorCode.SITE_INVALID, ERROR));
        t.add(BadInput.of("settings: civicrm.settings.php unparseable").spoil(b -> {
            PhpCli.require("PHP judges whether civicrm.settings.php parses");
            b.edit(b.civicrmSettings(), x -> x.insert(x.indexOf("\n", x.indexOf("<?php")) + 1, "define('CIVICRM_BROKEN', 'unterminated);\n"));
        }).says("civicrm.settings.php", "not valid PHP", "line").fix("syntax", "php -l")
                .fails(ErrorCode.SETTINGS_INVALID, ERROR));
        t.add(BadInput.of("settings: civicrm.settings.php unreadable").spoil(b -> unreadable(b, b.civicrmSettings()))
                .says("civicrm.settings.php", "read").fix("permission")
                .fails(ErrorCode.FILE_ERROR, ERROR));
        t.add(BadInput.of("settings: civicrm.settings.php read-only when it needs edits").site(b -> {
            b.builder.civicrmVersion("4.1.6").settingsOverrides();
            b.target = "4.4.5";
        }).spoil(b -> readOnly(b, b.civicrmSettings()))
                .says("update-settings", "civicrm.settings.php", "permission denied | not permitted").fix("permissions")
                .fails(ErrorCode.FILE_ERROR, ExitCodes.ROLLED_BACK));
        t.add(BadInput.of("settings: Drupal settings.php missing").spoil(b -> Files.delete(b.drupalSettings()))
                .says("no settings.php").fix("drupal root").fails(ErrorCode.SITE_INVALID, ERROR));
        t.add(BadInput.of("settings: Drupal settings.php without credentials").spoil(b -> b.edit(b.drupalSettings(), x -> {
            // the assignment, not the mention in the file's doc comment
            int start = x.indexOf("\n$databases") + 1;
            int end = x.indexOf(");\n", start) + 3;
            x.replace(start, end, "");
        })).says("settings.php", "database").fix("settings.php").fails(ErrorCode.SITE_INVALID, ERROR));
        t.add(BadInput.of("settings: Drupal settings.php unparseable").spoil(b -> {
            PhpCli.require("PHP judges whether settings.php parses");
            b.edit(b.drupalSettings(), x -> x.insert(x.indexOf("\n", x.indexOf("<?php")) + 1, "$broken = 'unterminated;\n"));
        }).says("settings.php", "not valid PHP", "line").fix("syntax", "php -l")
                .fails(ErrorCode.SETTINGS_INVALID, ERROR));
        // ---- the site
        t.add(BadInput.of("site: not a Drupal root").spoil(b -> b.commandLine = List.of("check",
                        Files.createDirectories(b.tmp.resolve("empty")).toString(), "--release", b.tarball.toString(), "--json"))
                .says("empty").fix("CMS root").fails(ErrorCode.SITE_NOT_RECOGNISED, ERROR));
        t.add(BadInput.of("site: CiviCRM module disabled").site(b -> b.builder.civicrmEnabled(false))
                .says("civicrm", "disabled").fix("enable").blocks("drupal7.civicrm-disabled", CHECK_FAILED));
        t.add(BadInput.of("site: unknown multisite folder").spoil(b -> b.extraArgs.addAll(List.of("--site", "no-such-site.example")))
                .says("no-such-site.example", "no civicrm.settings.php", "default").fix("listed sites").fails(ErrorCode.SITE_INVALID, ERROR));
        // ---- the command line and the environment
        t.add(BadInput.of("command line: unknown plan option").spoil(b -> b.extraArgs.addAll(List.of("--option", "migrate.timeout=30")))
                .says("migrate.timeout").fix("known options").fails(ErrorCode.INVALID_INPUT, USAGE));
        t.add(BadInput.of("command line: upgrader program missing").spoil(b -> b.cv = b.tmp.resolve("no-such-bin/cv"))
                .says("no-such-bin/cv", "not an executable").fix("install cv", "path").blocks("cv.installed", CHECK_FAILED));
        t.add(BadInput.of("work folder: a file in its place").spoil(b -> Files.writeString(b.work, "not a folder"))
                .says("is a file, not a folder").fix("Move the file away", "--work-dir").blocks("engine.work-dir-location", CHECK_FAILED));
        // ---- runs
        t.add(BadInput.of("runs: another run holds the lock").spoil(Runs::holdLock)
                .says("lock").fix("recover").fails(ErrorCode.SITE_LOCKED, LOCKED));
        t.add(BadInput.of("runs: an unfinished run").spoil(Runs::unfinishedRun)
                .says("did not finish its rollback").fix("civi-upgrade recover").then(ExitCodes.OK, "recover").fails(ErrorCode.UNFINISHED_RUN, NEEDS_RECOVERY));
        t.add(BadInput.of("journal: corrupt line, then recover").spoil(b -> {
            Runs.unfinishedRun(b);
            Path journal = b.journals().get(0);
            List<String> lines = new ArrayList<>(Files.readAllLines(journal));
            lines.set(lines.size() / 2, "{\"kind\":\"recorded\",\"comp" + "\u0000garbage");
            Files.write(journal, lines);
            b.command = "recover";
        }).says("journal", "line").fix("journal")
                .fails(ErrorCode.JOURNAL_INCOMPLETE, ExitCodes.MANUAL_RECOVERY));
        t.add(BadInput.of("journal: truncated, then status").spoil(b -> {
            Runs.unfinishedRun(b);
            Path journal = b.journals().get(0);
            byte[] all = Files.readAllBytes(journal);
            Files.write(journal, java.util.Arrays.copyOf(all, all.length - 7));
            b.command = "status";
            b.commandLine = new ArrayList<>(b.args());
            b.commandLine.remove("--json"); // the status report is JSON anyway; the advice is for people
        }).says("needsRecovery").fix("civi-upgrade recover").fails(ErrorCode.UNFINISHED_RUN, NEEDS_RECOVERY));
        // ---- disks
        t.add(BadInput.of("disk too small for the backup, found by check").spoil(b -> Disks.smallWorkDisk(b, "1m"))
                .says("backup needs", "free").fix("free disk space", "--work-dir")
                .knownIssue("after the last merges the check's size estimate let a 1 MB work disk pass (the run then failed and rolled back, site unchanged); the estimate or the disk size needs review")
                .blocks("mysql.disk", CHECK_FAILED));
        t.add(BadInput.of("disk full during the backup").spoil(b -> Disks.smallWorkDisk(b, "3m"))
                .says("no space left").fix("free", "space")
                .fails(ErrorCode.FILE_ERROR, ExitCodes.ROLLED_BACK));
        t.add(BadInput.of("disk full during the code swap").site(Disks::fullSiteDisk)
                .says("space").fix("space").fails(ErrorCode.FILE_ERROR, ExitCodes.ROLLED_BACK));
        // ---- database rights and objects (the pre-flight of issue 11)
        t.add(BadInput.of("database: account with rights on its own database only (no scratch schema)")
                .spoil(b -> {
                    grantOnOwnDatabase(b, "ALL PRIVILEGES");
                    // the fake site's routines belong to the administrator who made it: let the account read their bodies
                    for (String host : List.of("%", "localhost")) {
                        b.db.execute("GRANT SELECT ON mysql.proc TO '" + b.user + "'@'" + host + "'");
                    }
                })
                .says("verified without one", "GRANT ALL ON `cuv\\_verify\\_%`.*").reports("mysql.scratch-schema", Severity.INFO, ExitCodes.OK));
        t.add(BadInput.of("database: account without SHOW VIEW, with a view of another definer").spoil(b -> {
            List<String> keep = new ArrayList<>(PRIVILEGES);
            keep.addAll(List.of("EXECUTE", "REFERENCES"));
            grantOnOwnDatabase(b, String.join(", ", keep));
            b.db.execute("CREATE SQL SECURITY INVOKER VIEW civicrm_contact_names AS SELECT id FROM civicrm_contact");
        }).says("SHOW VIEW", "civicrm_contact_names").fix("GRANT SHOW VIEW ON `").blocks("mysql.object-definitions", CHECK_FAILED));
        t.add(BadInput.of("database: trigger whose DEFINER account does not exist").spoil(b -> {
            String ghost = "gone_" + Bench.hex(4);
            b.db.execute("CREATE USER '" + ghost + "'@'localhost'", "GRANT ALL ON `" + b.db.name() + "`.* TO '" + ghost + "'@'localhost'",
                    "CREATE DEFINER=`" + ghost + "`@`localhost` TRIGGER civicrm_contact_touch BEFORE UPDATE ON civicrm_contact"
                            + " FOR EACH ROW SET NEW.id = NEW.id",
                    "DROP USER '" + ghost + "'@'localhost'");
        }).says("civicrm_contact_touch", "gone_", "1449").fix("CREATE USER", "DEFINER=CURRENT_USER").blocks("mysql.definers", CHECK_FAILED));
        t.add(BadInput.of("database: zero dates the server's sql_mode accepts").spoil(b -> {
            try (var c = org.civiupgrade.testkit.TestDatabase.connect(b.db.coordinates()); var st = c.createStatement()) {
                st.execute("SET SESSION sql_mode = ''");
                st.execute("CREATE TABLE civicrm_zero_dates (id INT PRIMARY KEY, created_date DATETIME NULL)");
                st.execute("INSERT INTO civicrm_zero_dates VALUES (1, '0000-00-00 00:00:00')");
            }
        }).says("civicrm_zero_dates.created_date", "accepts them").reports("mysql.sql-mode", Severity.INFO, ExitCodes.OK));
        t.add(BadInput.of("settings: malformed CIVICRM_DSN (no '@'), its password never shown").spoil(b -> b.edit(b.civicrmSettings(),
                        x -> replaceAll(x, ":" + b.password + "@", ":" + b.password + "/")))
                .says("CIVICRM_DSN", "no '@'").fix("'@' between the password and the host").fails(ErrorCode.INVALID_INPUT, USAGE));
        // ---- database logins (issue 11: at once, with the server's own message)
        t.add(BadInput.of("database: wrong password").spoil(b -> {
            for (Path s : b.settingsFiles()) {
                b.edit(s, x -> replaceAll(x, b.password, "Wrong" + b.password.substring(2)));
            }
        }).says("access denied for user '" + "rel_").fix("password").fails(ErrorCode.DATABASE_ACCESS_DENIED, ExitCodes.DATABASE_ACCESS_DENIED));
        t.add(BadInput.of("database: unknown host").spoil(b -> {
            for (Path s : b.settingsFiles()) {
                b.edit(s, x -> replaceAll(x, "@" + b.db.coordinates().host() + ":", "@db.civi-upgrade-test.invalid:"));
                b.edit(s, x -> replaceAll(x, "'host' => '" + b.db.coordinates().host() + "'", "'host' => 'db.civi-upgrade-test.invalid'"));
            }
        }).says("db.civi-upgrade-test.invalid", "does not resolve").fix("host").fails(ErrorCode.DATABASE_UNREACHABLE, ExitCodes.DATABASE_UNREACHABLE));
        t.add(BadInput.of("database: unknown database").spoil(b -> {
            for (Path s : b.settingsFiles()) {
                b.edit(s, x -> replaceAll(x, "/" + b.db.name() + "?", "/no_such_db_" + b.user + "?"));
                b.edit(s, x -> replaceAll(x, "'database' => '" + b.db.name() + "'", "'database' => 'no_such_db_" + b.user + "'"));
            }
        }).says("no_such_db_").fix("database").fails(ErrorCode.DATABASE_ACCESS_DENIED, ExitCodes.DATABASE_ACCESS_DENIED));
        // ---- the site (issue 11: other sites, moved paths, extensions)
        t.add(BadInput.of("site: another multisite site shares the code folder").site(b -> {
            org.civiupgrade.testkit.TestDatabase other = b.db.server().createDatabase();
            b.cleanup(other);
            b.builder.multisite("members.example.org", other, "4.3.9");
            b.extraArgs.addAll(List.of("--site", "default"));
        }).says("sites/members.example.org", "4.3.9").fix("--option cms.otherSitesOnNewCode=true").blocks("drupal7.other-sites", CHECK_FAILED));
        t.add(BadInput.of("site: moved from another host ($civicrm_root)").site(b -> {
            b.builder.civicrmVersion("5.50.1");
            b.target = "5.56.1";
        }).spoil(b -> b.edit(b.civicrmSettings(), x -> replaceAll(x,
                        "'" + b.fake.civicrmDir() + "/'", "'/home/oldhost/www/sites/all/modules/civicrm/'")))
                .says("$civicrm_root", "/home/oldhost/www/sites/all/modules/civicrm/").fix("--option settings.fixMovedPaths=true")
                .reports("settings.moved-paths", Severity.WARNING, ExitCodes.OK));
        t.add(BadInput.of("site: an enabled extension the release does not meet").site(b -> {
            b.builder.civicrmVersion("5.50.1").extension("org.example.newer", null, true, List.of("5.60"), List.of());
            b.target = "5.56.1";
        }).says("org.example.newer", "5.60").fix("cv ext:disable org.example.newer").reports("extensions.compatibility", Severity.WARNING, ExitCodes.OK));
        // ---- the release and the work folder, inspected by check (issue 11)
        t.add(BadInput.of("release: a version inside differing from the file name").spoil(b -> {
            Path other = FakeRelease.of("4.7.1").writeTo(b.tmp.resolve("other"));
            Files.move(other, b.tarball, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }).says("4.7.1", "4.7.0").fix("Download").fails(ErrorCode.RELEASE_INVALID, ERROR));
        t.add(BadInput.of("release: world-writable entries (mode 0777)").spoil(b -> Tarballs.write(b.tarball, FakeRelease.of(b.target), "civicrm",
                        Map.of(), tar -> Tarballs.file(tar, "civicrm/bin/open.php", "<?php\n".getBytes(StandardCharsets.US_ASCII), 0100777)))
                .says("entries", "installed without").reports("release.modes", Severity.INFO, ExitCodes.OK));
        t.add(BadInput.of("release: no --sha256 given").says("sha256").fix("--sha256").reports("release.sha256", Severity.WARNING, ExitCodes.OK));
        t.add(BadInput.of("work folder inside the web root").spoil(b -> b.work = b.fake.root().resolve("cuv-work"))
                .says("cuv-work", "web root").fix("outside the web root").blocks("engine.work-dir-location", CHECK_FAILED));
        // ---- connections killed
        t.add(BadInput.of("connection killed during the backup").site(b -> b.afterCreate(Disks::bulkTable))
                .spoil(b -> Killer.start(b, b.user, 0, "SELECT `id`, `data` FROM", "civicrm_bulk"))
                .says("backup", "civicrm_bulk", "communications link failure | connection was unexpectedly lost").fix("server").knownIssue("the kill can come after the backup of the fake site has finished (the run then succeeds); it needs a table large enough to still be streaming")
                .fails(ErrorCode.DATABASE_ERROR, ExitCodes.ROLLED_BACK));
        t.add(BadInput.of("connection killed during the database upgrade").site(b -> b.release = FakeRelease.of(b.target)
                        .sql("4.5.0", FakeRelease.defaultSql("4.5.0") + "SELECT SLEEP(3) AS upgrade_in_progress;\n"))
                .spoil(b -> Killer.start(b, b.user, 0, "upgrade_in_progress"))
                .says("4.5.0", "communications link failure").fix("by hand", "restored from the backup").fails(ErrorCode.PROCESS_FAILED, ExitCodes.ROLLED_BACK));
        t.add(BadInput.of("connection killed during the restore (rollback)").site(b -> {
            b.afterCreate(Disks::bulkTable);
            b.release = FakeRelease.of(b.target).sql("4.5.0", FakeRelease.defaultSql("4.5.0") + "ALTER TABLE civicrm_bulk ADD COLUMN note INT;\n");
        }).spoil(b -> {
            b.cv = org.civiupgrade.testkit.FakeCv.install(b.tmp.resolve("bin"), b.siteAccount(), b.fake.civicrmDir(), "4.6.0");
            Killer.start(b, b.user, 0, "LOAD DATA", "civicrm_bulk");
        }).says("4.6.0").fix("by hand", "restored from the backup").fails(ErrorCode.PROCESS_FAILED, ExitCodes.ROLLED_BACK));
        return List.copyOf(t);
    }

    private static void replaceAll(StringBuilder b, String from, String to) {
        String s = b.toString().replace(from, to);
        b.setLength(0);
        b.append(s);
    }

    /** The site's account holds exactly {@code privileges} on the site's database and nothing else. */
    static void grantOnOwnDatabase(Bench b, String privileges) {
        for (String host : List.of("%", "localhost")) {
            b.db.execute("REVOKE ALL PRIVILEGES, GRANT OPTION FROM '" + b.user + "'@'" + host + "'",
                    "GRANT " + privileges + " ON `" + b.db.name() + "`.* TO '" + b.user + "'@'" + host + "'");
        }
    }

    /** The site's account loses one privilege: it keeps every other one the run needs, on the site's database only. */
    static void limitAccount(Bench b, String missing) {
        List<String> keep = new ArrayList<>(PRIVILEGES);
        keep.remove(missing);
        keep.add("SHOW VIEW");
        keep.add("EXECUTE");
        keep.add("REFERENCES");
        for (String host : List.of("%", "localhost")) {
            b.db.execute("REVOKE ALL PRIVILEGES, GRANT OPTION FROM '" + b.user + "'@'" + host + "'",
                    "GRANT " + String.join(", ", keep) + " ON `" + b.db.name() + "`.* TO '" + b.user + "'@'" + host + "'");
        }
    }

    /** The file cannot be read: mode 000, and for root (who reads anyway) a folder in its place. */
    static void unreadable(Bench b, Path file) throws Exception {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        b.cleanup(() -> Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--")));
        if (Files.isReadable(file) && "root".equals(System.getProperty("user.name"))) {
            Path kept = file.resolveSibling(file.getFileName() + ".kept");
            Files.move(file, kept);
            Files.createDirectory(file);
            b.cleanup(() -> {
                Files.delete(file);
                Files.move(kept, file);
            });
        }
    }

    /** The file cannot be written: mode 0444, and for root (who writes anyway) the immutable attribute too. */
    static void readOnly(Bench b, Path file) throws Exception {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        if ("root".equals(System.getProperty("user.name"))) {
            Disks.run(b, List.of("chattr", "+i", file.toString()), List.of("chattr", "-i", file.toString()));
        }
        try {
            Files.write(file, new byte[0], StandardOpenOption.APPEND);
        } catch (java.io.IOException expected) {
            return;
        }
        throw new IllegalStateException(file + " is still writable: the scenario cannot make it read-only here");
    }
}
