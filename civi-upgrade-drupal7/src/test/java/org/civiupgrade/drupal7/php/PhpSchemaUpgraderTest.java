package org.civiupgrade.drupal7.php;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.commons.io.file.PathUtils;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.Version;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real script run by real PHP against a fake Drupal 7 site whose code folder holds a
 * {@link FakeRelease} with the fake CiviCRM upgrade classes, on the real database.
 */
@WithTestDatabase
class PhpSchemaUpgraderTest {
    @TempDir
    Path tmp;

    record Prepared(FakeDrupalSite fake, Site site, SiteResources resources) {
    }

    /** A 4.4.5 site whose code was replaced by the release (as the code swap leaves it). */
    Prepared prepare(TestDatabase db, FakeRelease release, String from) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion(from).create(tmp.resolve("site"), db);
        PathUtils.deleteDirectory(fake.civicrmDir());
        for (Map.Entry<String, byte[]> f : release.contents().entrySet()) {
            Path p = fake.civicrmDir().resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        SiteResources resources = new SiteResources() {
            @Override
            public DataSource cmsDatabase() {
                return db.dataSource();
            }

            @Override
            public DataSource civicrmDatabase() {
                return db.dataSource();
            }
        };
        return new Prepared(fake, site, resources);
    }

    List<String> run(PhpSchemaUpgrader u, Prepared p, String to, boolean dryRun, List<String> lines, Path runDir) throws Exception {
        return u.upgrade(new SchemaUpgrader.Request(p.site(), p.resources(), Version.parse(to), dryRun, Duration.ofMinutes(2),
                lines::add, runDir));
    }

