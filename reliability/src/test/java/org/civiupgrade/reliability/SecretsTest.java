package org.civiupgrade.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.civiupgrade.cli.CiviUpgradeCommand;
import org.civiupgrade.cli.ExitCodes;
import org.civiupgrade.testkit.FakeCv;
import org.civiupgrade.testkit.SecretScan;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Secrets: each scenario runs the {@code civi-upgrade} command as its own process with
 * {@code --verbose} (the library's log at INFO, stack traces of errors) on a site with a unique
 * database password, CiviCRM site key, Drupal hash salt and CiviCRM credential and signing keys
 * planted ({@link Bench}), then scans everything it printed and every file it wrote in the work
 * folder (journal, manifests, logs, reports) for them. The bad-input scenarios scan their outputs
 * the same way; this class prints the total:
 * {@code RESULT part=secrets scanned_outputs=N scanned_files=F hits=0}.
 */
@WithTestDatabase
class SecretsTest {
    @TempDir
    Path tmp;

    /**
     * One scenario.
     *
     * @param name     what it does
     * @param command  the command
     * @param failAt   the fake cv fails at this revision (null: it succeeds)
     * @param spoil    changes the site first
     * @param exit     the expected exit code
     */
    record Scenario(String name, String command, String failAt, BadInput.Spoil spoil, int exit) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("a run that succeeds", "run", null, b -> { }, ExitCodes.OK),
                new Scenario("a run that fails in the database upgrade and rolls back", "run", "4.6.0", b -> { }, ExitCodes.ROLLED_BACK),
                new Scenario("a dry run", "dry-run", null, b -> { }, ExitCodes.OK),
                new Scenario("a check refused by a wrong sha256", "check", null, b -> b.extraArgs.addAll(List.of("--sha256", "0".repeat(64))),
                        ExitCodes.ERROR),
                new Scenario("an unfinished run recovered", "recover", null, Runs::unfinishedRun, ExitCodes.OK),
                new Scenario("a check of a site whose CIVICRM_DSN lacks its '@'", "check", null, b -> b.edit(b.civicrmSettings(), x -> {
                    String t = x.toString().replace(":" + b.password + "@", ":" + b.password + "/");
                    x.setLength(0);
                    x.append(t);
                }), ExitCodes.USAGE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void noPlantedSecretInAnyOutputOrFile(Scenario scenario, TestDatabase db) throws Exception {
        try (Bench b = new Bench(tmp, db)) {
            b.create();
            if (scenario.failAt() != null) {
                b.cv = FakeCv.install(tmp.resolve("bin"), b.siteAccount(), b.fake.civicrmDir(), scenario.failAt());
            }
            scenario.spoil().apply(b);
            b.command = scenario.command();
            List<String> args = new ArrayList<>(b.args());
            args.remove("--json");
            args.add("--verbose");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), CiviUpgradeCommand.class.getName()));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String all = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("%s: exit code\n%s", scenario, all).isEqualTo(scenario.exit());
            SecretScan scan = SecretScan.of(b.secrets()).text("the output of civi-upgrade " + String.join(" ", args), all);
            scan.tree(b.work, BadInputsTest::holdsSiteFilesByDesign);
            SecretsPart.count(scan);
            assertThat(scan.hits()).as("%s\n%s", scenario, all).isEmpty();
        }
    }

    @AfterAll
    static void printResult() {
        SecretsPart.RESULTS.print();
        assertThat(SecretsPart.RESULTS.get("hits")).as("planted secrets found").isZero();
    }
}
