package org.civiupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Secret;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.testkit.ChildJvm;
import org.civiupgrade.testkit.FakeCv;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.SecretScan;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Unique passwords (for a database account made for the test), site key, hash salt and credential
 * and signing keys are planted in a fake Drupal 7 site, and its fake {@code cv} prints them (as a
 * real one may print a DSN); check, dry-run, a successful run, a failed run that rolls back and
 * status, all with {@code --verbose} and {@code --json}, must show none of them: not on standard
 * output or error, not in the library's log, not in the JSON report, the journal, the manifest or
 * any other file of the work directory (but the owner-only saved copies of the settings files).
 * Run folders and backups are owner-only.
 */
@WithTestDatabase
class SecretsNeverShownTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path tmp;

    private final List<String> accounts = new ArrayList<>();
    private TestDatabase database;

    record Outcome(int exit, String out, String err, String log) {
    }

    @AfterEach
    void dropAccounts() {
        for (String a : accounts) {
            database.execute("DROP USER IF EXISTS " + a);
        }
    }

    /** Runs the command in process, capturing the log (the SLF4J binding writes to System.err). */
    static Outcome cli(String... args) {
        CommandLine cli = CiviUpgradeCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = cli.execute(args);
        } finally {
            System.setErr(original);
        }
        return new Outcome(exit, out.toString(), err.toString(), log.toString(StandardCharsets.UTF_8));
    }

    /** Runs the command's main class in a new JVM; its standard output, error and log, merged. */
    static String command(String... args) throws Exception {
        try (ChildJvm child = ChildJvm.start(CiviUpgradeCommand.class, Map.of(), List.of(args))) {
            assertThat(child.awaitLine(l -> false, Duration.ofMinutes(5))).isEmpty();
            return String.join("\n", child.output());
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String rawurlencode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char ch = (char) (b & 0xff);
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || "-_.~".indexOf(ch) >= 0) {
                sb.append(ch);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    private static String php(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }

    /** The planted site: its secrets by name, its folders and its fake cv. */
    record Planted(FakeDrupalSite site, Map<String, String> secrets, DatabaseCoordinates account) {
    }

    private Planted plant(TestDatabase db, String name) throws Exception {
        database = db;
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules()
                .create(tmp.resolve(name), db);
        String user = "cuvs" + random(4);
        // special characters a DSN must escape, non-ASCII, and a space
        String password = "Pw" + random(5) + "!\u00e9@:/#? +%x";
        for (String host : List.of("'%'", "'localhost'")) {
            db.execute("CREATE USER '" + user + "'@" + host + " IDENTIFIED BY '" + password.replace("'", "''") + "'",
                    "GRANT ALL PRIVILEGES ON *.* TO '" + user + "'@" + host);
            accounts.add("'" + user + "'@" + host);
        }
        DatabaseCoordinates old = db.coordinates();
        String siteKey = "sk" + random(16);
        String salt = Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(random(32)));
        byte[] cred = HexFormat.of().parseHex(random(32));
        byte[] sign = HexFormat.of().parseHex(random(32));
        String credB64 = Base64.getEncoder().encodeToString(cred);
        String signHex = HexFormat.of().formatHex(sign);

        Path settings = fake.siteDir().resolve("settings.php");
        String d = Files.readString(settings, StandardCharsets.UTF_8);
        assertThat(d).contains("'password' => '" + old.password().reveal() + "'");
        d = d.replace("'username' => '" + old.user() + "'", "'username' => '" + user + "'")
                .replace("'password' => '" + old.password().reveal() + "'", "'password' => '" + php(password) + "'")
                .replaceAll("\\$drupal_hash_salt = '[^']*';", "\\$drupal_hash_salt = '" + salt + "';");
        Files.writeString(settings, d, StandardCharsets.UTF_8);

        Path civi = fake.siteDir().resolve("civicrm.settings.php");
        String c = Files.readString(civi, StandardCharsets.UTF_8);
        String oldUserInfo = rawurlencode(old.user()) + ":" + rawurlencode(old.password().reveal()) + "@";
        assertThat(c).contains(oldUserInfo);
        c = c.replace(oldUserInfo, rawurlencode(user) + ":" + rawurlencode(password) + "@")
                .replaceAll("define\\(\\s*'CIVICRM_SITE_KEY'\\s*,\\s*(?:'[^']*'|null)\\s*\\);",
                        "define('CIVICRM_SITE_KEY', '" + siteKey + "');\n"
                                + "define('CIVICRM_CRED_KEYS', 'aes-cbc:hkdf-sha256:" + credB64 + "');\n"
                                + "define('CIVICRM_SIGN_KEYS', 'jwt-hs256:hkdf-sha256:" + signHex + " jwt-hs256::old" + random(8) + "');");
        assertThat(c).contains(siteKey);
        Files.writeString(civi, c, StandardCharsets.UTF_8);

        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("database password", password);
        secrets.put("site key", siteKey);
        secrets.put("hash salt", salt);
        secrets.put("credential key", credB64);
        secrets.put("credential key (hex)", HexFormat.of().formatHex(cred));
        secrets.put("signing key", signHex);
        secrets.put("signing key (base64)", Base64.getEncoder().encodeToString(sign));
        DatabaseCoordinates account = new DatabaseCoordinates(old.host(), old.port(), old.database(), user, Secret.of(password),
                "", Map.of());
        return new Planted(fake, secrets, account);
    }

    private String[] args(String command, Planted p, Path tarball, Path cv, String... more) {
        List<String> a = new ArrayList<>(List.of(command, p.site().root().toString(), "--release", tarball.toString(),
                "--upgrader", "cv", "--upgrader-path", cv.toString(), "--work-dir", tmp.resolve("work").toString(), "--verbose"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static void scan(SecretScan scan, String what, Outcome o) {
        scan.text(what + " stdout", o.out()).text(what + " stderr", o.err()).text(what + " log", o.log());
    }

    /** The echo a real cv may print: the DSN, the keys and the salt. */
    private static List<String> cvEcho(Planted p) {
        Map<String, String> s = p.secrets();
        return List.of("cv-debug: CIVICRM_DSN=mysql://" + p.account().user() + ":" + rawurlencode(s.get("database password"))
                        + "@127.0.0.1/db?new_link=true",
                "cv-debug: password=" + s.get("database password") + " site_key=" + s.get("site key") + " salt=" + s.get("hash salt"),
                "cv-debug: cred=aes-cbc:hkdf-sha256:" + s.get("credential key") + " sign=" + s.get("signing key"));
    }

    @Test
    void checkDryRunRunAndStatusShowNoSecretAndRunFoldersAreOwnerOnly(TestDatabase db) throws Exception {
        Planted p = plant(db, "site");
        SecretScan scan = SecretScan.of(p.secrets());
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), p.account(), p.site().civicrmDir(), null, cvEcho(p));

        Outcome check = cli(args("check", p, tarball, cv, "--json"));
        assertThat(check.exit()).as(check.err() + check.out()).isEqualTo(ExitCodes.OK);
        scan(scan, "check --json", check);
        Outcome checkText = cli(args("check", p, tarball, cv));
        scan(scan, "check", checkText);

        Outcome dry = cli(args("dry-run", p, tarball, cv, "--json"));
        scan(scan, "dry-run --json", dry);
        Outcome dryText = cli(args("dry-run", p, tarball, cv));
        scan(scan, "dry-run", dryText);

        // the real command in its own process, so that --verbose shows the library's whole log
        String run = command(args("run", p, tarball, cv));
        assertThat(run).contains("Result: SUCCEEDED");
        scan.text("run --verbose (output and log)", run);
        // the library did log the upgrader's output, with the planted secrets masked
        assertThat(run).contains("cv-debug: password=******").contains("site_key=******").contains("salt=******")
                .contains("cv-debug: CIVICRM_DSN=mysql://" + p.account().user() + ":******");

        Outcome status = cli("status", p.site().root().toString(), "--work-dir", tmp.resolve("work").toString(), "--json", "--verbose");
        scan(scan, "status", status);

        scanWorkDir(scan);
        scan.assertNone();
        assertThat(scan.scanned()).anyMatch(s -> s.endsWith("journal.jsonl") || s.contains("journal"))
                .anyMatch(s -> s.contains("manifest"));
        assertOwnerOnly(tmp.resolve("work"));
    }

    @Test
    void aFailedRunThatRollsBackShowsNoSecret(TestDatabase db) throws Exception {
        Planted p = plant(db, "site");
        SecretScan scan = SecretScan.of(p.secrets());
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), p.account(), p.site().civicrmDir(), "4.6.0", cvEcho(p));

        Outcome failed = cli(args("run", p, tarball, cv, "--json"));
        assertThat(failed.exit()).as(failed.err()).isNotEqualTo(ExitCodes.OK);
        UpgradeResult r = UpgradeResult.fromJson(failed.out());
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        scan(scan, "failed run --json", failed);
        Outcome failedText = cli(args("run", p, tarball, cv));
        scan(scan, "failed run", failedText);
        String verbose = command(args("run", p, tarball, cv));
        assertThat(verbose).contains("ROLLED_BACK").contains("cv-debug: password=******");
        scan.text("failed run --verbose (output and log)", verbose);

        scanWorkDir(scan);
        scan.assertNone();
        assertOwnerOnly(tmp.resolve("work"));
    }

    @Test
    void aMalformedDsnIsRefusedWithoutShowingThePassword(TestDatabase db) throws Exception {
        Planted p = plant(db, "site");
        Path civi = p.site().siteDir().resolve("civicrm.settings.php");
        String good = Files.readString(civi, StandardCharsets.UTF_8);
        String password = p.secrets().get("database password");
        String user = p.account().user();
        String enc = rawurlencode(password);
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), p.account(), p.site().civicrmDir(), null);
        String userInfo = rawurlencode(user) + ":" + enc + "@";
        // every way a DSN breaks: no '@', no '//', unencoded specials, empty host, bad port, mysqli, spaces
        List<String> broken = List.of(rawurlencode(user) + ":" + enc + "/", rawurlencode(user) + ":" + password + "@",
                rawurlencode(user) + ":" + enc + "@:99999" + "/", rawurlencode(user) + ":" + enc + "@h:" + enc + "/",
                " " + rawurlencode(user) + " : " + enc + " @ ");
        SecretScan scan = SecretScan.of(Map.of("database password", password));
        int n = 0;
        for (String b : broken) {
            Files.writeString(civi, good.replace(userInfo, b), StandardCharsets.UTF_8);
            for (String json : List.of("--json", "--verbose")) {
                Outcome o = cli(args("check", p, tarball, cv, json));
                scan(scan, "check with broken DSN " + n + " " + json, o);
            }
            n++;
        }
        Files.writeString(civi, good.replace("mysql://" + userInfo, "mysqli:" + userInfo), StandardCharsets.UTF_8);
        scan(scan, "check with mysqli: DSN", cli(args("check", p, tarball, cv, "--json")));
        scanWorkDir(scan);
        scan.assertNone();
    }

    private void scanWorkDir(SecretScan scan) {
        // the saved copies of the settings files hold them by design (owner-only, for the rollback)
        scan.tree(tmp.resolve("work"), f -> f.toString().contains("/saved-files/"));
    }

    /**
     * Every run folder (journal, manifest, backups, saved files) and every other folder of the work
     * directory is readable by its owner only; {@code runs/} itself only lists the run ids.
     */
    private static void assertOwnerOnly(Path work) throws Exception {
        Set<PosixFilePermission> others = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_WRITE);
        List<Path> guarded = new ArrayList<>();
        try (Stream<Path> top = Files.list(work)) {
            for (Path dir : top.filter(Files::isDirectory).toList()) {
                if (dir.getFileName().toString().equals("runs")) {
                    try (Stream<Path> runs = Files.list(dir)) {
                        guarded.addAll(runs.filter(Files::isDirectory).toList());
                    }
                } else {
                    guarded.add(dir);
                }
            }
        }
        assertThat(guarded).anyMatch(d -> d.getParent().getFileName().toString().equals("runs"));
        for (Path dir : guarded) {
            assertThat(Files.getPosixFilePermissions(dir)).as(dir.toString()).doesNotContainAnyElementsOf(others);
        }
    }
}
