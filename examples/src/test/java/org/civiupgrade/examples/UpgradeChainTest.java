package org.civiupgrade.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.civiupgrade.CheckReport;
import org.civiupgrade.CheckResult;
import org.civiupgrade.RehearsalOptions;
import org.civiupgrade.RehearsalReport;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Severity;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's chain composes and run() executes it; the check says when the chain leaves the site online. */
@WithTestDatabase
class UpgradeChainTest {
    @TempDir
    Path tmp;

    private Release release(String version) throws Exception {
        return Release.tarball(FakeRelease.of(version).writeTo(tmp.resolve("dl-" + version)));
    }

    private static List<CheckResult> onlineChange(CheckReport report) {
        return report.results().stream().filter(r -> r.id().equals(UpgradePlan.ONLINE_CHANGE)).toList();
    }

    @Test
    void theChainWithoutOfflineRunsAndItsCheckWarnsThatTheSiteStaysOnline(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").create(tmp.resolve("site"), db);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        Upgrade.Builder chain = Upgrade.of(site).to(release("4.7.0")).upgrader(new FakeSchemaUpgrader()).backup().swapCode().migrate();

        CheckReport report = chain.plan().check();
        assertThat(report.passed()).as(report.results().toString()).isTrue();
        assertThat(onlineChange(report)).singleElement().satisfies(w -> {
            assertThat(w.severity()).isEqualTo(Severity.WARNING);
            assertThat(w.message()).contains("swap-code", "migrate-database", "online");
            assertThat(w.remedy()).contains("offline()");
        });
        List<UpgradeEvent> events = new ArrayList<>();
        UpgradeResult r = chain.run(events::add);

        assertThat(r.status()).as(r.toJson()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.steps()).extracting(UpgradeResult.StepOutcome::stepId).containsExactly("backup-database", "swap-code", "migrate-database");
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.7.0"));
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.7.0");
        assertThat(events.get(events.size() - 1)).isInstanceOf(UpgradeEvent.RunFinished.class);
    }

    @Test
    void onlyChangesBeforeOfflineOrAfterOnlineAreWarnedAbout(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").create(tmp.resolve("site"), db);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        Release target = release("4.7.0");
        FakeSchemaUpgrader upgrader = new FakeSchemaUpgrader();

        assertThat(onlineChange(Upgrade.of(site).to(target).upgrader(upgrader).standard().plan().check()))
                .as("standard() goes offline first").isEmpty();
        assertThat(onlineChange(Upgrade.of(site).to(target).upgrader(upgrader).backup().offline().swapCode().migrate().online()
                .plan().check())).isEmpty();
        assertThat(onlineChange(Upgrade.of(site).to(target).upgrader(upgrader).backup().swapCode().offline().migrate().online()
                .plan().check())).singleElement().satisfies(w -> assertThat(w.message()).contains("swap-code")
                .doesNotContain("migrate-database"));
        assertThat(onlineChange(Upgrade.of(site).to(target).upgrader(upgrader).backup().offline().online().swapCode().migrate()
                .plan().check())).as("back online before the swap").singleElement()
                .satisfies(w -> assertThat(w.message()).contains("swap-code", "migrate-database"));
    }

    @Test
    void aPlanRehearsesTheRecipeItWasMadeFromEvenAfterItsBuilderChanged(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules()
                .create(tmp.resolve("site"), db);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        Upgrade.Builder builder = Upgrade.of(site).to(release("4.7.0")).upgrader(new FakeSchemaUpgrader()).standard();
        UpgradePlan plan = builder.plan();
        builder.to(release("4.6.0")).report();

        RehearsalReport report = plan.rehearse(RehearsalOptions.defaults().withCopyParent(tmp.resolve("rehearsals")));

        assertThat(report.result().status()).as(report.toJson()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.result().steps()).extracting(UpgradeResult.StepOutcome::stepId).containsExactlyElementsOf(plan.stepIds());
        assertThat(report.result().steps()).filteredOn(s -> s.stepId().equals("swap-code")).singleElement()
                .satisfies(s -> assertThat(s.description()).contains("4.7.0"));
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).as("production only read").isEqualTo("4.4.0");
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.4.0"));
    }
}
