package org.civiupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Release;
import org.civiupgrade.Reversibility;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.civiupgrade.testkit.FakeCv;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.Faults;
import org.civiupgrade.testkit.PhpCli;
import org.civiupgrade.testkit.ScriptedAction;
import org.civiupgrade.testkit.ScriptedStep;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithFaults;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command run in process against fake Drupal 7 sites, a fake release and a fake cv. */
@WithTestDatabase
@WithFaults
class CiviUpgradeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Outcome(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    static Outcome cli(String... args) {
        CommandLine cli = CiviUpgradeCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        System.out.println("$ civi-upgrade " + String.join(" ", args) + "\n" + err + "exit " + exit + "\n");
        return new Outcome(exit, out.toString(), err.toString());
    }

    private FakeDrupalSite site(TestDatabase db, FakeDrupalSite.Builder builder) {
        return builder.create(tmp.resolve("site"), db);
    }

    private String[] upgrade(String command, FakeDrupalSite fake, Path tarball, Path cv, String... more) {
        List<String> a = new ArrayList<>(List.of(command, fake.root().toString(), "--release", tarball.toString(),
                "--upgrader", "cv", "--upgrader-path", cv.toString(), "--work-dir", tmp.resolve("work").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static void assertNoSecret(Outcome o, TestDatabase db) {
        String password = db.coordinates().password().reveal();
        if (!password.isEmpty()) {
            assertThat(o.out()).doesNotContain(password);
            assertThat(o.err()).doesNotContain(password);
        }
    }

    @Test
    void runUpgradesTheSiteAndReportsSucceeded(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db, FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules()
                .frontPage("civicrm/dashboard"));
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), null);
        String sha = com.google.common.io.MoreFiles.asByteSource(tarball).hash(com.google.common.hash.Hashing.sha256()).toString();

        Outcome o = cli(upgrade("run", fake, tarball, cv, "--sha256", sha));

        assertThat(o.exit()).as(o.err()).isEqualTo(ExitCodes.OK);
        UpgradeResult r = UpgradeResult.fromJson(o.out());
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.steps()).extracting(UpgradeResult.StepOutcome::stepId).contains("backup-database", "swap-code", "migrate-database");
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.7.0");
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.7.0"));
        assertThat(new String(fake.variable("site_frontpage"), StandardCharsets.UTF_8)).isEqualTo("s:17:\"civicrm/dashboard\";");
        assertThat(o.err()).contains("[1/", "backup-database", "migrate-database", "Result: SUCCEEDED")
                .doesNotContain("Exception");
        assertNoSecret(o, db);

        Outcome status = cli("status", fake.root().toString(), "--work-dir", tmp.resolve("work").toString(), "--json");
        assertThat(status.exit()).isEqualTo(ExitCodes.OK);
        assertThat(status.err()).isEmpty();
        assertThat(status.json().get("codeVersion").asText()).isEqualTo("4.7.0");
        assertThat(status.json().get("locked").asBoolean()).isFalse();
        assertThat(status.json().get("needsRecovery").asBoolean()).isFalse();
    }

    @Test
    void aFailingRevisionIsRolledBackExactly(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db, FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules());
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), "4.6.0");
        SiteFingerprint before = SiteFingerprint.of(fake);

        Outcome o = cli(upgrade("run", fake, tarball, cv, "--json"));

        assertThat(o.exit()).as(o.err()).isEqualTo(ExitCodes.ROLLED_BACK);
        assertThat(o.err()).isEmpty();
        UpgradeResult r = UpgradeResult.fromJson(o.out());
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(r.failure().stepId()).isEqualTo("migrate-database");
        assertThat(r.failure().code()).isEqualTo(ErrorCode.PROCESS_FAILED);
        assertThat(r.failure().message()).contains("4.6.0");
        // Drupal rebuilds the cache rows the Drupal 7 steps delete; the code swap's rollback empties templates_c
        assertThat(SiteFingerprint.of(fake).withoutDrupalCaches().diff(before.withoutDrupalCaches())).isEmpty();
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.4.0");
        assertNoSecret(o, db);
    }

    @Test
    void aFailedCheckChangesNothingAndExits3(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db, FakeDrupalSite.builder().civicrmVersion("4.4.0").civicrmEnabled(false));
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), null);
        SiteFingerprint before = SiteFingerprint.of(fake);

        Outcome check = cli(upgrade("check", fake, tarball, cv));
        assertThat(check.exit()).as(check.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        JsonNode doc = check.json();
        assertThat(doc.get("passed").asBoolean()).isFalse();
        assertThat(doc.get("results").findValuesAsText("id")).contains("drupal7.civicrm-disabled", "mysql.scratch-schema",
                "mysql.object-definitions", "mysql.definers", "mysql.sql-mode");
        assertThat(check.err()).contains("BLOCKER drupal7.civicrm-disabled", "fix:", "Checks failed");

        Outcome dry = cli(upgrade("dry-run", fake, tarball, cv));
        assertThat(dry.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(dry.json().get("actions").findValuesAsText("stepId")).contains("swap-code", "migrate-database");

        Outcome run = cli(upgrade("run", fake, tarball, cv));
        assertThat(run.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(run.json().get("passed").asBoolean()).isFalse();
        assertThat(SiteFingerprint.of(fake).diff(before)).isEmpty();
        assertNoSecret(run, db);
    }

    @Test
    void aLockedSiteIsReportedAndRefused(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db, FakeDrupalSite.builder().civicrmVersion("4.4.0"));
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), null);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<UpgradeResult> other = CompletableFuture.supplyAsync(
                () -> Upgrade.of(site).step(new HoldStep(release)).plan().run());
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Upgrade.lockHolder(site).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String work = tmp.resolve("work").toString();
            Outcome status = cli("status", fake.root().toString(), "--work-dir", work);
            assertThat(status.exit()).as(status.err()).isEqualTo(ExitCodes.LOCKED);
            assertThat(status.json().get("locked").asBoolean()).isTrue();
            assertThat(status.json().get("lockHolder").asText()).startsWith("upgrade by process");

            Outcome run = cli(upgrade("run", fake, tarball, cv));
            assertThat(run.exit()).isEqualTo(ExitCodes.LOCKED);
            assertThat(run.json().get("error").get("code").asText()).isEqualTo("SITE_LOCKED");
            assertThat(run.err()).contains("error: Another civi-upgrade run holds the lock", "remedy: ")
                    .contains("'civi-upgrade recover DRUPAL_ROOT --work-dir DIR'").doesNotContain("\tat ");

            assertThat(cli("recover", fake.root().toString(), "--work-dir", work).exit()).isEqualTo(ExitCodes.LOCKED);
        } finally {
            release.countDown();
        }
        assertThat(other.get(60, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(cli("status", fake.root().toString(), "--work-dir", tmp.resolve("work").toString()).exit()).isEqualTo(ExitCodes.OK);
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.4.0"));
    }

    @Test
    void recoverFinishesAnUnfinishedRun(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db, FakeDrupalSite.builder().civicrmVersion("4.4.0"));
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), null);
        String work = tmp.resolve("work").toString();
        SiteFingerprint before = SiteFingerprint.of(fake);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        // a run whose step fails and whose undo fails too: the journal is left unfinished
        Faults.arm("edit#0:after");
        Faults.arm("undo:edit#0");
        UpgradeResult broken = Upgrade.of(site)
                .step(new ScriptedStep("edit", List.of(new ScriptedAction.WriteFile("sites/default/files/note.txt", "changed"))))
                .plan().run();
        assertThat(broken.status()).isEqualTo(RunStatus.ROLLBACK_INCOMPLETE);
        assertThat(SiteFingerprint.of(fake).diff(before)).isNotEmpty();

        Outcome status = cli("status", fake.root().toString(), "--work-dir", work);
        assertThat(status.exit()).isEqualTo(ExitCodes.NEEDS_RECOVERY);
        assertThat(status.json().get("needsRecovery").asBoolean()).isTrue();
        assertThat(status.err()).contains("civi-upgrade recover");

        Outcome refused = cli(upgrade("run", fake, tarball, cv));
        assertThat(refused.exit()).isEqualTo(ExitCodes.NEEDS_RECOVERY);
        assertThat(refused.json().get("error").get("code").asText()).isEqualTo("UNFINISHED_RUN");
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.4.0"));

        // the cause of the failed undo still there: recovery is incomplete again
        Outcome stillBroken = cli("recover", fake.root().toString(), "--work-dir", work);
        assertThat(stillBroken.exit()).isEqualTo(ExitCodes.ROLLBACK_INCOMPLETE);
        assertThat(stillBroken.err()).contains("NOT undone");

        Faults.clear();
        Outcome recovered = cli("recover", fake.root().toString(), "--work-dir", work);
        assertThat(recovered.exit()).as(recovered.err()).isEqualTo(ExitCodes.OK);
        UpgradeResult r = UpgradeResult.fromJson(recovered.out());
        assertThat(r.recovery()).isTrue();
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(SiteFingerprint.of(fake).diff(before)).isEmpty();

        assertThat(cli("status", fake.root().toString(), "--work-dir", work).exit()).isEqualTo(ExitCodes.OK);
        Outcome nothing = cli("recover", fake.root().toString(), "--work-dir", work);
        assertThat(nothing.exit()).isEqualTo(ExitCodes.OK);
        assertThat(nothing.json().get("recovered").asBoolean()).isFalse();
    }

    @Test
    void siteChoosesTheMultisiteFolder(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db, FakeDrupalSite.builder().civicrmVersion("4.4.0").multisite("example.org"));
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), null);

        Outcome check = cli(upgrade("check", fake, tarball, cv, "--site", "example.org", "--option", "settings.addSiteKey=true"));
        assertThat(check.exit()).as(check.err()).isEqualTo(ExitCodes.OK);
        assertThat(check.json().get("site").asText()).contains("site example.org");
        assertThat(check.json().get("passed").asBoolean()).isTrue();

        Outcome unknown = cli("status", fake.root().toString(), "--site", "no-such-site.example", "--work-dir", tmp.resolve("work").toString());
        assertThat(unknown.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(unknown.err()).contains("error: ", "remedy: ");
    }

    @Test
    void aDsnOnlyPhpCanComputeIsRefusedWithoutPhpAndReadWithIt(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db, FakeDrupalSite.builder().civicrmVersion("4.4.0"));
        Path settings = fake.siteDir().resolve("civicrm.settings.php");
        String text = Files.readString(settings, StandardCharsets.ISO_8859_1);
        String computed = text.replaceFirst("define\\(\\s*'CIVICRM_DSN'\\s*,\\s*'([^']*/" + db.name() + "[^']*)'\\s*\\)",
                "define('CIVICRM_DSN', str_replace('#', '', '#$1'))");
        assertThat(computed).as("the fake's DSN define was rewritten").isNotEqualTo(text);
        Files.writeString(settings, computed, StandardCharsets.ISO_8859_1);
        String work = tmp.resolve("work").toString();

        Outcome refused = cli("status", fake.root().toString(), "--work-dir", work);
        assertThat(refused.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(refused.err()).contains("CIVICRM_DSN", "civicrm.settings.php", "--php");
        assertNoSecret(refused, db);

        Path php = PhpCli.require("the --php half of this test (a DSN only PHP can compute)");
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), null);
        Outcome read = cli(upgrade("check", fake, tarball, cv, "--php", php.toString()));
        assertThat(read.exit()).as(read.err()).isEqualTo(ExitCodes.OK);
        assertThat(read.json().get("passed").asBoolean()).isTrue();
        assertThat(read.out()).as("the database PHP named was the one checked").contains("4.4.0");
    }

    @Test
    void codeSwapFoldersOfARunFromAnotherWorkDirectoryAreNeverIdle(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db, FakeDrupalSite.builder().civicrmVersion("4.4.0"));
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), null);
        Path left = fake.civicrmDir().resolveSibling("." + fake.civicrmDir().getFileName() + ".old-20260101T000000Z-abcde");
        try (var files = Files.walk(fake.civicrmDir())) {
            for (Path p : files.toList()) {
                Files.copy(p, left.resolve(fake.civicrmDir().relativize(p).toString()));
            }
        }
        SiteFingerprint before = SiteFingerprint.of(fake);
        String work = tmp.resolve("work").toString();

        Outcome status = cli("status", fake.root().toString(), "--work-dir", work);
        assertThat(status.exit()).as(status.err()).isEqualTo(ExitCodes.MANUAL_RECOVERY);
        assertThat(status.err()).contains(left.toString(), "Not idle");
        Outcome recover = cli("recover", fake.root().toString(), "--work-dir", work);
        assertThat(recover.exit()).isEqualTo(ExitCodes.MANUAL_RECOVERY);
        Outcome run = cli(upgrade("run", fake, tarball, cv));
        assertThat(run.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(run.err() + run.out()).contains("engine.unaccounted-upgrade");
        assertThat(SiteFingerprint.of(fake).diff(before)).as("nothing was changed").isEmpty();

        try (var files = Files.walk(left)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertThat(cli("status", fake.root().toString(), "--work-dir", work).exit()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void aKilledRunIsRecoveredByTheCommand(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db, FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules());
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        // a cv that never finishes: the run is killed while the database upgrade is running
        Path started = tmp.resolve("cv.pid");
        Path cv = Files.writeString(Files.createDirectories(tmp.resolve("bin")).resolve("cv"),
                "#!/bin/sh\necho $$ > '" + started + "'\nexec sleep 120\n");
        Files.setPosixFilePermissions(cv, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        SiteFingerprint before = SiteFingerprint.of(fake);
        String work = tmp.resolve("work").toString();

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CiviUpgradeCommand.class.getName()));
        command.addAll(List.of(upgrade("run", fake, tarball, cv)));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!(Files.exists(started) && Files.size(started) > 0) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(Files.exists(started)).as(Files.exists(tmp.resolve("child.log"))
                    ? Files.readString(tmp.resolve("child.log")) : "no output").isTrue();
            assertThat(cli("status", fake.root().toString(), "--work-dir", work).exit()).isEqualTo(ExitCodes.LOCKED);
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            if (Files.exists(started)) {
                ProcessHandle.of(Long.parseLong(Files.readString(started).trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        assertThat(Files.readString(tmp.resolve("child.log"))).contains("[8/13] migrate-database");
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.7.0"));

        // without the run's work directory, nothing may say "idle" or "nothing to recover"
        String other = tmp.resolve("other-work").toString();
        Outcome blind = cli("status", fake.root().toString(), "--work-dir", other);
        assertThat(blind.exit()).as(blind.err()).isEqualTo(ExitCodes.MANUAL_RECOVERY);
        assertThat(blind.err()).contains("Not idle", "version 4.7.0", "still 4.4.0", "--work-dir").doesNotContain("Idle:");
        Outcome blindRecover = cli("recover", fake.root().toString(), "--work-dir", other);
        assertThat(blindRecover.exit()).as(blindRecover.err()).isEqualTo(ExitCodes.MANUAL_RECOVERY);
        assertThat(blindRecover.err()).contains("still 4.4.0", "--work-dir").doesNotContain("Nothing to recover");
        Outcome blindCheck = cli(upgrade("check", fake, tarball, cv));
        assertThat(blindCheck.exit()).isIn(ExitCodes.NEEDS_RECOVERY, ExitCodes.CHECK_FAILED);
        Outcome blindCheckOther = cli("check", fake.root().toString(), "--release", tarball.toString(), "--upgrader", "cv",
                "--upgrader-path", cv.toString(), "--work-dir", other);
        assertThat(blindCheckOther.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(blindCheckOther.err() + blindCheckOther.out()).contains("engine.code-ahead-of-database");
        assertThat(Release.installedVersion(fake.civicrmDir())).as("nothing was changed").isEqualTo(Version.parse("4.7.0"));
        assertNoSecret(blind, db);

        Outcome status = cli("status", fake.root().toString(), "--work-dir", work);
        assertThat(status.exit()).isEqualTo(ExitCodes.NEEDS_RECOVERY);
        Outcome recovered = cli("recover", fake.root().toString(), "--work-dir", work);
        assertThat(recovered.exit()).as(recovered.err()).isEqualTo(ExitCodes.OK);
        UpgradeResult r = UpgradeResult.fromJson(recovered.out());
        assertThat(r.recovery()).isTrue();
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(r.failure().code()).isEqualTo(ErrorCode.INTERRUPTED);
        // Drupal rebuilds the cache rows the Drupal 7 steps delete; the code swap's rollback empties templates_c
        assertThat(SiteFingerprint.of(fake).withoutDrupalCaches().diff(before.withoutDrupalCaches())).isEmpty();
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.4.0"));
        assertThat(cli("status", fake.root().toString(), "--work-dir", work).exit()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void usageErrorsAndHelp() {
        assertThat(cli().exit()).isEqualTo(ExitCodes.USAGE);
        Outcome missingRelease = cli("run", tmp.toString());
        assertThat(missingRelease.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missingRelease.err()).contains("--release");
        assertThat(cli("run", tmp.toString(), "--release", "x.tgz", "--upgrader", "composer").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("frobnicate").exit()).isEqualTo(ExitCodes.USAGE);

        Outcome help = cli("--help");
        assertThat(help.exit()).isEqualTo(ExitCodes.OK);
        assertThat(help.out()).contains("check", "dry-run", "run", "recover", "status", "Exit codes:");
        Outcome runHelp = cli("run", "--help");
        assertThat(runHelp.out()).contains("--release", "--sha256", "--upgrader", "--work-dir", "--option", "--accept-risk",
                "--site", "--json", "Exit codes:", "rolled back", "lock", "usage error");
        assertThat(runHelp.out()).contains("Plan options (--option KEY=VALUE):", "php.binary=<", "migrate.timeoutMinutes=<a whole number from 1>"
                + " (default 240)", "database.compression=<zstd or gzip> (default zstd)").doesNotContain("target.version=<");
    }

    @Test
    void phpUpgraderOptionsAreCheckedAndDocumented(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db, FakeDrupalSite.builder().civicrmVersion("4.4.0"));
        String tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl")).toString();
        Outcome withoutPhp = cli("check", fake.root().toString(), "--release", tarball, "--php-option", "memory_limit=1G");
        assertThat(withoutPhp.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(withoutPhp.err()).contains("--php-option needs --upgrader php");
        Outcome bad = cli("check", fake.root().toString(), "--release", tarball, "--upgrader", "php", "--php-option", "memory_limit");
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("'memory_limit' is not name=value");
        Outcome path = cli("check", fake.root().toString(), "--release", tarball, "--upgrader", "php", "--upgrader-path", "/usr/bin/php");
        assertThat(path.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(path.err()).contains("--php-binary");
        Outcome help = cli("run", "--help");
        assertThat(help.out()).contains("--upgrader=cv|drush|php|web", "--php, --php-binary=PROGRAM", "--php-option=NAME=VALUE",
                "(civicrm-upgrade-db), php", "--base-url=URL");
    }

    @Test
    void webUpgraderOptionsAreCheckedAndAnUnreachableSiteBlocksTheCheck(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db, FakeDrupalSite.builder().civicrmVersion("4.4.0"));
        String tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl")).toString();
        Outcome noWeb = cli("check", fake.root().toString(), "--release", tarball, "--base-url", "http://127.0.0.1:9/");
        assertThat(noWeb.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noWeb.err()).contains("--base-url needs --upgrader web");
        Outcome path = cli("check", fake.root().toString(), "--release", tarball, "--upgrader", "web", "--upgrader-path", "/usr/bin/curl");
        assertThat(path.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(path.err()).contains("--base-url");
        // nothing listens on port 9 of this machine: the web upgrader's check blocks, naming the URL, and nothing changes
        Outcome unreachable = cli("check", fake.root().toString(), "--release", tarball, "--upgrader", "web",
                "--base-url", "http://127.0.0.1:9/");
        assertThat(unreachable.exit()).as(unreachable.out() + unreachable.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(unreachable.out() + unreachable.err()).contains("127.0.0.1:9").contains("The database upgrade runs through web");
    }

    @Test
    void runWithThePhpUpgraderUpgradesTheSiteAndAFailureRollsBack(TestDatabase db) throws Exception {
        // skipped visibly without php on the PATH; fails instead when CIVI_UPGRADE_REQUIRE_PHP=true
        Path php = org.civiupgrade.testkit.PhpCli.require("the php upgrader run from the command line");
        FakeDrupalSite fake = site(db, FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules());
        Path failing = FakeRelease.of("4.7.0").upgradeFailingAt("4.6.0").writeTo(tmp.resolve("dl-failing"));
        SiteFingerprint before = SiteFingerprint.of(fake);
        String work = tmp.resolve("work").toString();

        Outcome failed = cli("run", fake.root().toString(), "--release", failing.toString(), "--upgrader", "php", "--php", php.toString(),
                "--php-option", "memory_limit=512M", "--work-dir", work, "--json");

        assertThat(failed.exit()).as(failed.err()).isEqualTo(ExitCodes.ROLLED_BACK);
        UpgradeResult r = UpgradeResult.fromJson(failed.out());
        assertThat(r.failure().stepId()).isEqualTo("migrate-database");
        assertThat(r.failure().message()).contains("Upgrade failed at task \"Upgrade DB to 4.6.0\": DB Error: injected failure in revision 4.6.0");
        assertThat(SiteFingerprint.of(fake).withoutDrupalCaches().diff(before.withoutDrupalCaches())).isEmpty();
        assertNoSecret(failed, db);

        Path tarball = FakeRelease.of("4.7.0").withUpgradeClasses().writeTo(tmp.resolve("dl"));
        Outcome o = cli("run", fake.root().toString(), "--release", tarball.toString(), "--upgrader", "php", "--php-binary", php.toString(),
                "--work-dir", work);

        assertThat(o.exit()).as(o.err()).isEqualTo(ExitCodes.OK);
        assertThat(UpgradeResult.fromJson(o.out()).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.7.0");
        assertThat(db.queryString("SELECT note FROM `" + FakeRelease.revisionTable("4.6.0") + "`")).isEqualTo("upgraded to 4.6.0");
        assertNoSecret(o, db);
    }

    @Test
    void planOptionsAreCheckedAsTheCommandLineIsRead() {
        Outcome unknown = cli("check", tmp.toString(), "--release", "x.tgz", "--option", "migrate.timeout=30");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("Unknown plan option 'migrate.timeout'", "migrate.timeoutMinutes", "database.workers");
        Outcome secret = cli("check", tmp.toString(), "--release", "x.tgz", "--option", "database.password=s3cret-xyz");
        assertThat(secret.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(secret.err() + secret.out()).contains("database.password").doesNotContain("s3cret-xyz");
        Outcome bad = cli("check", tmp.toString(), "--release", "x.tgz", "--option", "database.workers=many");
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("database.workers", "'many'", "a whole number from 1");
    }

    @Test
    void errorsShowMessageAndRemedyAndAStackTraceOnlyWhenVerbose() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("not-a-site"));
        Outcome o = cli("status", empty.toString());
        assertThat(o.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(o.err()).startsWith("error: No CMS adapter recognises").contains("remedy: Point civi-upgrade at the CMS root")
                .doesNotContain("\tat ").doesNotContain("UpgradeException");
        assertThat(o.json().get("error").get("code").asText()).isEqualTo("SITE_NOT_RECOGNISED");
        assertThat(o.json().get("exitCode").asInt()).isEqualTo(ExitCodes.ERROR);

        Outcome verbose = cli("status", empty.toString(), "--verbose");
        assertThat(verbose.err()).contains("\tat org.civiupgrade.");
    }

    @Test
    void aReleaseWithAnotherSha256IsRefused(TestDatabase db) throws Exception {
        FakeDrupalSite fake = site(db, FakeDrupalSite.builder().civicrmVersion("4.4.0"));
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), null);
        Outcome wrong = cli(upgrade("run", fake, tarball, cv, "--sha256", "0".repeat(64)));
        assertThat(wrong.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(wrong.json().get("error").get("code").asText()).isEqualTo("RELEASE_INVALID");
        Outcome malformed = cli(upgrade("check", fake, tarball, cv, "--sha256", "abc"));
        assertThat(malformed.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.4.0"));
    }

    /** A step that holds the run (and so the site's lock) until released. */
    record HoldStep(CountDownLatch latch) implements Step {
        @Override
        public String id() {
            return "hold";
        }

        @Override
        public String description() {
            return "Hold the lock";
        }

        @Override
        public Reversibility reversibility() {
            return Reversibility.REVERSIBLE;
        }

        @Override
        public List<PlannedAction> preview(PlanContext context) {
            return List.of(new PlannedAction(id(), "wait", ""));
        }

        @Override
        public void apply(StepContext context) throws Exception {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        }
    }
}
