package org.civiupgrade.drupal7.contract;

import java.nio.file.Path;
import org.civiupgrade.Site;
import org.civiupgrade.drupal7.Drupal7Adapter;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.Step;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.StepContract;
import org.civiupgrade.testkit.TestContexts;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Putting an online Drupal 7 site into maintenance mode keeps the step contract. */
@WithTestDatabase
class MaintenanceOnStepContractTest implements StepContract {
    @TempDir
    Path tmp;
    private FakeDrupalSite fake;
    private Site site;
    private TestDatabase db;

    @BeforeEach
    void site(TestDatabase database) {
        db = database;
        fake = FakeDrupalSite.builder().tablePrefix("d7_").maintenanceMode("i:0;").create(tmp, db);
        site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
    }

    @Override
    public Step step() {
        return ((Drupal7Adapter) site.adapter().orElseThrow()).maintenanceOnStep(site);
    }

    @Override
    public PlanContext context() {
        return TestContexts.planContext(site, TestContexts.resources(db.dataSource()), tmp.resolve("work/run"), PlanOptions.empty());
    }

    /** Drupal rebuilds the cache rows the step deletes as variable_set() does; an undo need not put them back. */
    @Override
    public SiteFingerprint fingerprint() {
        return SiteFingerprint.of(fake).withoutDrupalCaches(fake.prefix());
    }
}
