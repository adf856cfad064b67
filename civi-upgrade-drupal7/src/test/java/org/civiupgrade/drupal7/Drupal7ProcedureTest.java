package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.ProcedureContext;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.spi.Step;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithTestDatabase
class Drupal7ProcedureTest {
    private static final String ALL = "SELECT CONCAT((SELECT GROUP_CONCAT(name, '=', HEX(value) ORDER BY name) FROM d7_variable), '#',"
            + " (SELECT GROUP_CONCAT(name, '=', status ORDER BY name) FROM d7_system))";

    @TempDir
    Path tmp;

    /** The stages as the builder plans them: core's steps from the adapter's capabilities and the contributor's extras. */
    private List<Step> stages(Site site, ProcedureStage... stages) {
        Upgrade.Builder b;
        try {
            b = Upgrade.of(site).to(Release.tarball(FakeRelease.of("4.7.31").writeTo(tmp.resolve("dl"))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (ProcedureStage s : stages) {
            switch (s) {
                case OFFLINE -> b.offline();
                case CLEAR_CACHES -> b.clearCaches();
                case ONLINE -> b.online();
                case REPORT -> b.report();
                default -> throw new IllegalArgumentException(s.name());
            }
        }
        return b.plan().steps();
    }

    /** What the Drupal 7 contributor alone adds to each stage. */
    private static List<Step> contributed(Site site, ProcedureStage... stages) {
        ProcedureContext ctx = new ProcedureContext(site, Version.parse("4.4.5"), Version.parse("4.7.31"), PlanOptions.empty());
        List<Step> steps = new ArrayList<>();
        for (ProcedureStage s : stages) {
            steps.addAll(new Drupal7ProcedureContributor().steps(s, ctx));
        }
        return steps;
    }

    @Test
    void offlineThenOnlinePutsEveryVariableAndModuleBackExactly(TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().tablePrefix("d7_").withBundledIntegrationModules()
                .withContribIntegrationModules().frontPage("civicrm/dashboard").maintenanceMode("b:0;").create(tmp, db);
        Site site = Runs.detect(fake, tmp.resolve("work"));
        String before = db.queryString(ALL);
        AtomicReference<String> offline = new AtomicReference<>();
        List<Step> steps = new ArrayList<>(stages(site, ProcedureStage.OFFLINE));
        steps.add(Runs.probe("test.look", c -> offline.set(new String(fake.variable("maintenance_mode"), StandardCharsets.UTF_8)
                + new String(fake.variable("site_frontpage"), StandardCharsets.UTF_8) + fake.moduleStatus("webform_civicrm"))));
        steps.addAll(stages(site, ProcedureStage.CLEAR_CACHES, ProcedureStage.ONLINE, ProcedureStage.REPORT));
        UpgradeResult r = Runs.run(site, steps.toArray(Step[]::new));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(offline.get()).isEqualTo("i:1;s:4:\"node\";0");
        assertThat(db.queryString(ALL)).isEqualTo(before);
        assertThat(r.reportSection("permissions"))
                .contains("Review permission 'access CiviEvent': held by anonymous user, event organiser.");
        assertThat(r.reportSection("modules")).anyMatch(l -> l.startsWith("Integration modules enabled again: ")
                && l.contains("webform_civicrm"));
        assertThat(r.reportSection("backup")).singleElement().asString().contains(r.runDir());
        assertThat(r.warnings()).noneMatch(w -> w.contains("Review permission"));
    }

    @Test
    void aFailureWhileOfflineRollsEverythingBack(TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().tablePrefix("d7_").withContribIntegrationModules()
                .frontPage("civicrm").create(tmp, db);
        Site site = Runs.detect(fake, tmp.resolve("work"));
        String before = db.queryString(ALL);
        List<Step> steps = new ArrayList<>(stages(site, ProcedureStage.OFFLINE));
        steps.add(Runs.failing());
        UpgradeResult r = Runs.run(site, steps.toArray(Step[]::new));
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(db.queryString(ALL)).isEqualTo(before);
    }

    @Test
    void thePreflightCheckBlocksADisabledCivicrmAndWarnsAboutIncompatibleModules(TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmEnabled(false).withContribIntegrationModules()
                .module(org.civiupgrade.testkit.FakeModule.contrib("civicrm_old", "CiviCRM", "7.x-1.0", "civicrm (<4.5)"))
                .create(tmp, db);
        Site site = Runs.detect(fake, tmp.resolve("work"));
        List<Step> steps = stages(site, ProcedureStage.OFFLINE, ProcedureStage.ONLINE);
        org.civiupgrade.CheckReport report = org.civiupgrade.Upgrade.of(site).steps(steps).plan().check();
        assertThat(report.passed()).isFalse();
        assertThat(report.results()).anyMatch(c -> c.isBlocker() && c.id().equals("drupal7.civicrm-disabled"));
        assertThat(report.results()).anyMatch(c -> !c.isBlocker() && c.id().equals("drupal7.module-compatibility.civicrm_old"));
        assertThat(fake.moduleStatus("civicrm_old")).as("a check changes nothing").isEqualTo(1);
    }

    @Test
    void contributesNothingForAnotherCms(TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().create(tmp, db);
        Site other = Site.builder(fake.root()).cms("WordPress", "6.4").civicrmCodeDir(fake.civicrmDir())
                .cmsDatabase(db.coordinates()).build();
        assertThat(contributed(other, ProcedureStage.values())).isEmpty();
    }
}
