package org.civiupgrade.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.testkit.SecretScan;
import org.civiupgrade.testkit.StandardRuns;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithFaults;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input of {@link BadInputs#TABLE}, each on a fresh site through the command
 * line in process ({@code --json}): the error code, the exit code, the message naming the
 * problem, the remedy naming the fix, the site fingerprint-equal afterwards (every file and the
 * whole database, Drupal's tables included; after a rollback up to the caches described in
 * {@link StandardRuns}), and none of the site's planted secrets in any output or any file the
 * run wrote.
 *
 * <p>Prints {@code RESULT part=bad-inputs scenarios=N kinds=K restored=R lost=L known_issues=I}:
 * {@code restored} counts the scenarios that passed every assertion, {@code lost} those that left
 * the site changed, {@code known_issues} those whose behaviour today is wrong (reported as
 * skipped with the reason, never weakened).
 */
@WithTestDatabase
@WithFaults
class BadInputsTest {
    /** {@code -Dreliability.tryKnownIssues=true}: run the known issues too, to see whether they are fixed (a failure is still reported as known). */
    private static final boolean TRY_KNOWN_ISSUES = Boolean.getBoolean("reliability.tryKnownIssues");
    private static final Results RESULTS = new Results("bad-inputs", "scenarios", "kinds", "restored", "lost", "known_issues", "failed");

    @TempDir
    Path tmp;

    /** The counter the last failure of this scenario added to. */
    private String counted;

    static Stream<BadInput> table() {
        return BadInputs.TABLE.stream();
    }

    @Test
    void theTableHoldsAtLeastFortyKinds() {
        assertThat(BadInputs.TABLE).extracting(BadInput::kind).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void badInputIsRefusedNamingProblemAndFixAndTheSiteIsUnchanged(BadInput scenario, TestDatabase db) throws Exception {
        RESULTS.add("scenarios");
        RESULTS.add("kinds");
        if (scenario.knownIssue() != null && !TRY_KNOWN_ISSUES) {
            RESULTS.add("known_issues");
            Assumptions.abort("issue 11: " + scenario.knownIssue());
        }
        try {
            run(scenario, db);
        } catch (AssertionError e) {
            if (scenario.knownIssue() == null || "lost".equals(counted)) {
                throw e; // a known issue may answer wrongly, never lose the site
            }
            if (counted != null) {
                RESULTS.add(counted, -1);
            }
            RESULTS.add("known_issues");
            Assumptions.abort("issue 11: " + scenario.knownIssue() + " (still: " + e.getMessage().lines().reduce((x, y) -> y).orElse("") + ")");
        }
        if (scenario.knownIssue() != null) {
            System.out.println("known issue no longer seen, the scenario passes: " + scenario.kind());
        }
    }

    private void run(BadInput scenario, TestDatabase db) throws Exception {
        try (Bench b = new Bench(tmp, db)) {
            scenario.site().apply(b);
            b.create();
            StandardRuns.Snapshot pristine = scenario.followUp() != null ? StandardRuns.Snapshot.of(b.fake) : null;
            scenario.spoil().apply(b);
            StandardRuns.Snapshot before = StandardRuns.Snapshot.of(b.fake);
            List<Path> journalsBefore = b.journals();

            Bench.Outcome o = Bench.cli(b.args());
            String what = scenario.kind() + ": $ civi-upgrade " + String.join(" ", o.args()) + "\nexit " + o.exit() + "\nstdout:\n" + o.out()
                    + "\nstderr:\n" + o.err();
            List<Bench.Outcome> all = new ArrayList<>(List.of(o));
            try {
                assertAnswer(scenario, o, what);
                if (scenario.followUp() != null) {
                    List<String> args = new ArrayList<>(b.args());
                    args.set(0, scenario.followUp().get(0));
                    if (args.contains("--release")) {
                        int i = args.indexOf("--release");
                        args.subList(i, i + 6).clear(); // --release X --upgrader cv --upgrader-path Y
                    }
                    Bench.Outcome next = Bench.cli(args);
                    all.add(next);
                    assertThat(next.exit()).as("%s\nthen $ civi-upgrade %s\nexit %d\n%s%s", what, String.join(" ", args), next.exit(),
                            next.out(), next.err()).isEqualTo(scenario.followUpExit());
                }
            } catch (AssertionError e) {
                RESULTS.add("failed");
                counted = "failed";
                throw e;
            }
            try {
                // a run this command started rolled back: up to the caches it documents; otherwise exactly as before
                List<Path> started = new ArrayList<>(b.journals());
                started.removeAll(journalsBefore);
                StandardRuns.Snapshot want = pristine != null ? pristine : before;
                StandardRuns.Leftovers leftovers = started.isEmpty() || pristine != null ? StandardRuns.Leftovers.NONE
                        : StandardRuns.Leftovers.fromJournal(started.get(0), before);
                StandardRuns.assertRestored(b.fake, want, leftovers, scenario.kind());
            } catch (AssertionError e) {
                RESULTS.add("lost");
                counted = "lost";
                throw e;
            }
            SecretScan scan = SecretScan.of(b.secrets());
            for (Bench.Outcome x : all) {
                scan.text("standard output of " + x.args().get(0), x.out()).text("standard error of " + x.args().get(0), x.err());
            }
            scan.tree(b.work, BadInputsTest::holdsSiteFilesByDesign);
            SecretsPart.count(scan);
            if (!scan.hits().isEmpty()) {
                RESULTS.add("failed");
                counted = "failed";
            }
            assertThat(scan.hits()).as("%s: planted secrets in outputs and files", what).isEmpty();
            RESULTS.add("restored");
        } catch (Throwable e) {
            String text = String.valueOf(e.getMessage());
            System.out.println("bad input '" + scenario.kind() + "' did not pass: "
                    + (text.length() > 3000 ? text.substring(0, 3000) + "..." : text));
            throw e;
        }
    }

    /**
     * Files a run keeps as exact copies of the site's own files, to put them back: they hold the
     * settings as the site holds them (the run folder's {@code saved-files} and the old code folder
     * in {@code code-backup}). Outputs, logs, journals, manifests and reports are scanned.
     */
    static boolean holdsSiteFilesByDesign(Path p) {
        String s = p.toString().replace('\\', '/');
        return s.contains("/saved-files/") || s.contains("/code-backup/");
    }

    private static void assertAnswer(BadInput scenario, Bench.Outcome o, String what) {
        assertThat(o.exit()).as("%s\nexit code", what).isEqualTo(scenario.exit());
        JsonNode doc = o.json().orElse(null);
        ErrorCode code;
        String message;
        String remedy;
        if (doc != null && doc.has("error")) {
            code = ErrorCode.valueOf(doc.get("error").get("code").asText());
            message = doc.get("error").path("message").asText();
            remedy = doc.get("error").path("remedy").asText();
        } else if (doc != null && doc.has("passed")) {
            code = doc.get("passed").asBoolean() ? null : ErrorCode.CHECK_FAILED;
            // the finding of that check and severity that names the problem (a check may report several)
            JsonNode hit = null;
            String severity = scenario.severity() != null ? scenario.severity().name() : "BLOCKER";
            for (JsonNode r : doc.path("results")) {
                if (r.path("id").asText().equals(scenario.checkId()) && r.path("severity").asText().equals(severity)
                        && (hit == null || containsWords(r.path("message").asText(), scenario.message()))) {
                    hit = r;
                }
            }
            assertThat(hit).as("%s\nthe check %s reports a %s", what, scenario.checkId(), severity).isNotNull();
            message = hit.path("message").asText();
            remedy = hit.path("remedy").asText();
        } else if (doc != null && doc.has("failure") && !doc.get("failure").isNull()) {
            JsonNode f = doc.get("failure");
            code = ErrorCode.valueOf(f.get("code").asText());
            message = f.path("message").asText();
            remedy = f.path("remedy").asText();
        } else if (doc != null && doc.has("needsRecovery")) {
            code = doc.get("needsRecovery").asBoolean() ? ErrorCode.UNFINISHED_RUN : null;
            message = o.err() + doc;
            remedy = o.err();
        } else if (doc == null && o.exit() == org.civiupgrade.cli.ExitCodes.USAGE) {
            // the command line itself is wrong: refused before any command runs, for people only
            code = ErrorCode.INVALID_INPUT;
            message = o.err();
            remedy = o.err();
        } else {
            throw new AssertionError(what + "\nno JSON report on standard output");
        }
        assertThat(code).as("%s\nerror code", what).isEqualTo(scenario.code());
        assertWords(message, scenario.message(), what + "\nthe message names the problem");
        assertWords(remedy, scenario.remedy(), what + "\nthe remedy names the fix");
    }

    private static boolean containsWords(String text, List<String> words) {
        try {
            assertWords(text, words, "");
            return true;
        } catch (AssertionError no) {
            return false;
        }
    }

    /** Each word (case-insensitive) is in the text; a word {@code "a | b"} is either of its alternatives. */
    private static void assertWords(String text, List<String> words, String what) {
        String t = text.toLowerCase(Locale.ROOT);
        for (String w : words) {
            List<String> any = java.util.Arrays.stream(w.toLowerCase(Locale.ROOT).split(" \\| ")).toList();
            assertThat(any).as("%s: %s", what, text).anyMatch(t::contains);
        }
    }

    @AfterAll
    static void printResult() {
        RESULTS.print();
        assertThat(RESULTS.get("lost")).as("bad inputs that changed the site").isZero();
    }
}
