package org.civiupgrade.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.cv.CvSchemaUpgrader;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.testkit.FakeCv;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeModule;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.RecordingListener;
import org.civiupgrade.testkit.StandardRuns;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fake Drupal 7 sites of several CiviCRM eras upgraded with {@code standard()} to later
 * releases built as real tarballs, on the real database: the code, the database version, the
 * settings edits the jump needs, integration modules, maintenance mode, front page, caches,
 * the run's backup and the result's JSON.
 */
@WithTestDatabase
class UpgradeToLaterReleasesTest {
    @TempDir
    Path tmp;

    /**
     * One upgrade.
     *
     * @param from        the site's CiviCRM version
     * @param to          the release's version
     * @param viaCv       run the database upgrade through the fake {@code cv} executable
     * @param frontPage   {@code site_frontpage}, or null for none
     * @param maintenance the raw {@code maintenance_mode} value, or null for none
     * @param bundled     bundled integration modules
     * @param contrib     contrib integration modules
     * @param overrides   4.1-style overrides in civicrm.settings.php
     * @param localPatch  a file of the old code that the release lacks
     * @param prefix      the Drupal table prefix
     * @param symlink     the code folder is a link to a folder outside the Drupal tree
     */
    record Jump(String from, String to, boolean viaCv, String frontPage, String maintenance, boolean bundled, boolean contrib,
                boolean overrides, boolean localPatch, String prefix, boolean symlink) {
        @Override
        public String toString() {
            return from + " -> " + to + (viaCv ? " (cv)" : "") + (prefix.isEmpty() ? "" : " prefix " + prefix)
                    + (symlink ? " linked code" : "");
        }
    }

