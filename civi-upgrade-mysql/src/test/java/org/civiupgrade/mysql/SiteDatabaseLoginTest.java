package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Release;
import org.civiupgrade.Secret;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's entry points log in to every database of the site (CiviCRM's, the CMS's, a
 * separate logging database) before anything else, and a refused login fails each of them at once
 * with the database's role and the settings that hold it.
 */
@WithTestDatabase
class SiteDatabaseLoginTest {
    private static final String WRONG = "n0t-the-Password-42";

    private static Site site(Path tmp, DatabaseCoordinates civi, DatabaseCoordinates cms, DatabaseCoordinates logging)
            throws Exception {
        Path code = Files.createDirectories(tmp.resolve("site/sites/all/modules/civicrm/xml"));
        Files.writeString(code.resolve("version.xml"), "<version><version_no>4.7.31</version_no></version>\n");
        return Site.builder(tmp.resolve("site")).cms("Drupal", "7.100").civicrmCodeDir(tmp.resolve("site/sites/all/modules/civicrm"))
                .cmsDatabase(cms).civicrmDatabase(civi).civicrmLoggingDatabase(logging).workDir(tmp.resolve("work")).build();
    }

    private static DatabaseCoordinates wrong(DatabaseCoordinates c) {
        return DatabaseCoordinates.of(c.host(), c.port(), c.database(), c.user(), Secret.of(WRONG));
    }

    private static void refusedAtOnce(String what, Supplier<?> call, String role, String settings) {
        long start = System.nanoTime();
        Throwable t = catchThrowable(call::get);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as(what).isLessThan(Duration.ofSeconds(10));
        assertThat(t).as(what).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ACCESS_DENIED);
            assertThat(e.getMessage()).contains("Cannot connect to the " + role + " database", "Access denied for user")
                    .doesNotContain(WRONG);
            assertThat(e.remedy()).contains(settings).doesNotContain(WRONG);
        });
    }

    @Test
    void aRefusedLoggingDatabaseStopsEveryEntryPoint(TestDatabase db, @TempDir Path tmp) throws Exception {
        String logging = db.name() + "_log";
        db.execute("CREATE DATABASE `" + logging + "`");
        try {
            Site site = site(tmp, db.coordinates(), db.coordinates().withTablePrefix("d7_"), wrong(db.coordinates().withDatabase(logging)));
            UpgradePlan plan = Upgrade.of(site).to(Release.tarball(FakeRelease.of("5.0.0").writeTo(Files.createDirectories(
                    tmp.resolve("release"))))).backup().plan();
            String settings = "CIVICRM_LOGGING_DSN in " + site.civicrmSettingsFile();
            refusedAtOnce("check", plan::check, "CiviCRM logging", settings);
            refusedAtOnce("dry run", plan::dryRun, "CiviCRM logging", settings);
            refusedAtOnce("run", plan::run, "CiviCRM logging", settings);
            refusedAtOnce("status", () -> Upgrade.unaccountedChanges(site), "CiviCRM logging", settings);
            refusedAtOnce("recover", () -> Upgrade.recover(site), "CiviCRM logging", settings);
            assertThat(Files.exists(site.workDir().resolve("runs"))).as("no run folder was made").isFalse();
        } finally {
            db.execute("DROP DATABASE IF EXISTS `" + logging + "`");
        }
    }

    @Test
    void aRefusedCmsLoginNamesTheCmsSettingsEvenWhenCiviCrmSharesTheDatabase(TestDatabase db, @TempDir Path tmp) throws Exception {
        Site site = site(tmp, db.coordinates(), wrong(db.coordinates()), db.coordinates());
        UpgradePlan plan = Upgrade.of(site).to(Release.tarball(FakeRelease.of("5.0.0").writeTo(Files.createDirectories(
                tmp.resolve("release"))))).backup().plan();
        for (Supplier<?> call : List.<Supplier<?>>of(plan::check, () -> Upgrade.unaccountedChanges(site))) {
            refusedAtOnce("check", call, "Drupal", "$databases in " + site.siteDir().resolve("settings.php"));
        }
    }
}
