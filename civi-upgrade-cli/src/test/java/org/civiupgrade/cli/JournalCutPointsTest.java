package org.civiupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Release;
import org.civiupgrade.Reversibility;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.cv.CvSchemaUpgrader;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.civiupgrade.testkit.ThrowingStep;
import org.civiupgrade.testkit.FakeCv;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run of the documented procedure (backup, offline, code swap, settings, database upgrade
 * by a fake cv) dies right after the database upgrade, as a kill would leave it: new code,
 * upgraded database, site offline, journal without its end. Its journal is then cut after each
 * record and at byte offsets inside records, and {@link Upgrade#recover} must either bring the
 * site back to its initial fingerprint or refuse with {@link ErrorCode#JOURNAL_INCOMPLETE}, the
 * findings and the manual steps, changing nothing; never report a rollback of a site that is not
 * as before. {@code -Dciviupgrade.journalCutOffsets=N} sets how many offsets inside records are
 * tried besides every record boundary (default 4; the seed is printed, {@code -Dciviupgrade.journalCutSeed} repeats it).
 */
@WithTestDatabase
class JournalCutPointsTest {
    private static final int OFFSETS = Integer.getInteger("civiupgrade.journalCutOffsets", 4);

    @TempDir
    Path tmp;


    private static void emptyDatabase(TestDatabase db) throws Exception {
        try (Connection c = TestDatabase.connect(db.coordinates()); Statement st = c.createStatement()) {
            st.execute("SET foreign_key_checks = 0");
            List<String> drops = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = DATABASE()")) {
                while (rs.next()) {
                    drops.add(("VIEW".equals(rs.getString(2)) ? "DROP VIEW `" : "DROP TABLE `") + rs.getString(1) + "`");
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT routine_type, routine_name FROM information_schema.routines WHERE routine_schema = DATABASE()")) {
                while (rs.next()) {
                    drops.add("DROP " + rs.getString(1) + " `" + rs.getString(2) + "`");
                }
            }
            for (String d : drops) {
                st.execute(d);
            }
        }
    }

    /** A fresh site killed after its database upgrade, in {@code dir}. */
    private record Killed_(FakeDrupalSite fake, Site site, SiteFingerprint before, Path journal) { }

    private Killed_ killedRun(TestDatabase db, Path tarball, Path dir) throws Exception {
        emptyDatabase(db);
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules()
                .frontPage("civicrm/dashboard").create(dir.resolve("site"), db);
        SiteFingerprint before = SiteFingerprint.of(fake.root(), db.dataSource());
        Path cv = FakeCv.install(dir.resolve("bin"), db.coordinates(), fake.civicrmDir(), null);
        Site site = Site.detect(fake.root()).withWorkDir(dir.resolve("work"));
        Throwable t = catchThrowable(() -> Upgrade.of(site).to(Release.tarball(tarball))
                .upgrader(new CvSchemaUpgrader(cv.toString(), Map.of()))
                .backup().offline().swapCode().updateSettings().migrate().step(new ThrowingStep("test.killed", "the process dies here", () -> new StackOverflowError("simulated kill of the process after the database upgrade"))).plan().run());
        assertThat(t).isInstanceOf(StackOverflowError.class);
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.7.0"));
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.7.0");
        Path journal;
        try (Stream<Path> runs = Files.list(dir.resolve("work/runs"))) {
            journal = runs.findFirst().orElseThrow().resolve("journal.jsonl");
        }
        return new Killed_(fake, site, before, journal);
    }

    /** Offsets where each line starts, and the file's length last. */
    private static List<Integer> lineStarts(byte[] b) {
        List<Integer> out = new ArrayList<>(List.of(0));
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                out.add(i + 1);
            }
        }
        if (out.get(out.size() - 1) != b.length) {
            out.add(b.length);
        }
        return out;
    }

    private static List<String> withoutCaches(List<String> diff) {
        return diff.stream().filter(d -> !d.matches("^. table:db\\.cache(_[a-z_]+)?:rows: .*"))
                .filter(d -> !d.matches("^\\+ file:root/sites/default/files/civicrm/templates_c/.+")).toList();
    }

    @Test
    void recoveryFromAJournalCutAnywhereRestoresTheSiteOrRefusesWithTheManualSteps(TestDatabase db) throws Exception {
        long seed = Long.getLong("civiupgrade.journalCutSeed", System.nanoTime());
        Random random = new Random(seed);
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Killed_ first = killedRun(db, tarball, tmp.resolve("first"));
        int records = lineStarts(Files.readAllBytes(first.journal())).size() - 1;
        // a cut point: keep the first `record` records, then `into` bytes of the next one; per journal,
        // since the lines of each run differ slightly in length (times, pids)
        List<int[]> cuts = new ArrayList<>();
        for (int r = 0; r <= records; r++) {
            cuts.add(new int[] {r, 0});
        }
        for (int k = 0; k < OFFSETS; k++) {
            cuts.add(new int[] {random.nextInt(records), -1 - random.nextInt(Integer.MAX_VALUE - 1)});
        }
        System.out.println("journal cut points: " + cuts.size() + " (" + (records + 1) + " record boundaries), seed " + seed);

        int restored = 0;
        int refused = 0;
        int n = 0;
        for (int[] point : cuts) {
            Killed_ k = n == 0 ? first : killedRun(db, tarball, tmp.resolve("cut-" + n));
            n++;
            byte[] whole = Files.readAllBytes(k.journal());
            List<Integer> starts = lineStarts(whole);
            int record = Math.min(point[0], starts.size() - 1);
            int length = record + 1 < starts.size() ? starts.get(record + 1) - starts.get(record) : 0;
            int into = point[1] >= 0 || length < 3 ? 0 : 1 + Math.floorMod(-1 - point[1], length - 2); // inside, never whole
            int cut = starts.get(record) + into;
            Files.write(k.journal(), java.util.Arrays.copyOf(whole, cut));
            SiteFingerprint killed = SiteFingerprint.of(k.fake().root(), db.dataSource());
            Optional<UpgradeResult> r;
            try {
                r = Upgrade.recover(k.site());
            } catch (UpgradeException e) {
                assertThat(e.code()).as("cut at byte %d (seed %d): %s", cut, seed, e.getMessage()).isEqualTo(ErrorCode.JOURNAL_INCOMPLETE);
                assertThat(e.getMessage()).contains("Found: ");
                assertThat(e.remedy()).contains("by hand").containsAnyOf("mv '", "restore the CiviCRM database", "run folder");
                assertThat(SiteFingerprint.of(k.fake().root(), db.dataSource()).diff(killed))
                        .as("a refusal changes nothing (cut at byte %d)", cut).isEmpty();
                assertThat(Upgrade.needsRecovery(k.site())).isTrue();
                if (cut == 0) {
                    assertThat(e.getMessage()).contains("no complete record");
                }
                if (cut == 0 || record == records - 1 || refused == 0) {
                    System.out.println("cut at record " + record + " +" + into + ": " + e.getMessage() + "\n  fix: " + e.remedy());
                }
                refused++;
                continue;
            }
            assertThat(r).as("cut at byte %d (seed %d)", cut, seed).isPresent();
            assertThat(r.get().status()).as("cut at byte %d (seed %d)", cut, seed).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(withoutCaches(SiteFingerprint.of(k.fake().root(), db.dataSource()).diff(k.before())))
                    .as("a reported rollback leaves the site as before (cut at byte %d)", cut).isEmpty();
            assertThat(Upgrade.needsRecovery(k.site())).isFalse();
            restored++;
        }
        System.out.println("journal cut points: " + restored + " restored, " + refused + " refused");
        assertThat(refused).as("cuts before the database restore was recorded").isPositive();
        assertThat(restored).as("cuts after every undo was recorded").isPositive();
    }

    @Test
    void anEmptyJournalMakesStatusAskForRecoveryAndRecoverExit9WithTheManualSteps(TestDatabase db) throws Exception {
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Killed_ k = killedRun(db, tarball, tmp.resolve("empty"));
        Files.write(k.journal(), new byte[0]);
        String root = k.fake().root().toString();
        String work = tmp.resolve("empty/work").toString();
        SiteFingerprint killed = SiteFingerprint.of(k.fake().root(), db.dataSource());

        assertThat(CiviUpgradeCommandTest.cli("status", root, "--work-dir", work).exit()).isEqualTo(ExitCodes.NEEDS_RECOVERY);
        CiviUpgradeCommandTest.Outcome recover = CiviUpgradeCommandTest.cli("recover", root, "--work-dir", work);
        assertThat(recover.exit()).isEqualTo(ExitCodes.MANUAL_RECOVERY);
        assertThat(recover.err()).contains("cannot account for", "code-backup/civicrm", "newer than the backup's 4.4.0",
                "maintenance mode", "mv '", "restore the CiviCRM database");
        assertThat(SiteFingerprint.of(k.fake().root(), db.dataSource()).diff(killed)).isEmpty();
        assertThat(Files.size(k.journal())).as("the refusal wrote nothing").isZero();
        // it stays refused, never "rolled back", however often it is asked
        assertThat(CiviUpgradeCommandTest.cli("recover", root, "--work-dir", work).exit()).isEqualTo(ExitCodes.MANUAL_RECOVERY);
        assertThat(CiviUpgradeCommandTest.cli("status", root, "--work-dir", work).exit()).isEqualTo(ExitCodes.NEEDS_RECOVERY);
        assertThat(ExitCodes.of(ErrorCode.JOURNAL_INCOMPLETE)).isEqualTo(ExitCodes.MANUAL_RECOVERY);
    }
}
