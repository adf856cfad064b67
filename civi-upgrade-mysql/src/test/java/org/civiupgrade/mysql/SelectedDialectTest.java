package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.ProcedureContext;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With another dialect selected on the builder, the MySQL module's contributor stands back, and
 * the backup step and the restore compensation work through the selected dialect: in the run, in
 * its rollback, and in a later recovery that finds the dialect by the name in the journal.
 */
@WithTestDatabase
class SelectedDialectTest {
    @BeforeEach
    void reset() {
        RecordingDialect.reset();
    }

    private static Site site(Path tmp, DatabaseCoordinates db) throws Exception {
        Path code = Files.createDirectories(tmp.resolve("site/sites/all/modules/civicrm/xml"));
        Files.writeString(code.resolve("version.xml"), "<version><version_no>4.7.31</version_no></version>\n");
        return Site.builder(tmp.resolve("site")).cms("Drupal", "7.100").civicrmCodeDir(tmp.resolve("site/sites/all/modules/civicrm"))
                .cmsDatabase(db.withTablePrefix("d7_")).civicrmDatabase(db).workDir(tmp.resolve("work")).build();
    }

    @Test
    void theMySqlContributorContributesOnlyWhenItsDialectIsTheSelectedOne(@TempDir Path tmp) throws Exception {
        Site site = site(tmp, DatabaseCoordinates.fromDsn("mysql://civi:secret@127.0.0.1:3306/civicrm"));
        MySqlProcedureContributor contributor = new MySqlProcedureContributor();
        ProcedureContext other = new ProcedureContext(site, Version.parse("4.7.31"), Version.parse("5.0.0"), PlanOptions.empty(),
                Optional.of(new RecordingDialect()));
        assertThat(contributor.steps(ProcedureStage.BACKUP, other)).isEmpty();
        assertThat(contributor.restorePoint(other)).isEmpty();
        ProcedureContext mine = new ProcedureContext(site, Version.parse("4.7.31"), Version.parse("5.0.0"), PlanOptions.empty(),
                Optional.of(new MySqlDialect()));
        assertThat(contributor.steps(ProcedureStage.BACKUP, mine)).singleElement().isInstanceOf(DatabaseBackupStep.class);
        assertThat(contributor.restorePoint(mine)).isPresent();

        // through the builder: by default the installed MySQL dialect is selected and backs up...
        org.civiupgrade.Release release = org.civiupgrade.Release.tarball(
                org.civiupgrade.testkit.FakeRelease.of("5.0.0").writeTo(Files.createDirectories(tmp.resolve("release"))));
        UpgradePlan byDefault = Upgrade.of(site).to(release).backup().plan();
        assertThat(byDefault.stepIds()).containsExactly("backup-database");
        assertThat(byDefault.dialect()).get().isInstanceOf(MySqlDialect.class);
        // ...with another one selected, no installed module contributes a backup, and the plan says so
        assertThatThrownBy(() -> Upgrade.of(site).to(release).dialect(new RecordingDialect()).backup().plan())
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PLAN_INVALID);
                    assertThat(e.getMessage()).contains("stage BACKUP", "recording-mysql", RecordingDialect.class.getName());
                });
    }

    @Test
    void theBackupStepAndTheRestoreUseTheSelectedDialectAlsoInARecovery(TestDatabase db, @TempDir Path tmp) throws Exception {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.civicrmSchema(ds, "4.7.31");
            SharedDatabaseTest.drupalTables(ds, "d7_");
            SiteFingerprint before = Db.fingerprint(ds, db.name(), true);
            Site site = site(tmp, db.coordinates());
            RecordingDialect selected = new RecordingDialect();
            UpgradePlan plan = Upgrade.of(site).dialect(selected).step(new DatabaseBackupStep())
                    .step(new BackupStepTest.FailingDatabaseUpgrade()).option(DatabaseBackupStep.OPTION_TARGET, "5.0.0").plan();
            assertThat(plan.dialect()).containsSame(selected);

            assertThat(plan.check().passed()).as(plan.check().describe()).isTrue();
            assertThat(RecordingDialect.CALLS).as("the backup step's checks").contains("check");
            UpgradeResult result = plan.run();
            assertThat(result.status()).as(result.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(RecordingDialect.CALLS).as("backup, verification and the rollback's restore").containsSubsequence(
                    "backup", "verify", "restore");
            assertThat(RecordingDialect.INSTANCES.get()).as("the run made no dialect of its own").isEqualTo(1);
            assertThat(Db.fingerprint(ds, db.name(), true)).isEqualTo(before);

            // a crash right after the restore was journaled: a new engine recovers with the dialect the journal names
            Path journal = Path.of(result.runDir()).resolve("journal.jsonl");
            List<String> lines = Files.readAllLines(journal);
            assertThat(lines.get(0)).contains("\"dialect\":\"" + RecordingDialect.class.getName() + "\"");
            int recorded = 0;
            while (!lines.get(recorded).contains("\"kind\":\"recorded\"")) {
                recorded++;
            }
            Files.write(journal, lines.subList(0, recorded + 1));
            Db.exec(ds, "UPDATE civicrm_domain SET version = '5.0.0.upgrade'");
            RecordingDialect.reset();

            assertThat(Upgrade.needsRecovery(site)).isTrue();
            UpgradeResult recovery = Upgrade.recover(site).orElseThrow();
            assertThat(recovery.status()).as(recovery.toJson()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(RecordingDialect.INSTANCES.get()).as("made by class name from the journal").isEqualTo(1);
            assertThat(RecordingDialect.CALLS).contains("restore");
            assertThat(Db.fingerprint(ds, db.name(), true)).isEqualTo(before);
        }
    }
}
