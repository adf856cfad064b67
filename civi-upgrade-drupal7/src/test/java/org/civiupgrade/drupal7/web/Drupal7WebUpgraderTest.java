package org.civiupgrade.drupal7.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.drupal7.internal.web.RemoveDrupalSession;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The web upgrader against a fake Drupal 7 site served by {@code php -S} with CiviCRM's web
 * upgrade protocol ({@link FakeDrupalWeb}): whole standard runs that succeed for two eras (the 4.x
 * finish page writes the final version, the 5.x finishing task does), a failing task, a PHP fatal
 * error, and, upgrader alone, a time-out, refused logins, clean URLs off, maintenance mode and a
 * redirect to another host. After every run no session row of the run is left, and the session id
 * the site received appears nowhere in the journal, the events or the result.
 */
@WithTestDatabase
class Drupal7WebUpgraderTest {
    @TempDir
    Path tmp;

    record Era(String from, String to, String[] revisions) {
        @Override
        public String toString() {
            return from + " to " + to;
        }
    }

    static Stream<Era> eras() {
        return Stream.of(new Era("4.4.5", "4.6.36", new String[] {"4.5.0", "4.6.0", "4.6.36"}),
                new Era("4.7.31", "5.14.0", new String[] {"5.0.0", "5.13.0", "5.14.0"}));
    }

    private static final String FROM = "4.4.5";
    private static final String TO = "4.6.36";
    private static final String[] REVISIONS = {"4.5.0", "4.6.0", "4.6.36"};

    // ------------------------------------------------------------------ whole runs

