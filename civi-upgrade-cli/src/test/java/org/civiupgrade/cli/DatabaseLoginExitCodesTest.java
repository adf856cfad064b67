package org.civiupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.civiupgrade.testkit.FakeCv;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that logs in to the site's databases (check, dry-run, run, status, recover) fails
 * within seconds when a login is refused or no server answers, with its own exit code, the
 * server's message, the settings to fix, and never the password; nothing is changed.
 */
@WithTestDatabase
class DatabaseLoginExitCodesTest {
    private static final Duration AT_ONCE = Duration.ofSeconds(10);
    private static final String WRONG = "Wr0ng-pw-7f3a9c";

    @TempDir
    Path tmp;

    private static void replaceIn(Path file, String from, String to) throws Exception {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertThat(text).as(file + " holds " + from).contains(from);
        Files.writeString(file, text.replace(from, to), StandardCharsets.ISO_8859_1);
    }

    private List<CiviUpgradeCommandTest.Outcome> everyCommand(FakeDrupalSite fake, TestDatabase db) throws Exception {
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), null);
        String work = tmp.resolve("work").toString();
        List<CiviUpgradeCommandTest.Outcome> out = new ArrayList<>();
        for (String command : List.of("check", "dry-run", "run")) {
            out.add(timed(command, fake.root().toString(), "--release", tarball.toString(), "--upgrader", "cv",
                    "--upgrader-path", cv.toString(), "--work-dir", work));
        }
        out.add(timed("status", fake.root().toString(), "--work-dir", work));
        out.add(timed("recover", fake.root().toString(), "--work-dir", work));
        return out;
    }

    private static CiviUpgradeCommandTest.Outcome timed(String... args) {
        long start = System.nanoTime();
        CiviUpgradeCommandTest.Outcome o = CiviUpgradeCommandTest.cli(args);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as(args[0] + " refused at once").isLessThan(AT_ONCE);
        return o;
    }

    private static void assertRefused(List<CiviUpgradeCommandTest.Outcome> outcomes, int exit, String code, String... named)
            throws Exception {
        for (CiviUpgradeCommandTest.Outcome o : outcomes) {
            assertThat(o.exit()).as(o.err()).isEqualTo(exit);
            assertThat(o.err()).contains("error: ").contains(named).contains("remedy: ").doesNotContain(WRONG)
                    .doesNotContain("Connection is not available");
            assertThat(o.out()).doesNotContain(WRONG);
            assertThat(o.json().get("error").get("code").asText()).isEqualTo(code);
            assertThat(o.json().get("exitCode").asInt()).isEqualTo(exit);
        }
    }

    @Test
    void aWrongPasswordInTheCivicrmSettingsExitsWithAccessDenied(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").create(tmp.resolve("site"), db);
        String password = db.coordinates().password().reveal();
        replaceIn(fake.siteDir().resolve("civicrm.settings.php"), ":" + password + "@", ":" + WRONG + "@");
        SiteFingerprint before = SiteFingerprint.of(fake);

        List<CiviUpgradeCommandTest.Outcome> outcomes = everyCommand(fake, db);

        assertRefused(outcomes, ExitCodes.DATABASE_ACCESS_DENIED, "DATABASE_ACCESS_DENIED", "Cannot connect to the CiviCRM database",
                "Access denied for user '" + db.coordinates().user() + "'", "CIVICRM_DSN in " + fake.siteDir().resolve("civicrm.settings.php"));
        assertThat(SiteFingerprint.of(fake).diff(before)).isEmpty();
    }

    @Test
    void aWrongPasswordInDrupalsSettingsNamesDrupalsDatabase(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").create(tmp.resolve("site"), db);
        String password = db.coordinates().password().reveal();
        replaceIn(fake.siteDir().resolve("settings.php"), "'" + password + "'", "'" + WRONG + "'");

        List<CiviUpgradeCommandTest.Outcome> outcomes = everyCommand(fake, db);

        assertRefused(outcomes, ExitCodes.DATABASE_ACCESS_DENIED, "DATABASE_ACCESS_DENIED", "Cannot connect to the Drupal database",
                "Access denied for user", "$databases in " + fake.siteDir().resolve("settings.php"));
    }

    @Test
    void anUnknownDatabaseHostExitsWithUnreachable(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").create(tmp.resolve("site"), db);
        String host = db.coordinates().host() + ":" + db.coordinates().port();
        replaceIn(fake.siteDir().resolve("civicrm.settings.php"), "@" + host + "/", "@db.civi-upgrade-test.invalid:3306/");

        List<CiviUpgradeCommandTest.Outcome> outcomes = everyCommand(fake, db);

        assertRefused(outcomes, ExitCodes.DATABASE_UNREACHABLE, "DATABASE_UNREACHABLE", "Cannot connect to the CiviCRM database",
                "'db.civi-upgrade-test.invalid' does not resolve", "CIVICRM_DSN in");
    }

    @Test
    void helpListsTheDatabaseExitCodes() {
        CiviUpgradeCommandTest.Outcome help = CiviUpgradeCommandTest.cli("check", "--help");
        assertThat(help.out()).contains("10", "a database server cannot be reached", "11", "a database login was refused");
    }
}