    @Test
    void upgradesTaskByTaskThenTheExtensionsAndLeavesTheScriptOwnerOnlyInTheRunFolder(TestDatabase db) throws Exception {
        String php = PhpForTests.require();
        Prepared p = prepare(db, FakeRelease.of("4.5.0").revisions("4.4.5", "4.4.6", "4.5.0").pendingExtensionUpgrade("org.example.fake"),
                "4.4.5");
        String triggers = db.queryString("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()");
        List<String> lines = new ArrayList<>();
        Path runDir = Files.createDirectories(tmp.resolve("run"));

        List<String> tasks = run(new PhpSchemaUpgrader(php, List.of()), p, "4.5.0", false, lines, runDir);

        assertThat(tasks).containsExactly("Begin Upgrade to 4.4.6", "Upgrade DB to 4.4.6", "Finish Upgrade DB to 4.4.6",
                "Begin Upgrade to 4.5.0", "Upgrade DB to 4.5.0", "Finish Upgrade DB to 4.5.0", "Upgrade org.example.fake to revision 1001");
        assertThat(lines).contains("Found CiviCRM database version 4.4.5.", "Found CiviCRM code version 4.5.0.",
                "Task 1: Begin Upgrade to 4.4.6", "Extension task 1: Upgrade org.example.fake to revision 1001",
                "Extension upgrades: 1 task(s) run.", "Message: Upgraded to 4.4.6.", "Done: the CiviCRM database is at version 4.5.0.");
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.5.0");
        assertThat(db.queryString("SELECT note FROM `" + FakeRelease.revisionTable("4.4.6") + "`")).isEqualTo("upgraded to 4.4.6");
        assertThat(db.queryString("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
                FakeRelease.revisionTable("4.4.5"))).as("the database's own revision is not run again").isEqualTo("0");
        assertThat(db.queryString("SELECT revision FROM civicrm_fake_ext_org_example_fake")).isEqualTo("1001");
        assertThat(db.queryString("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"))
                .as("triggers dropped and rebuilt").isEqualTo(triggers);
        Path script = runDir.resolve("php-upgrader").resolve(PhpSchemaUpgrader.SCRIPT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script.getParent()))).isEqualTo("rwx------");
        try (var files = Files.walk(p.fake().root())) {
            assertThat(files.filter(f -> f.getFileName().toString().equals(PhpSchemaUpgrader.SCRIPT))).as("nothing in the web root").isEmpty();
        }
    }

    @Test
    void stopsAtTheFirstFailingTaskWithItsTitleAndMessage(TestDatabase db) throws Exception {
        String php = PhpForTests.require();
        Prepared p = prepare(db, FakeRelease.of("4.5.0").revisions("4.4.6", "4.4.7", "4.5.0").upgradeFailingAt("4.4.7"), "4.4.5");
        List<String> lines = new ArrayList<>();

        assertThatThrownBy(() -> run(new PhpSchemaUpgrader(php, List.of()), p, "4.5.0", false, lines, null))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROCESS_FAILED))
                .hasMessageContaining("exit status 1")
                .hasMessageContaining("Upgrade failed at task \"Upgrade DB to 4.4.7\": DB Error: injected failure in revision 4.4.7");
        assertThat(lines).contains("Task 5: Upgrade DB to 4.4.7").noneMatch(l -> l.contains("Task 6"));
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.4.7.upgrade");
        assertThat(db.queryString("SELECT note FROM `" + FakeRelease.revisionTable("4.4.6") + "`")).isEqualTo("upgraded to 4.4.6");
    }

    @Test
    void aDryRunListsTheTasksAndChangesNothing(TestDatabase db) throws Exception {
        String php = PhpForTests.require();
        Prepared p = prepare(db, FakeRelease.of("4.5.0").revisions("4.4.6", "4.5.0").withUpgradeClasses(), "4.4.5");
        List<String> lines = new ArrayList<>();

        List<String> tasks = run(new PhpSchemaUpgrader(php, List.of()), p, "4.5.0", true, lines, null);

        assertThat(tasks).hasSize(6).startsWith("Begin Upgrade to 4.4.6");
        assertThat(lines).contains("Would run task 1: Begin Upgrade to 4.4.6", "Done: dry run, nothing was changed.")
                .noneMatch(l -> l.startsWith("Task "));
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.4.5");
        assertThat(db.queryString("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
                FakeRelease.revisionTable("4.4.6"))).isEqualTo("0");
    }

    @Test
    void phpSettingsAreGivenToPhpAndAnEarlyExitWithStatusZeroIsAFailure(TestDatabase db) throws Exception {
        String php = PhpForTests.require();
        Prepared p = prepare(db, FakeRelease.of("4.5.0").revisions("4.4.6", "4.5.0").withUpgradeClasses(), "4.4.5");
        Path prepend = tmp.resolve("die.php");
        Files.writeString(prepend, "<?php\necho \"prepended by -d\\n\";\n", StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        run(new PhpSchemaUpgrader(php, List.of("auto_prepend_file=" + prepend)), p, "4.5.0", false, lines, null);
        assertThat(lines).first().isEqualTo("prepended by -d");

        // CiviCRM's fatal error in a CLI prints its message and ends with die(), status 0

        db.execute("UPDATE civicrm_domain SET version = '4.4.5' WHERE id = 1");
        Files.writeString(p.fake().civicrmDir().resolve("CRM/Core/BAO/Domain.php"), "<?php\nclass CRM_Core_BAO_Domain {\n"
                + "  public static function version() { echo \"Sorry. A non-recoverable error has occurred.\\n\"; die(\"\\n\"); }\n}\n");
        assertThatThrownBy(() -> run(new PhpSchemaUpgrader(php, List.of()), p, "4.5.0", false, new ArrayList<>(), null))
                .hasMessageContaining("the PHP script ended early");
    }

    @Test
    void theCheckRunsThePhpWithItsSettings(TestDatabase db) throws Exception {
        String php = PhpForTests.require();
        Prepared p = prepare(db, FakeRelease.of("4.5.0").withUpgradeClasses(), "4.4.5");
        PlanContext ctx = new PlanContext() {
            @Override
            public Site site() {
                return p.site();
            }

            @Override
            public SiteResources resources() {
                return p.resources();
            }

            @Override
            public PlanOptions options() {
                return PlanOptions.empty();
            }

            @Override
            public Path runDir() {
                return tmp.resolve("run");
            }
        };
        assertThat(new PhpSchemaUpgrader(php, List.of("memory_limit=256M")).check(ctx))
                .singleElement().satisfies(c -> assertThat(c.isBlocker()).isFalse());
        assertThat(new PhpSchemaUpgrader(tmp.resolve("no-php").toString(), List.of()).check(ctx))
                .anySatisfy(c -> assertThat(c.isBlocker()).isTrue());
        Files.writeString(p.fake().civicrmDir().resolve("CRM/Upgrade/Incremental/General.php"),
                "<?php\nclass CRM_Upgrade_Incremental_General {\n  const MIN_INSTALL_PHP_VER = '99.0.0';\n}\n");
        assertThat(new PhpSchemaUpgrader(php, List.of()).check(ctx)).anySatisfy(c -> {
            assertThat(c.isBlocker()).isTrue();
            assertThat(c.message()).contains("needs PHP 99.0.0");
        });
        assertThatThrownBy(() -> new PhpSchemaUpgrader(php, List.of("memory_limit"))).isInstanceOf(IllegalArgumentException.class);
    }
}
