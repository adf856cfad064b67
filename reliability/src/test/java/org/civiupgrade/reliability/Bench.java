package org.civiupgrade.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Secret;
import org.civiupgrade.cli.CiviUpgradeCommand;
import org.civiupgrade.testkit.FakeCv;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.TestDatabase;
import picocli.CommandLine;

/**
 * One fresh site for one scenario: a fake Drupal 7 + CiviCRM site whose settings name a database
 * account of its own with a unique password, with a unique CiviCRM site key, Drupal hash salt and
 * CiviCRM credential and signing keys planted in its settings (see {@link #secrets()}), a release
 * tarball, a fake {@code cv}, a work folder, and the command line that runs civi-upgrade on them
 * in process. Scenarios spoil it before the command runs.
 */
final class Bench implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    final Path tmp;
    final TestDatabase db;
    final FakeDrupalSite.Builder builder = FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules();
    /** The site's own database account and its unique password. */
    final String user = "rel_" + hex(5);
    final String password = "Pw" + hex(12);
    final String siteKey = "SK" + hex(15);
    final String hashSalt = "HS" + hex(20);
    final String credKey = "CK" + hex(16);
    final String signKey = "SG" + hex(16);
    String target = "4.7.0";
    /** The release to write; null: {@code FakeRelease.of(target)}. */
    FakeRelease release;
    private final List<BadInput.Spoil> afterCreate = new ArrayList<>();
    FakeDrupalSite fake;
    Path tarball;
    Path cv;
    Path work;
    /** The command (run, check, dry-run, recover, status); the site, release, upgrader and work folder are added. */
    String command = "run";
    final List<String> extraArgs = new ArrayList<>();
    /** Replaces the whole command line when set (e.g. a usage error). */
    List<String> commandLine;
    private final List<AutoCloseable> cleanups = new ArrayList<>();

    Bench(Path tmp, TestDatabase db) {
        this.tmp = tmp;
        this.db = db;
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Every secret planted in the site's settings, by name; none may appear in any output. */
    java.util.Map<String, String> secrets() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("database password", password);
        m.put("site key", siteKey);
        m.put("hash salt", hashSalt);
        m.put("credential key", credKey);
        m.put("signing key", signKey);
        return m;
    }

    /** The site's database account's coordinates. */
    DatabaseCoordinates siteAccount() {
        DatabaseCoordinates a = db.coordinates();
        return DatabaseCoordinates.of(a.host(), a.port(), a.database(), user, Secret.of(password));
    }

    /** Creates the site (with the builder as the scenario left it), its account, release, cv and work folder. */
    void create() throws Exception {
        DatabaseCoordinates admin = db.coordinates();
        for (String host : List.of("%", "localhost")) {
            db.execute("CREATE USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + password + "'",
                    "GRANT ALL PRIVILEGES ON *.* TO '" + user + "'@'" + host + "'");
        }
        cleanups.add(() -> {
            for (String host : List.of("%", "localhost")) {
                db.execute("DROP USER IF EXISTS '" + user + "'@'" + host + "'");
            }
        });
        fake = builder.create(tmp.resolve("site"), db);
        for (Path settings : settingsFiles()) {
            String text = Files.readString(settings, StandardCharsets.ISO_8859_1);
            text = text.replace(":" + admin.password().reveal() + "@", ":" + password + "@")
                    .replace("'" + admin.password().reveal() + "'", "'" + password + "'")
                    .replace("//" + admin.user() + ":", "//" + user + ":")
                    .replace("'" + admin.user() + "'", "'" + user + "'");
            text = text.replaceAll("\\$drupal_hash_salt = '[^']*';", Matcher.quoteReplacement("$drupal_hash_salt = '" + hashSalt + "';"));
            Matcher key = Pattern.compile("(define\\(\\s*'CIVICRM_SITE_KEY'\\s*,\\s*)(?:'[^']*'|null|NULL)").matcher(text);
            text = key.replaceAll("$1'" + siteKey + "'");
            if (settings.getFileName().toString().equals("civicrm.settings.php")) {
                text = text.replaceFirst("<\\?php\\s*\n", Matcher.quoteReplacement("<?php\ndefine('CIVICRM_CRED_KEYS', 'aes-cbc:hkdf-sha256:" + credKey
                        + "');\ndefine('CIVICRM_SIGN_KEYS', 'jwt-hs256:hkdf-sha256:" + signKey + "');\n"));
            }
            Files.writeString(settings, text, StandardCharsets.ISO_8859_1);
        }
        tarball = (release != null ? release : FakeRelease.of(target)).writeTo(tmp.resolve("downloads"));
        cv = FakeCv.install(tmp.resolve("bin"), siteAccount(), fake.civicrmDir(), null);
        work = tmp.resolve("work");
        for (BadInput.Spoil s : afterCreate) {
            s.apply(this);
        }
    }

    /** Runs {@code s} right after the site is created (for spoilers that act in the site phase). */
    void afterCreate(BadInput.Spoil s) {
        afterCreate.add(s);
    }

    List<Path> settingsFiles() throws IOException {
        try (Stream<Path> s = Files.walk(fake.root().resolve("sites"))) {
            return s.filter(p -> p.getFileName().toString().equals("settings.php")
                    || p.getFileName().toString().equals("civicrm.settings.php")).filter(Files::isRegularFile).toList();
        }
    }

    Path civicrmSettings() {
        return fake.siteDir().resolve("civicrm.settings.php");
    }

    Path drupalSettings() {
        return fake.siteDir().resolve("settings.php");
    }

    /** Runs {@code action} when the scenario ends (after the fingerprint), newest first. */
    void cleanup(AutoCloseable action) {
        cleanups.add(action);
    }

    /** The command line of the scenario. */
    List<String> args() {
        if (commandLine != null) {
            return commandLine;
        }
        List<String> a = new ArrayList<>(List.of(command, fake.root().toString()));
        if (!command.equals("recover") && !command.equals("status")) {
            a.addAll(List.of("--release", tarball.toString(), "--upgrader", "cv", "--upgrader-path", cv.toString()));
        }
        a.addAll(List.of("--work-dir", work.toString(), "--json"));
        a.addAll(extraArgs);
        return a;
    }

    /** What one command printed and returned. */
    record Outcome(List<String> args, int exit, String out, String err) {
        Optional<JsonNode> json() {
            try {
                JsonNode doc = JSON.readTree(out);
                return doc == null || doc.isMissingNode() ? Optional.empty() : Optional.of(doc);
            } catch (IOException notJson) {
                return Optional.empty();
            }
        }
    }

    /** Runs the command in process, as {@code main} would, capturing both writers. */
    static Outcome cli(List<String> args) {
        CommandLine cli = CiviUpgradeCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Outcome(args, exit, out.toString(), err.toString());
    }

    /** Journals of the runs in the work folder. */
    List<Path> journals() throws IOException {
        Path runs = work.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(runs)) {
            return s.map(r -> r.resolve("journal.jsonl")).filter(Files::exists).sorted().toList();
        }
    }

    /** Edits a site file's text. */
    void edit(Path file, Consumer<StringBuilder> change) throws IOException {
        StringBuilder b = new StringBuilder(Files.readString(file, StandardCharsets.ISO_8859_1));
        change.accept(b);
        Files.writeString(file, b, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (int i = cleanups.size() - 1; i >= 0; i--) {
            try {
                cleanups.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
