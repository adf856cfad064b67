package org.civiupgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.civiupgrade.internal.journal.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal whose last record was torn by a crash, at every byte of that record: recovery cuts
 * the torn bytes off (keeping a copy) before it appends, so a second recovery, the status and a
 * new run all work.
 */
class TornJournalTest {
    @TempDir
    Path tmp;

    @Test
    void aJournalTornAtEveryByteOfItsLastRecordIsCutBackBeforeRecoveryAppends() throws Exception {
        int cuts = 0;
        for (int cut = 0; ; cut++) {
            Path root = Files.createDirectories(tmp.resolve(cut + "/site"));
            Site site = TestSteps.site(root, tmp.resolve(cut + "/work"));
            Path flag = Files.writeString(tmp.resolve(cut + "/flag"), "on");
            Path marker = root.resolve("marker");
            UpgradeResult r = Upgrade.of(site).step(new TestSteps.FlakyStep("flaky", flag, marker))
                    .step(new TestSteps.Failing("boom", false, Reversibility.REVERSIBLE)).plan().run();
            assertThat(r.status()).isEqualTo(RunStatus.ROLLBACK_INCOMPLETE);
            Path journal = Path.of(r.runDir()).resolve("journal.jsonl");
            byte[] whole = Files.readAllBytes(journal);
            int lastStart = lastLineStart(whole);
            int lastLength = whole.length - 1 - lastStart; // without its newline
            if (cut >= lastLength) {
                break;
            }
            byte[] torn = Arrays.copyOf(whole, lastStart + cut);
            Files.write(journal, torn);
            Files.delete(flag);

            UpgradeResult recovered = Upgrade.recover(site).orElseThrow();
            assertThat(recovered.status()).as("cut at byte %d of the last record", cut).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(marker).doesNotExist();
            List<Path> copies;
            try (Stream<Path> s = Files.list(journal.getParent())) {
                copies = s.filter(p -> p.getFileName().toString().startsWith("journal.jsonl.torn-")).toList();
            }
            if (cut == 0) {
                assertThat(copies).as("nothing was torn").isEmpty();
            } else {
                byte[] tornBytes = Arrays.copyOfRange(whole, lastStart, lastStart + cut);
                assertThat(copies).singleElement().satisfies(c -> assertThat(Files.readAllBytes(c)).isEqualTo(tornBytes));
            }
            String after = Files.readString(journal, StandardCharsets.UTF_8);
            assertThat(after).startsWith(new String(whole, 0, lastStart, StandardCharsets.UTF_8)).endsWith("\n");
            assertThat(after.lines()).allMatch(l -> l.startsWith("{\"kind\":") && l.endsWith("}"));
            assertThat(JournalReader.read(journal).finishedStatus()).contains(RunStatus.ROLLED_BACK);

            assertThat(Upgrade.recover(site)).as("a second recovery finds nothing").isEmpty();
            assertThat(Upgrade.needsRecovery(site)).isFalse();
            Path a = Files.writeString(root.resolve("a.txt"), "A0");
            UpgradeResult next = Upgrade.of(site).step(new TestSteps.WriteFiles("one", List.of(a), "x")).plan().run();
            assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
            cuts++;
        }
        assertThat(cuts).as("every byte of the last record").isGreaterThan(20);
    }

    /**
     * A line damaged before the last one (not a torn final write), for every line and two kinds of damage (a recorded
     * change cut mid-line with garbage after it, and a line that is not JSON at all): recover changes nothing and names the
     * journal, the line and what to do; the site keeps the run's change for the person to undo.
     */
    @Test
    void aJournalDamagedBeforeItsLastLineIsRefusedNamingTheLine() throws Exception {
        int damaged = 0;
        for (String kind : List.of("recorded", "garbage")) {
            for (int line = 0; ; line++) {
                Path dir = tmp.resolve(kind + line);
                Path root = Files.createDirectories(dir.resolve("site"));
                Site site = TestSteps.site(root, dir.resolve("work"));
                Path flag = Files.writeString(dir.resolve("flag"), "on");
                Path marker = root.resolve("marker");
                UpgradeResult r = Upgrade.of(site).step(new TestSteps.FlakyStep("flaky", flag, marker))
                        .step(new TestSteps.Failing("boom", false, Reversibility.REVERSIBLE)).plan().run();
                Path journal = Path.of(r.runDir()).resolve("journal.jsonl");
                List<String> lines = new java.util.ArrayList<>(Files.readAllLines(journal));
                if (line >= lines.size() - 1) {
                    break;
                }
                lines.set(line, kind.equals("recorded") ? "{\"kind\":\"recorded\",\"comp\u0000garbage" : "#%&garbage");
                Files.write(journal, lines);
                Files.delete(flag);
                int n = line + 1;
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> Upgrade.recover(site))
                        .isInstanceOfSatisfying(UpgradeException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.JOURNAL_INCOMPLETE);
                            assertThat(e.getMessage()).contains(journal.toString(), "damaged at line " + n, "nothing was undone");
                            assertThat(e.remedy()).contains("line " + n, "by hand", "run folder");
                        });
                assertThat(marker).as("the change the run made is left for the person").exists();
                damaged++;
            }
        }
        assertThat(damaged).isGreaterThan(3);
    }

    private static int lastLineStart(byte[] b) {
        int i = b.length - 2; // skip the final newline
        while (i >= 0 && b[i] != '\n') {
            i--;
        }
        return i + 1;
    }
}
