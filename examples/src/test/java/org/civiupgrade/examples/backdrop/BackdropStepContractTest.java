package org.civiupgrade.examples.backdrop;

import java.nio.file.Files;
import java.nio.file.Path;
import org.civiupgrade.Site;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.Step;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.StepContract;
import org.civiupgrade.testkit.TestContexts;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The Backdrop steps that change the site in the offline stage keep the step contract. */
@WithTestDatabase
class BackdropStepContractTest {
    @TempDir
    Path tmp;
    FakeBackdropSite fake;
    Site site;
    TestDatabase db;

    @BeforeEach
    void site(TestDatabase database) throws Exception {
        db = database;
        fake = FakeBackdropSite.create(tmp.resolve("site"), db, "4.4.0", "civicrm/dashboard");
        site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        Files.createDirectories(tmp.resolve("work/run"));
    }

    PlanContext planContext() {
        return TestContexts.planContext(site, TestContexts.resources(db.dataSource()), tmp.resolve("work/run"), PlanOptions.empty());
    }

    SiteFingerprint siteFingerprint() {
        return SiteFingerprint.builder().files("root", fake.root()).database("db", db.dataSource()).build();
    }

    /** Putting an online site into maintenance mode (a new state row). */
    @Nested
    class MaintenanceOn implements StepContract {
        @Override
        public Step step() {
            return new BackdropAdapter().maintenanceOnStep(site);
        }

        @Override
        public PlanContext context() {
            return planContext();
        }

        @Override
        public SiteFingerprint fingerprint() {
            return siteFingerprint();
        }
    }

    /** Moving a CiviCRM front page to {@code node} in system.core.json. */
    @Nested
    class FrontPageToNode implements StepContract {
        @Override
        public Step step() {
            return new BackdropAdapter().neutralFrontPageStep(site);
        }

        @Override
        public PlanContext context() {
            return planContext();
        }

        @Override
        public SiteFingerprint fingerprint() {
            return siteFingerprint();
        }
    }
}
