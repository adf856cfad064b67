package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.drupal7.drush.DrushSchemaUpgrader;
import org.civiupgrade.drupal7.php.PhpSchemaUpgrader;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeDrush;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The standard procedure on fake Drupal 7 sites of two CiviCRM eras with the database upgraded
 * through the php upgrader (real PHP running the module's script on the fake CiviCRM upgrade
 * classes) and through a fake drush 8: it succeeds, and a failure injected at a revision (for
 * drush also an error printed with exit status 0) ends ROLLED_BACK with the initial site.
 */
@WithTestDatabase
class SchemaUpgradersEndToEndTest {
    @TempDir
    Path tmp;

    enum Way { PHP, DRUSH, DRUSH_ERROR_WITH_EXIT_ZERO }

    /**
     * @param from      the site's version
     * @param to        the release's version
     * @param revisions the release's revisions
     * @param way       how the database is upgraded
     * @param failAt    revision to fail at, or null
     */
    record Case(String from, String to, List<String> revisions, Way way, String failAt) {
        @Override
        public String toString() {
            return from + " -> " + to + " " + way + (failAt == null ? "" : " failing at " + failAt);
        }
    }

    static Stream<Case> cases() {
        List<String> early = List.of("4.5.0", "4.6.0", "4.7.0");
        List<String> late = List.of("5.50.0", "5.55.0");
        return Stream.of(new Case("4.4.5", "4.7.0", early, Way.PHP, null), new Case("5.45.0", "5.55.0", late, Way.PHP, null),
                new Case("4.4.5", "4.7.0", early, Way.PHP, "4.6.0"), new Case("5.45.0", "5.55.0", late, Way.PHP, "5.55.0"),
                new Case("4.4.5", "4.7.0", early, Way.DRUSH, null), new Case("5.45.0", "5.55.0", late, Way.DRUSH, null),
                new Case("4.4.5", "4.7.0", early, Way.DRUSH, "4.6.0"), new Case("5.45.0", "5.55.0", late, Way.DRUSH, "5.55.0"),
                new Case("4.4.5", "4.7.0", early, Way.DRUSH_ERROR_WITH_EXIT_ZERO, "4.6.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void standardProcedure(Case k, TestDatabase db) throws Exception {
        String php = k.way() == Way.PHP ? php() : null;
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(k.from()).withBundledIntegrationModules().create(tmp.resolve("site"), db);
        FakeRelease release = FakeRelease.of(k.to()).revisions(k.revisions().toArray(String[]::new));
        if (k.way() == Way.PHP) {
            release.pendingExtensionUpgrade("org.example.fake");
            if (k.failAt() != null) {
                release.upgradeFailingAt(k.failAt());
            }
        }
        Path tarball = release.writeTo(tmp.resolve("downloads"));
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        SchemaUpgrader upgrader = k.way() == Way.PHP ? new PhpSchemaUpgrader(php, List.of("memory_limit=256M"))
                : new DrushSchemaUpgrader(FakeDrush.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), k.failAt(),
                        k.way() == Way.DRUSH ? FakeDrush.Failure.EXIT_ONE : FakeDrush.Failure.ERROR_WITH_EXIT_ZERO).toString());
        SiteFingerprint before = SiteFingerprint.of(fake.root(), db.dataSource());

        UpgradeResult r = Upgrade.of(site).to(Release.tarball(tarball)).upgrader(upgrader).standard().plan().run(e -> { });

        if (k.failAt() == null) {
            assertThat(r.status()).as("%s", r.toJson()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo(k.to());
            assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse(k.to()));
            for (String rev : k.revisions()) {
                assertThat(db.queryString("SELECT note FROM `" + FakeRelease.revisionTable(rev) + "`")).isEqualTo("upgraded to " + rev);
            }
            if (k.way() == Way.PHP) {
                assertThat(db.queryString("SELECT revision FROM civicrm_fake_ext_org_example_fake")).as("extension upgraded after core")
                        .isEqualTo("1001");
            }
            return;
        }
        assertThat(r.status()).as("%s", r.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(r.failure().stepId()).isEqualTo("migrate-database");
        assertThat(r.failure().message()).contains("injected failure in revision " + k.failAt());
        if (k.way() == Way.DRUSH_ERROR_WITH_EXIT_ZERO) {
            assertThat(r.failure().message()).contains("exit status 0, but civicrm_domain.version is '" + k.failAt() + ".upgrade'");
        }
        if (k.way() == Way.PHP) {
            assertThat(r.failure().message()).contains("Upgrade failed at task \"Upgrade DB to " + k.failAt() + "\"");
        }
        assertThat(r.compensations()).allMatch(UpgradeResult.CompensationOutcome::applied);
        assertThat(withoutCaches(SiteFingerprint.of(fake.root(), db.dataSource()).diff(before)))
                .as("differences to the initial site (- now, + before)").isEmpty();
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo(k.from());
    }

    /**
     * Without Drupal's cache rows (its own variable_set() and module_disable() delete them and a
     * rollback leaves them to be rebuilt) and templates_c (emptied by the code swap's rollback).
     */
    private static List<String> withoutCaches(List<String> diff) {
        return diff.stream().filter(d -> !d.matches("^. table:db\\.cache(_[a-z_]+)?:rows: .*"))
                .filter(d -> !d.matches("^\\+ file:root/sites/default/files/civicrm/templates_c/.+")).toList();
    }

    private static String php() throws Exception {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "php");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                Process pr = new ProcessBuilder(p.toString(), "-r", "exit(extension_loaded('pdo_mysql') ? 0 : 3);").start();
                if (pr.waitFor(30, TimeUnit.SECONDS) && pr.exitValue() == 0) {
                    return p.toString();
                }
            }
        }
        assertThat(System.getenv("CIVI_UPGRADE_REQUIRE_PHP")).as("PHP with pdo_mysql is required (CIVI_UPGRADE_REQUIRE_PHP=true)")
                .isNotEqualTo("true");
        Assumptions.abort("PHP UPGRADER END-TO-END NOT TESTED: no php with pdo_mysql on the PATH (Debian: apt-get install php-cli php-mysql)");
        return null;
    }
}