    static Stream<Jump> jumps() {
        return Stream.of(
                new Jump("4.1.6", "4.4.5", false, "civicrm/dashboard", null, true, false, true, false, "", false),
                new Jump("4.2.19", "4.7.31", false, "node/1", "b:0;", false, true, false, false, "drupal_", false),
                new Jump("4.4.5", "5.14.0", false, "civicrm/contribute/transact?reset=1&id=1", "s:1:\"1\";", true, true, false, false, "",
                        false),
                new Jump("4.7.31", "5.14.0", true, "civicrm", "i:0;", true, false, false, false, "", false),
                new Jump("5.14.0", "5.45.0", false, null, null, true, true, false, true, "", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jumps")
    void standardProcedureUpgradesTheSite(Jump jump, TestDatabase db) throws Exception {
        FakeDrupalSite.Builder b = FakeDrupalSite.builder().civicrmVersion(jump.from()).tablePrefix(jump.prefix());
        if (jump.bundled()) {
            b.withBundledIntegrationModules();
        }
        if (jump.contrib()) {
            b.withContribIntegrationModules();
        }
        if (jump.frontPage() != null) {
            b.frontPage(jump.frontPage());
        }
        if (jump.maintenance() != null) {
            b.maintenanceMode(jump.maintenance());
        }
        if (jump.overrides()) {
            b.settingsOverrides();
        }
        FakeDrupalSite fake = b.create(tmp.resolve("site"), db);
        if (jump.localPatch()) {
            Path patch = Files.createDirectories(fake.civicrmDir().resolve("CRM/Contact")).resolve("LocalPatch.php");
            Files.writeString(patch, "<?php\n// a local fix\n");
        }
        Path linkTarget = tmp.resolve("code/civicrm");
        if (jump.symlink()) {
            Files.createDirectories(linkTarget.getParent());
            Files.move(fake.civicrmDir(), linkTarget);
            Files.createSymbolicLink(fake.civicrmDir(), linkTarget);
        }
        Path tarball = FakeRelease.of(jump.to()).writeTo(tmp.resolve("downloads"));
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        SchemaUpgrader upgrader = jump.viaCv()
                ? new CvSchemaUpgrader(FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), null).toString(), Map.of())
                : new FakeSchemaUpgrader();

        Path settings = fake.siteDir().resolve("civicrm.settings.php");
        String settingsBefore = Files.readString(settings, StandardCharsets.UTF_8);
        byte[] maintenanceBefore = fake.variable("maintenance_mode");
        byte[] frontPageBefore = fake.variable("site_frontpage");
        Map<String, Integer> statusBefore = new LinkedHashMap<>();
        fake.modules().keySet().forEach(m -> statusBefore.put(m, fake.moduleStatus(m)));
        List<String> integrationEnabled = new ArrayList<>();
        fake.modules().values().stream().filter(FakeModule::enabled).map(FakeModule::name)
                .filter(n -> FakeDrupalSite.BUNDLED_INTEGRATION_MODULES.contains(n)
                        || List.of("webform_civicrm", "civicrm_entity", "civicrm_contact_match").contains(n))
                .forEach(integrationEnabled::add);
        assertThat(Files.list(fake.templatesC().resolve("en_US"))).isNotEmpty();

        RecordingListener events = new RecordingListener();
        UpgradeResult r = StandardRuns.standardPlan(site, tarball, upgrader, false).run(events);

        assertThat(r.status()).as("%s", r.toJson()).isEqualTo(RunStatus.SUCCEEDED);
        Version to = Version.parse(jump.to());
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(to);
        if (jump.symlink()) {
            assertThat(Files.readSymbolicLink(fake.civicrmDir())).as("the link stays").isEqualTo(linkTarget);
            assertThat(Release.installedVersion(linkTarget)).isEqualTo(to);
        }
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo(jump.to());
        assertThat(db.queryString("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"))
                .as("triggers rebuilt").isEqualTo("3");
        assertThat(db.queryString("SELECT note FROM `" + FakeRelease.revisionTable(jump.to()) + "`")).isEqualTo("upgraded to " + jump.to());

        String settingsAfter = Files.readString(settings, StandardCharsets.UTF_8);
        if (jump.overrides()) {
            assertThat(settingsBefore).contains("define('URL Preferences.userFrameworkResourceURL', 'http://example.org/sites/all/modules/civicrm/');")
                    .doesNotContain("ClassLoader");
            java.util.regex.Pattern dotted = java.util.regex.Pattern.compile("^define\\(\\s*'[A-Za-z ]+\\.[A-Za-z]+'");
            long overrides = settingsBefore.lines().filter(l -> dotted.matcher(l).find()).count();
            assertThat(overrides).isGreaterThanOrEqualTo(1);
            assertThat(settingsAfter.lines().filter(l -> dotted.matcher(l).find())).as("4.1-style overrides left").isEmpty();
            assertThat(settingsAfter.lines().filter(l -> l.startsWith("$civicrm_setting['"))).hasSize((int) overrides);
            assertThat(settingsAfter).contains("global $civicrm_setting;\n$civicrm_setting['URL Preferences']['userFrameworkResourceURL'] = "
                            + "'http://example.org/sites/all/modules/civicrm/';")
                    .contains("\n\nrequire_once 'CRM/Core/ClassLoader.php';\nCRM_Core_ClassLoader::singleton()->register();\n");
            // every other line is kept, in order
            List<String> kept = settingsBefore.lines().filter(l -> !dotted.matcher(l).find()).toList();
            assertThat(settingsAfter.lines().toList()).containsSubsequence(kept);
        } else {
            assertThat(settingsAfter).as("this jump needs no settings edit").isEqualTo(settingsBefore);
            assertThat(settingsAfter).contains("CRM_Core_ClassLoader::singleton()->register();");
        }

        Path runDir = Path.of(r.runDir());
        List<String> disabled = Files.readAllLines(runDir.resolve("drupal7/integration-modules.disabled"));
        assertThat(disabled).as("integration modules disabled during the run").containsExactlyInAnyOrderElementsOf(integrationEnabled);
        Map<String, Integer> statusAfter = new LinkedHashMap<>();
        fake.modules().keySet().forEach(m -> statusAfter.put(m, fake.moduleStatus(m)));
        assertThat(statusAfter).as("module statuses").isEqualTo(statusBefore);
        assertThat(fake.variable("maintenance_mode")).isEqualTo(maintenanceBefore);
        assertThat(fake.variable("site_frontpage")).isEqualTo(frontPageBefore);

        assertThat(fake.templatesC()).isDirectory().isEmptyDirectory();
        assertThat(fake.templatesC().resolveSibling("ConfigAndLog").resolve("Config.IDS.ini")).doesNotExist();
        for (String t : StandardRuns.CACHE_TABLES) {
            assertThat(db.queryString("SELECT COUNT(*) FROM `" + fake.table(t) + "`")).as("rows of %s", t).isEqualTo("0");
        }

        assertOwnerOnly(runDir);
        assertOwnerOnly(runDir.resolve("database"));
        try (Stream<Path> files = Files.walk(runDir.resolve("database"))) {
            List<Path> regular = files.filter(Files::isRegularFile).toList();
            assertThat(regular).isNotEmpty();
            for (Path f : regular) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as("%s", f).isEqualTo("rw-------");
            }
        }
        assertOwnerOnly(runDir.resolve("code-backup"));
        assertThat(Release.installedVersion(runDir.resolve("code-backup/civicrm"))).isEqualTo(Version.parse(jump.from()));
        List<String> warnings = r.warnings();
        if (jump.localPatch()) {
            assertThat(Files.readAllLines(runDir.resolve("code-extra-files.txt"))).contains("CRM/Contact/LocalPatch.php");
            assertThat(warnings).anyMatch(w -> w.startsWith("swap-code:") && w.contains("CRM/Contact/LocalPatch.php"));
        }
        assertThat(String.join("\n", warnings)).doesNotContain("CRM/Core/ClassLoader.php", "drupal/civicrm.install");

        assertThat(r.reportSection("backup")).anyMatch(l -> l.contains(r.runDir()));
        if (integrationEnabled.isEmpty()) {
            assertThat(r.reportSection("modules")).isEmpty();
        } else {
            assertThat(r.reportSection("modules")).first().asString().startsWith("Integration modules enabled again: ")
                    .contains(integrationEnabled);
        }
        assertThat(r.reportSection("permissions")).isNotEmpty().allMatch(l -> l.startsWith("Review permission"));

        String json = r.toJson();
        assertThat(json).doesNotContain(db.coordinates().password().reveal());
        UpgradeResult read = UpgradeResult.fromJson(json);
        assertThat(read.steps()).extracting(UpgradeResult.StepOutcome::stepId).containsExactlyElementsOf(StandardRuns.STANDARD_STEPS);
        assertThat(read.steps()).allMatch(s -> s.status() == UpgradeResult.StepStatus.SUCCEEDED);
        assertThat(read.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(read.failure()).isNull();
        assertThat(read.compensations()).isEmpty();
        assertThat(events.assertPaired().stepIds()).containsExactlyElementsOf(StandardRuns.STANDARD_STEPS);
        assertThat(events.rolledBack()).isFalse();
    }

    private static void assertOwnerOnly(Path dir) throws Exception {
        assertThat(dir).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS))).as("%s", dir)
                .isEqualTo("rwx------");
    }
}