    @ParameterizedTest(name = "{0}")
    @MethodSource("eras")
    void aStandardRunThroughTheWebSucceeds(Era era, TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(era.from()).create(tmp.resolve("site"), db);
        try (FakeDrupalWeb web = FakeDrupalWeb.start(fake, tmp.resolve("web"))) {
            List<String> sessionsBefore = sessions(fake);
            Run run = run(fake, era.to(), era.revisions(), new Drupal7WebUpgrader(web.baseUrl()));

            assertThat(run.result.status()).as("%s\n%s", run.result.toJson(), web.serverLog()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(fake.civicrmDatabase().queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo(era.to());
            for (String rev : era.revisions()) {
                assertThat(fake.civicrmDatabase().queryColumn("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                        + " AND TABLE_NAME = ?", FakeRelease.revisionTable(rev))).as("revision %s ran", rev).hasSize(1);
            }
            assertThat(fake.civicrmDatabase().queryColumn("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"))
                    .as("triggers rebuilt").isNotEmpty();
            assertThat(run.events).filteredOn(e -> e instanceof UpgradeEvent.StepProgress p && p.stepId().equals("migrate-database"))
                    .as("a progress event per task").hasSizeGreaterThanOrEqualTo(era.revisions().length + 1);
            assertThat(sessions(fake)).as("the run's session is removed").isEqualTo(sessionsBefore);
            assertNoSessionIdLeaked(web, run);
        }
    }

    @Test
    void aFailingTaskRollsBackToTheInitialSiteWithItsTitleAndMessage(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(FROM).create(tmp.resolve("site"), db);
        try (FakeDrupalWeb web = FakeDrupalWeb.start(fake, tmp.resolve("web")).behaviour("failAt", "4.6.0")) {
            SiteFingerprint before = fingerprint(fake);
            Run run = run(fake, TO, REVISIONS, new Drupal7WebUpgrader(web.baseUrl()));

            assertThat(run.result.status()).as("%s", run.result.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(run.result.failure().stepId()).isEqualTo("migrate-database");
            assertThat(run.result.failure().message()).contains("Upgrade DB to 4.6.0: SQL")
                    .contains("DB Error: injected failure in revision 4.6.0").doesNotContain("<p>").doesNotContain("#0 ");
            assertThat(run.result.compensations()).allMatch(UpgradeResult.CompensationOutcome::applied);
            assertThat(fingerprint(fake).diff(before)).as("differences to the initial site, Drupal tables included").isEmpty();
            assertNoSessionIdLeaked(web, run);
        }
    }

    @Test
    void aPhpFatalErrorRollsBackAndSaysSo(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(FROM).create(tmp.resolve("site"), db);
        try (FakeDrupalWeb web = FakeDrupalWeb.start(fake, tmp.resolve("web")).behaviour("fatalAt", "4.6.0")) {
            SiteFingerprint before = fingerprint(fake);
            Run run = run(fake, TO, REVISIONS, new Drupal7WebUpgrader(web.baseUrl()));

            assertThat(run.result.status()).as("%s", run.result.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(run.result.failure().message()).contains("HTTP 500").contains("fatal error").contains("after \"Upgrade DB to 4.5.0: SQL\"");
            assertThat(web.serverLog()).contains("fake_undefined_function_to_die_with_a_fatal_error");
            assertThat(fingerprint(fake).diff(before)).isEmpty();
            assertNoSessionIdLeaked(web, run);
        }
    }

    // ------------------------------------------------------------------ the upgrader alone

    @Test
    void aHangingTaskTimesOutAndTheSessionIsRemoved(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(FROM).create(tmp.resolve("site"), db);
        release(fake, TO, REVISIONS);
        try (FakeDrupalWeb web = FakeDrupalWeb.start(fake, tmp.resolve("web")).behaviour("hangAt", "4.5.0")) {
            List<String> sessionsBefore = sessions(fake);
            Drupal7WebUpgrader up = Drupal7WebUpgrader.builder().baseUrl(web.baseUrl()).requestTimeout(Duration.ofSeconds(3)).build();
            long start = System.nanoTime();
            assertThatThrownBy(() -> upgrade(fake, up, new ArrayList<>(), new ArrayList<>()))
                    .isInstanceOf(UpgradeException.class).hasMessageContaining("did not answer").hasMessageContaining("no answer within 3 s")
                    .hasMessageContaining("the first upgrade task")
                    .satisfies(e -> assertThat(((UpgradeException) e).remedy()).contains("max_execution_time"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(sessions(fake)).isEqualTo(sessionsBefore);
        }
    }

    @Test
    void aRefusedLoginFailsClearly(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(FROM).create(tmp.resolve("site"), db);
        release(fake, TO, REVISIONS);
        try (FakeDrupalWeb web = FakeDrupalWeb.start(fake, tmp.resolve("web"))) {
            List<String> sessionsBefore = sessions(fake);
            web.behaviour("login", "forbid");
            assertThatThrownBy(() -> upgrade(fake, new Drupal7WebUpgrader(web.baseUrl()), new ArrayList<>(), new ArrayList<>()))
                    .hasMessageContaining("access denied").hasMessageContaining("HTTP 403");
            web.behaviour("login", "redirect");
            assertThatThrownBy(() -> upgrade(fake, new Drupal7WebUpgrader(web.baseUrl()), new ArrayList<>(), new ArrayList<>()))
                    .hasMessageContaining("did not accept the administrator login").hasMessageContaining("login form");
            assertThat(sessions(fake)).isEqualTo(sessionsBefore);
            assertThat(fake.civicrmDatabase().queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo(FROM);
        }
    }

    @Test
    void aSessionOfAnotherSiteIsNotAcceptedSoTheCookieNameMatters(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(FROM).create(tmp.resolve("site"), db);
        release(fake, TO, REVISIONS);
        // $cookie_domain changes the cookie's name: the site computes it, the upgrader must too
        Path settings = fake.siteDir().resolve("settings.php");
        Files.writeString(settings, Files.readString(settings) + "\n$cookie_domain = '.example.org';\n");
        try (FakeDrupalWeb web = FakeDrupalWeb.start(fake, tmp.resolve("web"))) {
            List<String> tasks = upgrade(fake, new Drupal7WebUpgrader(web.baseUrl()), new ArrayList<>(), new ArrayList<>());
            assertThat(tasks).contains("Upgrade DB to 4.5.0: SQL", "Finish Upgrade DB to " + TO);
            assertThat(fake.civicrmDatabase().queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo(TO);
        }
    }

    @Test
    void worksWithCleanUrlsOffHashedSessionIdsAndMaintenanceModeOn(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(FROM).maintenanceMode("i:1;").tablePrefix("d7_")
                .create(tmp.resolve("site"), db);
        release(fake, TO, REVISIONS);
        fake.database().execute("UPDATE d7_variable SET value = 's:1:\"0\";' WHERE name = 'clean_url'",
                "INSERT INTO d7_variable (name, value) VALUES ('hashed_session_ids_supported', 'b:1;')");
        try (FakeDrupalWeb web = FakeDrupalWeb.start(fake, tmp.resolve("web"))) {
            List<String> sessionsBefore = sessions(fake);
            List<String> lines = new ArrayList<>();
            List<Compensation> journal = new ArrayList<>();
            List<String> tasks = upgrade(fake, new Drupal7WebUpgrader(web.baseUrl()), lines, journal);

            assertThat(tasks).containsExactly("Upgrade DB to 4.5.0: SQL", "Upgrade DB to 4.6.0: SQL", "Upgrade DB to 4.6.36: SQL",
                    "Finish Upgrade DB to " + TO);
            assertThat(lines).anyMatch(l -> l.contains("/?q=civicrm/upgrade&reset=1"));
            assertThat(fake.civicrmDatabase().queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo(TO);
            assertThat(web.serverLog()).as("no clean URL was requested").doesNotContain("GET /civicrm");
            assertThat(journal).singleElement().isInstanceOf(RemoveDrupalSession.class);
            assertThat(sessions(fake)).isEqualTo(sessionsBefore);
            String cookie = web.cookiesReceived().get(0);
            assertThat(String.valueOf(journal)).doesNotContain(cookie);
            assertThat(lines.toString()).doesNotContain(cookie);
        }
    }

    @Test
    void cleanUrlsNotSetAreTriedThenTheQueryForm(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(FROM).create(tmp.resolve("site"), db);
        release(fake, TO, REVISIONS);
        try (FakeDrupalWeb web = FakeDrupalWeb.start(fake, tmp.resolve("web"))) {
            // the router reads clean_url per request: absent means off for the site, unknown for the upgrader
            fake.database().execute("DELETE FROM variable WHERE name = 'clean_url'");
            List<String> lines = new ArrayList<>();
            upgrade(fake, new Drupal7WebUpgrader(web.baseUrl()), lines, new ArrayList<>());
            assertThat(lines).anyMatch(l -> l.contains("clean URLs answer 404"));
            assertThat(fake.civicrmDatabase().queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo(TO);
        }
    }

    @Test
    void oldCodeStillServedAfterTheSwapIsAskedAgainThenRefused(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(FROM).create(tmp.resolve("site"), db);
        release(fake, TO, REVISIONS);
        try (FakeDrupalWeb web = FakeDrupalWeb.start(fake, tmp.resolve("web")).behaviour("staleCode", FROM)) {
            List<String> lines = new ArrayList<>();
            assertThatThrownBy(() -> upgrade(fake, new Drupal7WebUpgrader(web.baseUrl()), lines, new ArrayList<>()))
                    .hasMessageContaining("speaks of version " + FROM + ", not of the new code's " + TO).hasMessageContaining("OPcache");
            assertThat(lines).filteredOn(l -> l.contains("asking again")).hasSize(4);
            assertThat(web.serverLog()).contains("GET /civicrm/upgrade?reset=1").doesNotContain("POST");
            assertThat(fake.civicrmDatabase().queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo(FROM);
        }
    }

    @Test
    void aRedirectToAnotherHostIsRefused(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(FROM).create(tmp.resolve("site"), db);
        release(fake, TO, REVISIONS);
        try (FakeDrupalWeb web = FakeDrupalWeb.start(fake, tmp.resolve("web"))) {
            List<String> sessionsBefore = sessions(fake);
            int port = web.baseUrl().getPort();
            web.behaviour("beginRedirect", "http://localhost:" + port + "/civicrm/upgrade/queue/runner?reset=1&qrid=CRM_Upgrade");
            assertThatThrownBy(() -> upgrade(fake, new Drupal7WebUpgrader(web.baseUrl()), new ArrayList<>(), new ArrayList<>()))
                    .hasMessageContaining("outside its base URL").hasMessageContaining("http://localhost:" + port + "/civicrm/upgrade/queue/runner");
            assertThat(web.serverLog()).doesNotContain("GET /civicrm/upgrade/queue/runner");
            assertThat(sessions(fake)).isEqualTo(sessionsBefore);
        }
    }

    @Test
    void aDryRunSendsNothingAndSaysWhy(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(FROM).create(tmp.resolve("site"), db);
        List<String> lines = new ArrayList<>();
        Site site = Site.detect(fake.root());
        List<String> tasks = new Drupal7WebUpgrader(URI.create("http://127.0.0.1:9/")).upgrade(new SchemaUpgrader.Request(site,
                resources(fake), Version.parse(TO), true, Duration.ofMinutes(1), lines::add, null, c -> {
                    throw new AssertionError("a dry run journals nothing");
                }));
        assertThat(tasks).isEmpty();
        assertThat(String.join("\n", lines)).contains("cannot list the tasks").contains("no request was sent");
    }

    @Test
    void theBaseUrlComesFromCivicrmUfBaseurlWhenNoneIsGiven(TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(FROM).create(tmp.resolve("site"), db);
        Site site = Site.detect(fake.root());
        assertThat(new Drupal7WebUpgrader().resolveBaseUrl(site)).contains(URI.create("http://example.org/"));
        assertThat(Drupal7WebUpgrader.forBaseUrl("https://crm.example.org:8443/drupal").resolveBaseUrl(site))
                .contains(URI.create("https://crm.example.org:8443/drupal/"));
        assertThat(new Drupal7WebUpgrader().priority(site)).isEqualTo(10);
        assertThatThrownBy(() -> Drupal7WebUpgrader.forBaseUrl("ftp://example.org/")).isInstanceOf(UpgradeException.class)
                .hasMessageContaining("not an http:// or https:// URL");
    }

    @Test
    void checkBlocksWithoutABaseUrlAReachableSiteOrAnAdministrator(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(FROM).create(tmp.resolve("site"), db);
        Path tarball = FakeRelease.of(TO).revisions(REVISIONS).writeTo(tmp.resolve("downloads"));
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Drupal7WebUpgrader unreachable = new Drupal7WebUpgrader(URI.create("http://127.0.0.1:" + closed + "/"));
        assertThat(ids(Upgrade.of(site).to(Release.tarball(tarball)).upgrader(unreachable).standard().plan().check().blockers()))
                .contains("web.reachable").doesNotContain("web.administrator", "web.base-url");

        fake.database().execute("UPDATE `" + fake.table("users") + "` SET status = 0 WHERE uid = 1");
        Path settings = site.civicrmSettingsFile();
        Files.writeString(settings, Files.readString(settings).replace("'http://example.org/'", "''"));
        assertThat(ids(Upgrade.of(site).to(Release.tarball(tarball)).upgrader(new Drupal7WebUpgrader()).standard().plan().check().blockers()))
                .contains("web.base-url", "web.administrator");
        assertThat(new Drupal7WebUpgrader().priority(site)).isNegative();
    }

    private static List<String> ids(List<org.civiupgrade.CheckResult> results) {
        return results.stream().map(org.civiupgrade.CheckResult::id).toList();
    }

    // ------------------------------------------------------------------ support

    record Run(UpgradeResult result, List<UpgradeEvent> events, Path work) {
    }

    private Run run(FakeDrupalSite fake, String to, String[] revisions, SchemaUpgrader upgrader) throws Exception {
        Path tarball = FakeRelease.of(to).revisions(revisions).writeTo(tmp.resolve("downloads"));
        Path work = tmp.resolve("work");
        Site site = Site.detect(fake.root()).withWorkDir(work);
        List<UpgradeEvent> events = new ArrayList<>();
        UpgradeResult r = Upgrade.of(site).to(Release.tarball(tarball)).upgrader(upgrader).standard().plan().run(events::add);
        return new Run(r, events, work);
    }

    /** Puts the release's code in place, as the code swap of a whole run would. */
    private void release(FakeDrupalSite fake, String to, String[] revisions) throws IOException {
        FakeRelease.of(to).revisions(revisions).contents().forEach((name, bytes) -> {
            try {
                Path f = fake.civicrmDir().resolve(name);
                Files.createDirectories(f.getParent());
                Files.write(f, bytes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private List<String> upgrade(FakeDrupalSite fake, Drupal7WebUpgrader up, List<String> lines, List<Compensation> journal) throws Exception {
        Site site = Site.detect(fake.root());
        return up.upgrade(new SchemaUpgrader.Request(site, resources(fake), Version.parse(TO), false, Duration.ofMinutes(2), lines::add,
                null, journal::add));
    }

    private static SiteResources resources(FakeDrupalSite fake) {
        return new SiteResources() {
            @Override
            public DataSource cmsDatabase() {
                return fake.database().dataSource();
            }

            @Override
            public DataSource civicrmDatabase() {
                return fake.civicrmDatabase().dataSource();
            }
        };
    }

    private static List<String> sessions(FakeDrupalSite fake) {
        return fake.database().queryColumn("SELECT CONCAT(uid, ' ', sid, ' ', hostname) FROM `" + fake.table("sessions") + "` ORDER BY sid");
    }

    /** The site's files and both databases, without what the rollback of the code swap and variable_set() are known to change. */
    private static SiteFingerprint fingerprint(FakeDrupalSite fake) {
        SiteFingerprint f = SiteFingerprint.builder().files("root", fake.root()).database("drupal", fake.database().dataSource()).build();
        SortedMap<String, String> m = new TreeMap<>(f.entries());
        String templates = "file:root/" + fake.root().relativize(fake.templatesC()) + "/";
        m.keySet().removeIf(k -> k.startsWith(templates));
        m.remove("table:drupal." + fake.table("cache_bootstrap") + ":rows");
        return new SiteFingerprint(m);
    }

    /** The session id the site received appears in no journal file, event or result. */
    private static void assertNoSessionIdLeaked(FakeDrupalWeb web, Run run) throws IOException {
        List<String> ids = web.cookiesReceived();
        assertThat(ids).as("the site received the run's session cookie").isNotEmpty();
        StringBuilder everything = new StringBuilder(run.result.toJson()).append('\n').append(run.events);
        try (Stream<Path> files = Files.walk(run.work)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                everything.append('\n').append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        for (String id : ids) {
            assertThat(everything.toString()).as("the session id").doesNotContain(id);
        }
        assertThat(everything.toString()).as("the journal names the removal").contains("drupal7.remove-session");
    }
}
