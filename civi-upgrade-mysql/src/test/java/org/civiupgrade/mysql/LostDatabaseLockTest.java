package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.mysql.internal.NamedLock;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.civiupgrade.testkit.ScriptedAction;
import org.civiupgrade.testkit.ScriptedStep;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine checks the run's database lock before each step and after journaling each change:
 * a run whose lock connection was killed stops before its next change and rolls back exactly, and
 * a kept-alive lock keeps refusing a run from another work directory through idle periods longer
 * than the lock session's {@code wait_timeout}.
 */
@WithTestDatabase
class LostDatabaseLockTest {
    @TempDir
    Path tmp;

    /** Signals that it runs, waits until released, then (optionally) writes a file as a scripted change. */
    record HoldStep(String id, CountDownLatch started, CountDownLatch release, boolean changeAfter) implements Step {
        @Override
        public String description() {
            return "waits, as a long upgrader does";
        }

        @Override
        public Reversibility reversibility() {
            return Reversibility.REVERSIBLE;
        }

        @Override
        public List<PlannedAction> preview(PlanContext context) {
            return List.of();
        }

        @Override
        public void apply(StepContext context) throws Exception {
            started.countDown();
            assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
            if (changeAfter) {
                new ScriptedAction.WriteFile("held-step.txt", "written after the wait").apply(context, id + "#0");
            }
        }
    }

    private Site site(DatabaseCoordinates db, Path work) throws Exception {
        Path code = Files.createDirectories(tmp.resolve("site/sites/all/modules/civicrm/xml"));
        Files.writeString(code.resolve("version.xml"), "<version><version_no>4.7.31</version_no></version>\n");
        return Site.builder(tmp.resolve("site")).cms("Drupal", "7.100").civicrmCodeDir(tmp.resolve("site/sites/all/modules/civicrm"))
                .cmsDatabase(db).civicrmDatabase(db).workDir(work).build();
    }

    private static String lockHolder(TestDatabase db) {
        DatabaseCoordinates c = db.coordinates();
        return db.queryString("SELECT IS_USED_LOCK(?)", NamedLock.serverName("site:" + c.host() + ":" + c.port() + "/" + c.database()));
    }

    @ParameterizedTest(name = "change after the kill in the same step: {0}")
    @ValueSource(booleans = {true, false})
    void aKilledLockConnectionStopsTheRunBeforeItsNextChangeAndRollsBack(boolean changeAfter, TestDatabase db) throws Exception {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.civicrmSchema(ds, "4.7.31");
            Db.exec(ds, "CREATE TABLE kv (id INT PRIMARY KEY, v VARBINARY(255))", "INSERT INTO kv VALUES (1, 'before')");
            Site site = site(db.coordinates(), tmp.resolve("work"));
            SiteFingerprint before = SiteFingerprint.of(site.root(), ds);
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Upgrade.Builder plan = Upgrade.of(site)
                    .step(new ScriptedStep("first", List.of(new ScriptedAction.WriteFile("first.txt", "one"),
                            new ScriptedAction.SetRow("kv", 1, "changed by the run"))))
                    .step(new HoldStep("held", started, release, changeAfter))
                    .step(new ScriptedStep("last", List.of(new ScriptedAction.WriteFile("last.txt", "never"))));

            CompletableFuture<UpgradeResult> run = CompletableFuture.supplyAsync(plan::run);
            assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
            String holder = lockHolder(db);
            assertThat(holder).as("the run holds the database lock").isNotNull();
            Db.exec(ds, "KILL " + Long.parseLong(holder));
            release.countDown();
            UpgradeResult r = run.get(60, TimeUnit.SECONDS);

            assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(r.failure().code()).isEqualTo(ErrorCode.DATABASE_LOCK_LOST);
            assertThat(r.failure().stepId()).isEqualTo(changeAfter ? "held" : "last");
            assertThat(r.failure().message()).contains("database lock", "was lost", "connection ended", "stops before its next change");
            assertThat(r.failure().remedy()).contains("no other civi-upgrade run");
            assertThat(Files.exists(site.root().resolve("held-step.txt"))).as("the change after the kill was not made").isFalse();
            assertThat(Files.exists(site.root().resolve("last.txt"))).as("the next step made no change").isFalse();
            assertThat(SiteFingerprint.of(site.root(), ds).diff(before)).isEmpty();
        }
    }

    @Test
    void aKeptAliveLockRefusesARunFromAnotherWorkDirectoryAfterAnIdlePeriodLongerThanWaitTimeout(TestDatabase db)
            throws Exception {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.civicrmSchema(ds, "4.7.31");
            Site first = site(db.coordinates(), tmp.resolve("work-a"));
            Site second = first.withWorkDir(tmp.resolve("work-b"));
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // the lock's session idles out after 2 s unless kept alive (every 500 ms here)
            MySqlDialect dialect = new MySqlDialect().withLockKeepAlive(Duration.ofMillis(500), Duration.ofSeconds(2));
            CompletableFuture<UpgradeResult> run = CompletableFuture.supplyAsync(() -> Upgrade.of(first).dialect(dialect)
                    .step(new HoldStep("held", started, release, true)).run());
            assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
            String holder = lockHolder(db);
            Thread.sleep(4_500);
            assertThat(lockHolder(db)).as("the same session still holds the lock after the idle period").isEqualTo(holder);

            assertThatThrownBy(() -> Upgrade.of(second).step(new ScriptedStep("other", List.of(
                    new ScriptedAction.WriteFile("other.txt", "x")))).run())
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SITE_LOCKED);
                        assertThat(e.getMessage()).containsIgnoringCase("lock");
                    });
            assertThat(Files.exists(first.root().resolve("other.txt"))).isFalse();

            release.countDown();
            UpgradeResult r = run.get(60, TimeUnit.SECONDS);
            assertThat(r.status()).as(String.valueOf(r.failure())).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(Files.readString(first.root().resolve("held-step.txt"))).isEqualTo("written after the wait");
        }
    }
}
