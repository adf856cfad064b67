package org.civiupgrade.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithTestDatabase
class StandardProcedureTest {
    @TempDir
    Path tmp;

    @Test
    void standardProcedureUpgradesA44SiteTo47(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules()
                .frontPage("civicrm/dashboard").create(tmp.resolve("site"), db);
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        UpgradePlan plan = Upgrade.of(site).to(Release.tarball(tarball)).upgrader(new FakeSchemaUpgrader()).standard().plan();
        System.out.println(plan.stepIds());
        System.out.println(plan.check().describe());
        UpgradeResult r = plan.run(e -> System.out.println(e));
        System.out.println(r.toJson());
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    }
}
