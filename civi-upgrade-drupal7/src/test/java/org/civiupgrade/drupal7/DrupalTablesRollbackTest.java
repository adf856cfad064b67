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
import org.civiupgrade.drupal7.internal.BackupDrupalTablesStep;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.FakeSchemaUpgrader.Behaviour;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The standard procedure with an upgrader that does what CiviCRM's does (snapshot tables,
 * an indexed and a foreign-key column, triggers dropped, Drupal's rows rewritten by the cache
 * flush) and then fails in its finishing task: the run ends ROLLED_BACK with every Drupal and
 * CiviCRM table, counter, trigger, view and file as before, for CiviCRM in Drupal's database and
 * in its own, with and without a Drupal table prefix. The only difference Drupal itself causes is
 * the {@code cache_bootstrap} row {@code variables}, which {@code variable_set()} deletes when
 * maintenance mode is set back. Rows the live site writes meanwhile to {@code sessions} and
 * {@code watchdog} are kept. A succeeding run keeps the upgraded state.
 */
@WithTestDatabase
class DrupalTablesRollbackTest {
    private static final String FROM = "4.4.5";
    private static final String TO = "4.6.36";
    private static final String[] REVISIONS = {"4.5.0", "4.6.0", "4.6.36"};

    @TempDir
    Path tmp;

    record Layout(boolean ownDatabase, String prefix) {
        @Override
        public String toString() {
            return (ownDatabase ? "CiviCRM in its own database" : "CiviCRM in Drupal's database")
                    + (prefix.isEmpty() ? "" : ", Drupal prefix " + prefix);
        }
    }

    static Stream<Layout> layouts() {
        return Stream.of(new Layout(false, ""), new Layout(false, "d7_"), new Layout(true, ""), new Layout(true, "d7_"));
    }

