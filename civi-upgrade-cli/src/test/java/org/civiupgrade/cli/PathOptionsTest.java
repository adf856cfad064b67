package org.civiupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.testkit.FakeCv;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Path options on the command line: relative ones are taken from the current directory (the
 * upgraders themselves run in the Drupal root), and a work directory the web server could serve
 * is refused before anything changes.
 */
@WithTestDatabase
class PathOptionsTest {
    @TempDir
    Path tmp;

    /** {@code p} as a path relative to the current directory of this process. */
    static String relative(Path p) {
        Path rel = Path.of("").toAbsolutePath().relativize(p.toAbsolutePath());
        assertThat(rel.isAbsolute()).isFalse();
        return rel.toString();
    }

    @Test
    void relativeUpgraderPathWorkDirAndReleaseAreTakenFromTheCurrentDirectory(TestDatabase db) throws Exception {
        // the site lies deeper than the current directory's depth could match: the relative text of the program's path,
        // read from the Drupal root instead, must name nothing (at an equal depth it would name the program itself)
        String relativeCv = relative(tmp.resolve("bin").resolve("cv"));
        Path siteDir = tmp.resolve("site");
        Path program = tmp.resolve("bin").resolve("cv").toAbsolutePath().normalize();
        while (siteDir.resolve("drupal").resolve(relativeCv).toAbsolutePath().normalize().equals(program)) {
            siteDir = siteDir.resolve("deeper");
        }
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules()
                .create(siteDir, db);
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), null);
        Path work = tmp.resolve("work");
        assertThat(relative(cv)).isEqualTo(relativeCv);
        assertThat(fake.root().resolve(relativeCv)).as("the same text from the Drupal root names no program").doesNotExist();

        CiviUpgradeCommandTest.Outcome o = CiviUpgradeCommandTest.cli("run", relative(fake.root()), "--release", relative(tarball),
                "--upgrader", "cv", "--upgrader-path", relativeCv, "--work-dir", relative(work));

        assertThat(o.exit()).as(o.err()).isEqualTo(ExitCodes.OK);
        assertThat(UpgradeResult.fromJson(o.out()).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.7.0"));
        assertThat(work.resolve("runs")).isDirectory();
    }

    @Test
    void aWorkDirectoryInsideTheWebRootOrTheFilesFolderIsABlocker(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules()
                .create(tmp.resolve("site"), db);
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), null);
        List<Path> served = List.of(fake.root().resolve("backups"), fake.root().resolve("sites/default/files/private/cuv"));
        for (Path work : served) {
            SiteFingerprint before = SiteFingerprint.of(fake);
            List<String> args = new ArrayList<>(List.of("check", fake.root().toString(), "--release", tarball.toString(),
                    "--upgrader", "cv", "--upgrader-path", cv.toString(), "--work-dir", work.toString(), "--json"));
            CiviUpgradeCommandTest.Outcome o = CiviUpgradeCommandTest.cli(args.toArray(String[]::new));
            assertThat(o.exit()).as(o.err()).isEqualTo(ExitCodes.CHECK_FAILED);
            JsonNode blocker = null;
            for (JsonNode r : o.json().get("results")) {
                if (r.get("id").asText().equals("engine.work-dir-location")) {
                    blocker = r;
                }
            }
            assertThat(blocker).as(o.out()).isNotNull();
            assertThat(blocker.get("severity").asText()).isEqualTo("BLOCKER");
            assertThat(blocker.get("message").asText()).contains(work.toString()).contains("web root");
            assertThat(blocker.get("remedy").asText()).contains("outside the web root");
            assertThat(SiteFingerprint.of(fake)).isEqualTo(before);
            assertThat(work).doesNotExist();
        }
    }

    @Test
    void aWorkDirectoryBelowAFileAndAMissingUpgraderAreBlockersWhoseFixesNameTheFlags(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").create(tmp.resolve("site"), db);
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path file = Files.writeString(tmp.resolve("backups.txt"), "a file, not a folder");
        SiteFingerprint before = SiteFingerprint.of(fake);

        CiviUpgradeCommandTest.Outcome o = CiviUpgradeCommandTest.cli("check", fake.root().toString(), "--release", tarball.toString(),
                "--upgrader", "cv", "--upgrader-path", tmp.resolve("no-bin/cv").toString(), "--work-dir", file.resolve("cuv").toString());

        assertThat(o.exit()).as(o.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(o.err()).contains("BLOCKER engine.work-dir-location", file + " is a file, not a folder", "(--work-dir on the command line)")
                .contains("BLOCKER cv.installed", "--upgrader-path on the command line").doesNotContain("Site.withWorkDir");
        assertThat(SiteFingerprint.of(fake)).isEqualTo(before);
        assertThat(Files.readString(file)).isEqualTo("a file, not a folder");
    }
}
