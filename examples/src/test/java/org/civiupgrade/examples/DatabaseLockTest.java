package org.civiupgrade.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.mysql.MySqlDialect;
import org.civiupgrade.spi.db.DatabaseLocking;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs on the same database with different work directories refuse each other. */
@WithTestDatabase
class DatabaseLockTest {
    @TempDir
    Path tmp;

    @Test
    void aRunIsRefusedWhileAnotherHoldsTheDatabaseLockEvenWithAnotherWorkDirectory(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").create(tmp.resolve("site"), db);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work-a"));
        UpgradePlan plan = Upgrade.of(site).to(Release.tarball(FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"))))
                .upgrader(new FakeSchemaUpgrader()).standard().plan();
        SiteFingerprint before = SiteFingerprint.of(fake.root(), db.dataSource());
        DatabaseCoordinates c = site.civicrmDatabase();
        // what a run from another host (another work directory) holds while it upgrades this database
        try (DatabaseLocking.Lock other = new MySqlDialect().acquire(db.dataSource(),
                "site:" + c.host() + ":" + c.port() + "/" + c.database(), Duration.ZERO)) {
            assertThatThrownBy(plan::run).isInstanceOfSatisfying(UpgradeException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.SITE_LOCKED)).hasMessageContaining("database lock");
            assertThat(SiteFingerprint.of(fake.root(), db.dataSource()).diff(before)).isEmpty();
        }
        assertThat(plan.run().status()).isEqualTo(RunStatus.SUCCEEDED);
    }
}
