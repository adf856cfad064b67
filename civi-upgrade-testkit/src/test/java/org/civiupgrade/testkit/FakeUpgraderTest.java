package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.DryRun;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.cv.CvSchemaUpgrader;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.internal.steps.MigrateDatabaseStep;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.RestorePoint;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.spi.SiteResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithTestDatabase
class FakeUpgraderTest {
    @TempDir
    Path tmp;
    Path code;

    /** Stands in for the backup step's selective restore: puts the version back and drops what the revisions created. */
    public record UndoFakeRevisions(String version) implements Compensation {
        @Override
        public String describe() {
            return "restore civicrm_domain.version " + version + " and drop the fake revision tables";
        }

        @Override
        public void apply(CompensationContext context) throws Exception {
            try (Connection c = context.resources().civicrmDatabase().getConnection(); Statement st = c.createStatement()) {
                List<String> drop = new ArrayList<>();
                try (var rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND TABLE_NAME LIKE 'civicrm\\_fake\\_rev\\_%'")) {
                    while (rs.next()) {
                        drop.add(rs.getString(1));
                    }
                }
                for (String t : drop) {
                    st.execute("DROP TABLE `" + t + "`");
                }
                st.executeUpdate("UPDATE civicrm_domain SET version = '" + version + "' WHERE id = 1");
                st.execute("CREATE TRIGGER IF NOT EXISTS civicrm_contact_before_insert BEFORE INSERT ON civicrm_contact "
                        + "FOR EACH ROW SET NEW.sort_name = NEW.sort_name");
            }
        }
    }

    static final RestorePoint RESTORE_440 = ctx -> new UndoFakeRevisions("4.4.0");