    /** The upgrader, after the live site has written a session and a log entry (as an administrator logging in would). */
    private static SchemaUpgrader afterLiveWrites(FakeDrupalSite fake, SchemaUpgrader real) {
        return new SchemaUpgrader() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public String describe(Site site) {
                return real.describe(site);
            }

            @Override
            public List<String> upgrade(Request request) throws Exception {
                fake.database().execute("INSERT INTO `" + fake.table("sessions") + "` (uid, sid, ssid, hostname, timestamp, cache, session)"
                        + " VALUES (1, 'live-session-during-upgrade', '', '192.0.2.20', 1700000000, 0, '')",
                        "INSERT INTO `" + fake.table("watchdog") + "` (uid, type, message, variables, severity, link, location,"
                        + " referer, hostname, timestamp) VALUES (1, 'user', 'Session opened for %name.', 'a:0:{}', 5, '',"
                        + " 'http://example.org/user', '', '192.0.2.20', 1700000000)");
                return real.upgrade(request);
            }
        };
    }

    private FakeDrupalSite site(Layout layout, TestDatabase db, TestDatabase civi) {
        return FakeDrupalSite.builder().civicrmVersion(FROM).tablePrefix(layout.prefix()).civicrmDatabase(civi)
                .create(tmp.resolve("site"), db);
    }

    /** The fake flushing Drupal's caches and dropping the triggers, then failing in its finishing task. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void lateFailureEndsRolledBackWithDrupalTablesAsBefore(Layout layout, TestDatabase db) throws Exception {
        lateFailure(layout, db, new Behaviour(false, false, true));
    }

    /**
     * Everything the real upgrader does, then a failure in its finishing task: the selective
     * restore drops the snapshot tables and survives MariaDB's refusal (error 1846) to drop an
     * indexed or foreign-key column instantly.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void lateFailureAfterEverythingARealUpgradeDoesEndsRolledBack(Layout layout, TestDatabase db) throws Exception {
        lateFailure(layout, db, Behaviour.REAL);
    }

    private void lateFailure(Layout layout, TestDatabase db, Behaviour behaviour) throws Exception {
        try (TestDatabase civi = layout.ownDatabase() ? db.server().createDatabase() : null) {
            FakeDrupalSite fake = site(layout, db, civi);
            Path tarball = FakeRelease.of(TO).revisions(REVISIONS).writeTo(tmp.resolve("downloads"));
            Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
            assertThat(site.civicrmDatabase().database()).isEqualTo(fake.civicrmDatabase().name());
            SiteFingerprint before = SiteFingerprint.of(fake);
            List<String> bootstrapBefore = fake.cacheIds("cache_bootstrap");
            SchemaUpgrader upgrader = afterLiveWrites(fake, new FakeSchemaUpgrader(FakeSchemaUpgrader.FAIL_AT_FINISH, 1, behaviour));

            UpgradeResult r = Upgrade.of(site).to(Release.tarball(tarball)).upgrader(upgrader).standard().plan().run(e -> { });

            assertThat(r.status()).as("%s", r.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(r.failure().stepId()).isEqualTo("migrate-database");
            assertThat(r.failure().message()).contains("Finish Upgrade DB to " + TO);
            assertThat(r.compensations()).allMatch(UpgradeResult.CompensationOutcome::applied);
            assertThat(r.compensations()).anyMatch(c -> c.stepId().equals("drupal7.backup-drupal-tables"));

            SiteFingerprint after = SiteFingerprint.of(fake);
            String sessions = "table:db." + fake.table("sessions") + ":rows";
            String watchdog = "table:db." + fake.table("watchdog") + ":rows";
            String watchdogCounter = "table:db." + fake.table("watchdog") + ":auto_increment";
            String bootstrap = "table:db." + fake.table("cache_bootstrap") + ":rows";
            // the rollback of the code swap empties templates_c, as the documented rollback does
            String templates = "file:root/" + fake.root().relativize(fake.templatesC()) + "/";
            assertThat(without(after, templates, sessions, watchdog, watchdogCounter, bootstrap)
                    .diff(without(before, templates, sessions, watchdog, watchdogCounter, bootstrap)))
                    .as("differences to the initial site (- now, + before)").isEmpty();
            List<String> bootstrapWant = new ArrayList<>(bootstrapBefore);
            bootstrapWant.remove("variables");
            assertThat(fake.cacheIds("cache_bootstrap")).as("variable_set() deletes the variables row, nothing else changes")
                    .isEqualTo(bootstrapWant);
            assertThat(fake.database().queryColumn("SELECT sid FROM `" + fake.table("sessions") + "` ORDER BY sid"))
                    .as("the live site's session is kept").contains("live-session-during-upgrade").hasSize(2);
            assertThat(fake.database().queryColumn("SELECT wid FROM `" + fake.table("watchdog") + "`"))
                    .as("the live site's log entry is kept").hasSize(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void succeedingRunKeepsTheUpgradedState(Layout layout, TestDatabase db) throws Exception {
        try (TestDatabase civi = layout.ownDatabase() ? db.server().createDatabase() : null) {
            FakeDrupalSite fake = site(layout, db, civi);
            Path tarball = FakeRelease.of(TO).revisions(REVISIONS).writeTo(tmp.resolve("downloads"));
            Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
            String linksCounter = counter(fake.database(), fake.table("menu_links"));

            UpgradeResult r = Upgrade.of(site).to(Release.tarball(tarball)).upgrader(new FakeSchemaUpgrader(null, 1, Behaviour.REAL))
                    .standard().plan().run(e -> { });

            assertThat(r.status()).as("%s", r.toJson()).isEqualTo(RunStatus.SUCCEEDED);
            TestDatabase d = fake.database();
            TestDatabase c = fake.civicrmDatabase();
            assertThat(c.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo(TO);
            assertThat(c.queryColumn("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_NAME LIKE 'snap\\_civicrm\\_v%' ORDER BY TABLE_NAME"))
                    .containsExactly("snap_civicrm_v4_5_contact", "snap_civicrm_v4_6_contact");
            assertThat(c.queryColumn("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_NAME = 'civicrm_participant' AND COLUMN_NAME = 'created_id'")).hasSize(1);
            assertThat(new String(d.queryBytes("SELECT info FROM `" + fake.table("system") + "` WHERE name = 'civicrm'"),
                    java.nio.charset.StandardCharsets.UTF_8)).contains("s:7:\"version\";s:6:\"" + TO + "\";");
            assertThat(d.queryColumn("SELECT name FROM `" + fake.table("registry") + "` WHERE module = 'civicrm'"))
                    .contains("civicrm_api4_menu");
            assertThat(d.queryColumn("SELECT link_path FROM `" + fake.table("menu_links") + "`")).contains("civicrm/ajax/api4");
            assertThat(counter(d, fake.table("menu_links"))).isNotEqualTo(linksCounter);
            assertThat(fake.variable("css_js_query_string")).isNotNull();
            assertThat(fake.variable("maintenance_mode")).as("online again").isNull();
            assertThat(d.queryColumn("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?", c.name()))
                    .as("triggers rebuilt").isNotEmpty();
            assertThat(tmp.resolve("work")).isNotEmptyDirectory();
            assertThat(BackupDrupalTablesStep.FOLDER).isEqualTo("drupal-tables");
        }
    }

    private static String counter(TestDatabase db, String table) {
        return db.queryString("SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
                table);
    }

    /** The fingerprint without the entries named, and without those below {@code folder} (ending in '/'). */
    private static SiteFingerprint without(SiteFingerprint f, String folder, String... keys) {
        SortedMap<String, String> m = new TreeMap<>(f.entries());
        m.keySet().removeIf(k -> k.startsWith(folder));
        for (String k : keys) {
            m.remove(k);
        }
        return new SiteFingerprint(m);
    }
}
