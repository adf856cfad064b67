package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.mysql.MySqlDialect;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.FakeSchemaUpgrader.Behaviour;
import org.civiupgrade.testkit.RealDumps;
import org.civiupgrade.testkit.RealDumps.Definers;
import org.civiupgrade.testkit.RealDumps.RealDump;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real CiviCRM database (a dump of CiviCRM's own upgrade-test suite) beside a fake Drupal 7
 * site: the dump is loaded into the site's CiviCRM database (Drupal's own, or a separate one),
 * the fake Drupal tree and Drupal tables are written around it, and the standard procedure runs
 * with an upgrader that drops the real triggers, rewrites Drupal's rows as its cache flush does
 * and fails in its finishing task. The version is read from the real {@code civicrm_domain}, and
 * the run ends ROLLED_BACK with every CiviCRM and Drupal table, counter, trigger, view, routine
 * and file as before (up to what Drupal itself deletes, see {@link DrupalTablesRollbackTest}).
 *
 * <p>By default three dumps of different eras run; {@code -Dciviupgrade.allRealDumps=true} (or
 * {@code CIVI_UPGRADE_ALL_REAL_DUMPS=true}) runs every dump of the folder. Layouts and DEFINER
 * handling alternate over the dumps.
 */
@WithTestDatabase
class RealDumpBesideFakeDrupalTest {
    private static final List<String> DEFAULT = List.of("4.6.36", "5.45.3", "5.75.2");

    @TempDir
    Path tmp;

    record Case(RealDump dump, boolean ownDatabase, String prefix, Definers definers) {
        @Override
        public String toString() {
            return dump + (ownDatabase ? ", own database" : ", Drupal's database") + (prefix.isEmpty() ? "" : ", prefix " + prefix)
                    + ", DEFINERs " + definers.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static Stream<Case> cases() {
        boolean all = Boolean.getBoolean("civiupgrade.allRealDumps") || "true".equals(System.getenv("CIVI_UPGRADE_ALL_REAL_DUMPS"));
        List<RealDump> dumps = all ? RealDumps.all() : DEFAULT.stream().map(RealDumps::of).toList();
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < dumps.size(); i++) {
            out.add(new Case(dumps.get(i), i % 2 == 1, i % 3 == 0 ? "d7_" : "", i % 2 == 0 ? Definers.AS_DUMPED : Definers.STRIPPED));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lateFailureOnARealDatabaseEndsRolledBackFingerprintEqual(Case k, TestDatabase db) throws Exception {
        try (TestDatabase own = k.ownDatabase() ? db.server().createDatabase() : null) {
            TestDatabase civi = own != null ? own : db;
            RealDumps.load(k.dump(), civi.coordinates(), k.definers());
            Version from = k.dump().version();
            Version to = Version.parse(from.major() + "." + (from.minor() + 1) + ".0");
            FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(from.toString()).tablePrefix(k.prefix()).civicrmDatabase(own)
                    .existingCivicrmSchema().create(tmp.resolve("site"), db);
            Path tarball = FakeRelease.of(to.toString()).revisions(to.toString()).writeTo(tmp.resolve("downloads"));
            Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
            assertThat(site.civicrmDatabase().database()).as("CIVICRM_DSN read").isEqualTo(civi.name());
            assertThat(new MySqlDialect().readVersion(civi.dataSource(), 1)).as("the real civicrm_domain.version")
                    .hasValueSatisfying(v -> assertThat(Version.parse(v)).isEqualTo(from));
            List<String> definers = new ArrayList<>();
            if (k.definers() == Definers.AS_DUMPED) {
                // the dump's triggers name an account missing here (writes through them fail with error 1449), so the
                // pre-flight blocks; the account its remedy creates lets the run go on
                List<org.civiupgrade.CheckResult> blockers = Upgrade.of(site).to(Release.tarball(tarball)).standard().plan().check()
                        .blockers();
                assertThat(blockers).isNotEmpty().allSatisfy(b -> assertThat(b.id()).isEqualTo("mysql.definers"));
                for (org.civiupgrade.CheckResult b : blockers) {
                    String run = b.remedy().substring("As an administrator run: ".length(), b.remedy().indexOf(" Or re-create"));
                    definers.add(run.substring("CREATE USER ".length(), run.indexOf(" ACCOUNT LOCK")));
                    for (String statement : run.split(";")) {
                        if (!statement.isBlank()) {
                            db.execute(statement.trim());
                        }
                    }
                }
            }
            try {
                SiteFingerprint before = SiteFingerprint.of(fake);
                List<String> bootstrapBefore = fake.cacheIds("cache_bootstrap");

                UpgradeResult r = Upgrade.of(site).to(Release.tarball(tarball))
                        .upgrader(new FakeSchemaUpgrader(FakeSchemaUpgrader.FAIL_AT_FINISH, 1, new Behaviour(false, false, true)))
                        .standard().plan().run(e -> { });

                assertThat(r.status()).as("%s", r.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
                assertThat(r.failure().message()).contains("Finish Upgrade DB to " + to);
                assertThat(r.compensations()).allMatch(UpgradeResult.CompensationOutcome::applied);
                String templates = "file:root/" + fake.root().relativize(fake.templatesC()) + "/";
                String bootstrap = "table:db." + fake.table("cache_bootstrap") + ":rows";
                assertThat(without(SiteFingerprint.of(fake), templates, bootstrap).diff(without(before, templates, bootstrap)))
                        .as("differences to the initial site (- now, + before)").isEmpty();
                List<String> bootstrapWant = new ArrayList<>(bootstrapBefore);
                bootstrapWant.remove("variables");
                assertThat(fake.cacheIds("cache_bootstrap")).isEqualTo(bootstrapWant);
                assertThat(new MySqlDialect().readVersion(civi.dataSource(), 1).map(Version::parse)).hasValue(from);
            } finally {
                for (String account : definers) {
                    db.execute("DROP USER IF EXISTS " + account);
                }
            }
        }
    }

    private static SiteFingerprint without(SiteFingerprint f, String folder, String... keys) {
        SortedMap<String, String> m = new TreeMap<>(f.entries());
        m.keySet().removeIf(x -> x.startsWith(folder));
        for (String x : keys) {
            m.remove(x);
        }
        return new SiteFingerprint(m);
    }
}