    void setUp(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE civicrm_domain (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(64), "
                        + "version varchar(32), loc_block_id int unsigned) ENGINE=InnoDB",
                "INSERT INTO civicrm_domain (id, name, version) VALUES (1, 'Default Domain Name', '4.4.0')",
                "CREATE TABLE civicrm_contact (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, sort_name varchar(128)) ENGINE=InnoDB",
                "CREATE TRIGGER civicrm_contact_before_insert BEFORE INSERT ON civicrm_contact FOR EACH ROW SET NEW.sort_name = NEW.sort_name");
        code = tmp.resolve("drupal/sites/all/modules/civicrm");
        for (var e : FakeRelease.of("4.5.0").contents().entrySet()) {
            Path p = code.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
    }

    Site site(TestDatabase db) {
        return Site.builder(tmp.resolve("drupal")).cms("Drupal", "7.105").civicrmCodeDir(code)
                .cmsDatabase(db.coordinates()).workDir(tmp.resolve("work")).build();
    }

    /** Runs the migration alone; the events must pair, whatever the outcome. */
    UpgradeResult migrate(TestDatabase db, SchemaUpgrader upgrader, RecordingListener events) {
        UpgradeResult r = Upgrade.of(site(db)).step(new MigrateDatabaseStep(upgrader, Version.parse("4.5.0"), RESTORE_440))
                .acceptRisk(MigrateDatabaseStep.REQUIRES).plan().run(events);
        events.assertPaired();
        return r;
    }

    @Test
    void cvsDryRunOutputIsInTheDryRunReportAndChangesNothing(TestDatabase db) throws Exception {
        setUp(db);
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), code, null);
        DryRun dry = Upgrade.of(site(db)).step(new MigrateDatabaseStep(new CvSchemaUpgrader(cv.toString(), Map.of()),
                Version.parse("4.5.0"), RESTORE_440)).acceptRisk(MigrateDatabaseStep.REQUIRES).plan().dryRun();
        PlannedAction migrate = dry.actions().stream().filter(a -> a.stepId().equals(MigrateDatabaseStep.ID)).findFirst().orElseThrow();
        assertThat(migrate.details()).startsWith("cv's dry run:").contains("Found CiviCRM database version 4.4.0.",
                "Upgrade DB to 4.5.0: SQL", "Have a nice day.");
        assertThat(dry.describe()).contains("    | Upgrade DB to 4.5.0: SQL");
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).as("cv ran with --dry-run").isEqualTo("4.4.0");
        assertThat(db.queryColumn("SHOW TABLES LIKE 'civicrm\\_fake\\_rev\\_%'")).isEmpty();
        assertThat(db.queryColumn("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"))
                .containsExactly("civicrm_contact_before_insert");
    }

    @Test
    void beforeTheCodeSwapTheDryRunSaysWhyTheUpgraderDidNotList(TestDatabase db) throws Exception {
        setUp(db);
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), code, null);
        DryRun dry = Upgrade.of(site(db)).step(new MigrateDatabaseStep(new CvSchemaUpgrader(cv.toString(), Map.of()),
                Version.parse("4.6.0"), RESTORE_440)).acceptRisk(MigrateDatabaseStep.REQUIRES).plan().dryRun();
        assertThat(dry.actions()).singleElement().satisfies(a -> assertThat(a.details()).singleElement().asString()
                .contains("once the code folder holds 4.6.0 (it holds 4.5.0 now)"));
    }

    @Test
    void cvUpgradesThroughARealProcessWalkingEveryRevision(TestDatabase db) throws Exception {
        setUp(db);
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), code, null);
        RecordingListener events = new RecordingListener();
        UpgradeResult r = migrate(db, new CvSchemaUpgrader(cv.toString(), Map.of()), events);
        assertThat(r.status()).as(r.toJson()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.5.0");
        // 4.4.0 < revisions <= 4.5.0: only 4.5.0 among the defaults
        assertThat(db.queryColumn("SHOW TABLES LIKE 'civicrm\\_fake\\_rev\\_%'")).containsExactly("civicrm_fake_rev_4_5_0");
        assertThat(db.queryColumn("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"))
                .containsExactly("civicrm_contact_before_insert");
        assertThat(events.ofType(UpgradeEvent.StepProgress.class)).extracting(UpgradeEvent.StepProgress::unit).contains("tasks");
    }

    @Test
    void aFailingRevisionInCvIsReportedWithItsTaskAndRolledBack(TestDatabase db) throws Exception {
        setUp(db);
        // a release with several revisions after the database's version
        Files.writeString(code.resolve("CRM/Upgrade/Incremental/sql/4.4.1.mysql.tpl"), FakeRelease.defaultSql("4.4.1"));
        Files.writeString(code.resolve("CRM/Upgrade/Incremental/sql/4.4.2.mysql.tpl"), FakeRelease.defaultSql("4.4.2"));
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), code, "4.4.2");
        UpgradeResult r = migrate(db, new CvSchemaUpgrader(cv.toString(), Map.of()), new RecordingListener());
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(r.failure().code()).isEqualTo(ErrorCode.PROCESS_FAILED);
        assertThat(r.failure().message()).contains("at task \"Upgrade DB to 4.4.2: SQL\"").contains("injected failure in revision 4.4.2")
                .doesNotContain(db.coordinates().password().reveal().isEmpty() ? "\u0000" : db.coordinates().password().reveal());
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.4.0");
        assertThat(db.queryColumn("SHOW TABLES LIKE 'civicrm\\_fake\\_rev\\_%'")).isEmpty();
    }

    @Test
    void anUpgradeMarkerLeftBehindFailsTheStep(TestDatabase db) throws Exception {
        setUp(db);
        SchemaUpgrader quietlyFailing = new SchemaUpgrader() {
            @Override
            public String name() {
                return "quiet";
            }

            @Override
            public String describe(Site site) {
                return "an upgrader that hides its failure";
            }

            @Override
            public List<String> upgrade(Request request) throws Exception {
                try (Connection c = request.resources().civicrmDatabase().getConnection()) {
                    FakeSchemaUpgrader.run(c, code, 1, "4.5.0", false, true, line -> { });
                } catch (FakeSchemaUpgrader.TaskFailed ignored) {
                    // says nothing
                }
                return List.of();
            }
        };
        List<String> seenVersions = new ArrayList<>();
        UpgradeResult r = migrate(db, quietlyFailing, new RecordingListener());
        seenVersions.add(r.failure().message());
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(r.failure().code()).isEqualTo(ErrorCode.DB_PARTIALLY_UPGRADED);
        assertThat(r.failure().message()).contains("4.5.0.upgrade");
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.4.0");
    }

    @Test
    void inProcessFakeUpgraderFailsAtTheGivenRevisionAndDryRunChangesNothing(TestDatabase db) throws Exception {
        setUp(db);
        Site site = site(db);
        SiteResources res = new SiteResources() {
            @Override
            public javax.sql.DataSource cmsDatabase() {
                return db.dataSource();
            }

            @Override
            public javax.sql.DataSource civicrmDatabase() {
                return db.dataSource();
            }
        };
        {
            List<String> lines = new ArrayList<>();
            Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), code, null);
            List<String> tasks = new CvSchemaUpgrader(cv.toString(), Map.of()).upgrade(new SchemaUpgrader.Request(site, res,
                    Version.parse("4.5.0"), true, Duration.ofMinutes(2), lines::add));
            assertThat(tasks).containsExactly("Upgrade DB to 4.5.0: SQL", "Finish Upgrade DB to 4.5.0");
            assertThat(lines).contains("Have a nice day.");
            assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.4.0");

            UpgradeResult r = migrate(db, new FakeSchemaUpgrader("4.5.0", 1), new RecordingListener());
            assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(r.failure().message()).contains("Upgrade DB to 4.5.0: SQL");
            assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.4.0");
        }
    }
}
