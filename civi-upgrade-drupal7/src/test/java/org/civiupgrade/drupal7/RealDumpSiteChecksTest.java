package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Release;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.RealDumps;
import org.civiupgrade.testkit.RealDumps.Definers;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder checks on real CiviCRM databases (dumps of CiviCRM's own upgrade-test suite) beside a
 * fake Drupal 7 tree: 4.x stores {@code upload/}, {@code persist/contribute/} and {@code custom/}
 * relative to CiviCRM's files folder (not reported), and the 4.4.5 dump carries the
 * {@code extensionsDir} of the machine it was made on (reported, with the absolute folder a
 * pre-4.7 target understands as its repair).
 */
@WithTestDatabase
class RealDumpSiteChecksTest {
    @TempDir
    Path tmp;

    private List<CheckResult> movedPaths(String dump, String target, TestDatabase db) throws Exception {
        RealDumps.load(RealDumps.of(dump), db.coordinates(), Definers.STRIPPED);
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(dump).existingCivicrmSchema().create(tmp.resolve("site"), db);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        return Upgrade.of(site).to(Release.tarball(FakeRelease.of(target).writeTo(tmp.resolve("dl")))).offline().online().plan().check()
                .results().stream().filter(c -> c.id().startsWith("settings.moved-paths") || c.id().startsWith("extensions.")
                        || c.id().startsWith("code.extensions")).toList();
    }

    @Test
    void theExtensionsFolderOfTheMachineThe445DumpWasMadeOnIsReported(TestDatabase db) throws Exception {
        List<CheckResult> found = movedPaths("4.4.5", "4.6.36", db);
        assertThat(found).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("settings.moved-paths");
            assertThat(c.message()).startsWith("extensionsDir").contains("/home/totten/buildkit/build/exampledb/sites/default/ext");
            assertThat(c.remedy()).contains("--option settings.fixMovedPaths=true", tmp.resolve("site/drupal/sites/default/files/civicrm/ext") + "/")
                    .doesNotContain("[civicrm.files]");
        });
    }

    @Test
    void relativeFolderSettingsOfA46DatabaseAreNotMoved(TestDatabase db) throws Exception {
        assertThat(movedPaths("4.6.36", "4.7.31", db)).isEmpty();
    }
}
