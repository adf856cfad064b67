package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.civiupgrade.CheckReport;
import org.civiupgrade.CheckResult;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.DryRun;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Secret;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.settings.SettingsOptions;
import org.civiupgrade.internal.steps.UpdateSettingsStep;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.civiupgrade.testkit.SettingsFiles.Era;
import org.civiupgrade.testkit.SettingsFiles.Generated;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateSettingsStepTest {
    @TempDir
    Path tmp;
    Site site;
    Path settings;
    Generated generated;

    @BeforeEach
    void setUp() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("drupal"));
        settings = Files.createDirectories(root.resolve("sites/default")).resolve("civicrm.settings.php");
        generated = SettingsFiles.generate(SettingsFiles.Spec.random(Era.V4_1, new java.util.Random(42)).withSiteKey(null)
                .withDbPassword("it's\\secret"));
        Files.write(settings, generated.bytes());
        Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-r-----"));
        site = Site.builder(root).cms("Drupal", "7.100").civicrmCodeDir(root.resolve("sites/all/modules/civicrm"))
                .cmsDatabase(DatabaseCoordinates.of("localhost", 3306, "drupal", "u", Secret.of("pw")))
                .workDir(tmp.resolve("work")).build();
    }


    @Test
    void appliesTheJumpsEditsKeepingTheFileMode() throws Exception {
        UpgradeResult r = Upgrade.of(site).step(new UpdateSettingsStep(Version.parse("4.1.6"), Version.parse("4.4.5")))
                .option(SettingsOptions.ADD_SITE_KEY, "true").plan().run();
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        SettingsFile f = SettingsFile.read(settings);
        assertThat(f.registersClassLoader()).isTrue();
        assertThat(f.define("CIVICRM_SITE_KEY")).hasValueSatisfying(k -> assertThat(k).hasSize(32));
        assertThat(f.define("CIVICRM_DSN")).isEqualTo(SettingsFile.parse(generated.bytes()).define("CIVICRM_DSN"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(settings))).isEqualTo("rw-r-----");
        assertThat(r.toJson()).doesNotContain(f.define("CIVICRM_SITE_KEY").get());
    }

    @Test
    void aLaterFailureRestoresTheOriginalBytesAndTheSavedCopyIsOwnerOnly() throws Exception {
        UpgradeResult r = Upgrade.of(site)
                .step(new UpdateSettingsStep(Version.parse("4.1.6"), Version.parse("4.4.5"),
                        SettingsOptions.defaults().withAddSiteKey(true).withCommentOutIds(true)))
                .step(ThrowingStep.failing("fails-later", "later step failed")).plan().run();
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(Files.readAllBytes(settings)).isEqualTo(generated.bytes());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(settings))).isEqualTo("rw-r-----");
        try (Stream<Path> files = Files.walk(tmp.resolve("work"))) {
            List<Path> saved = files.filter(p -> p.getFileName().toString().startsWith("civicrm.settings.php.")
                    && p.toString().endsWith(".orig")).toList();
            assertThat(saved).hasSize(1);
            assertThat(Files.readAllBytes(saved.get(0))).isEqualTo(generated.bytes());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved.get(0)))).isEqualTo("rw-------");
        }
    }

    @Test
    void nothingToDoLeavesTheFileUntouched() throws Exception {
        Files.write(settings, SettingsFiles.generate(Era.V5).bytes());
        byte[] before = Files.readAllBytes(settings);
        UpgradeResult r = Upgrade.of(site).step(new UpdateSettingsStep(Version.parse("5.14.0"), Version.parse("5.20.0")))
                .plan().run();
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.readAllBytes(settings)).isEqualTo(before);
    }

    @Test
    void dryRunListsEachEditAndCheckReportsIgnoredSettings() throws Exception {
        byte[] before = Files.readAllBytes(settings);
        Upgrade.Builder b = Upgrade.of(site).step(new UpdateSettingsStep(Version.parse("4.1.6"), Version.parse("4.4.5")));
        DryRun dry = b.plan().dryRun();
        assertThat(dry.actions()).extracting(PlannedAction::action)
                .anyMatch(a -> a.contains("class loader"))
                .allMatch(a -> !a.contains(generatedPassword()));
        assertThat(dry.actions()).filteredOn(a -> a.stepId().equals(UpdateSettingsStep.ID)).allMatch(a -> !a.undo().isEmpty());
        CheckReport report = b.plan().check();
        assertThat(report.results()).extracting(CheckResult::id).contains("settings.ids-ignored");
        assertThat(Files.readAllBytes(settings)).isEqualTo(before);
    }

    @Test
    void checkWarnsAboutUnparseableSpans() throws Exception {
        Files.writeString(settings, "<?php\ndefine('CIVICRM_DSN', 'mysql://u:p@h/db');\n$$weird = 1;\nfoo bar;\n");
        CheckReport report = Upgrade.of(site).step(new UpdateSettingsStep(Version.parse("4.4.5"), Version.parse("4.7.0")))
                .plan().check();
        assertThat(report.warnings()).extracting(CheckResult::id).contains("settings.unparsed");
        assertThat(report.describe()).doesNotContain("mysql://u:p@");
    }

    @Test
    void theRecordedCompensationRestoresTheBytesAndIsIdempotent() throws Exception {
        UpgradeResult r = Upgrade.of(site).step(new UpdateSettingsStep(Version.parse("4.1.6"), Version.parse("4.4.5")))
                .option(SettingsOptions.ADD_SITE_KEY, "true").plan().run();
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.readAllBytes(settings)).isNotEqualTo(generated.bytes());
        Path saved;
        try (Stream<Path> files = Files.walk(tmp.resolve("work"))) {
            saved = files.filter(p -> p.toString().endsWith(".orig")).findFirst().orElseThrow();
        }
        org.civiupgrade.spi.support.RestoreFileContent undo = new org.civiupgrade.spi.support.RestoreFileContent(settings.toString(), saved.toString(), null);
        undo.apply(null);
        assertThat(Files.readAllBytes(settings)).isEqualTo(generated.bytes());
        undo.apply(null);
        assertThat(Files.readAllBytes(settings)).isEqualTo(generated.bytes());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(settings))).isEqualTo("rw-r-----");
    }

    @Test
    void relativeRootIsReportedAndAMoveMakesItAbsolute() throws Exception {
        SettingsFiles.Spec spec = SettingsFiles.Spec.of(Era.V4_4);
        spec = spec.withHandEdits(true, false, true, true, false, false).withSiteKey("key");
        Files.write(settings, SettingsFiles.generate(spec).bytes());
        Upgrade.Builder b = Upgrade.of(site).step(new UpdateSettingsStep(Version.parse("4.4.5"), Version.parse("4.7.31")));
        assertThat(b.plan().check().warnings()).extracting(CheckResult::id).contains("settings.relative-root");
        UpgradeResult r = Upgrade.of(site).step(new UpdateSettingsStep(Version.parse("4.4.5"), Version.parse("4.7.31")))
                .option(SettingsOptions.CIVICRM_ROOT, "/var/www/drupal/sites/all/modules/civicrm/").plan().run();
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        SettingsFile f = SettingsFile.read(settings);
        assertThat(f.civicrmRoot()).contains("/var/www/drupal/sites/all/modules/civicrm/");
        assertThat(new String(f.bytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("\r\n").doesNotContain("civicrm/';\n");
    }

    @Test
    void aSymlinkedSettingsFileIsEditedWhereItLivesAndTheLinkStays() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("etc-civicrm")).resolve("civicrm.settings.php");
        Files.move(settings, real);
        Files.createSymbolicLink(settings, real);
        Upgrade.Builder b = Upgrade.of(site).step(new UpdateSettingsStep(Version.parse("4.1.6"), Version.parse("4.4.5"),
                SettingsOptions.defaults().withAddSiteKey(true)));
        assertThat(b.plan().check().results()).extracting(CheckResult::id).contains("settings.symlink");
        UpgradeResult ok = b.plan().run();
        assertThat(ok.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.isSymbolicLink(settings)).isTrue();
        assertThat(SettingsFile.read(real).registersClassLoader()).isTrue();
        UpgradeResult failed = Upgrade.of(site).step(new UpdateSettingsStep(Version.parse("4.4.5"), Version.parse("4.7.31"),
                SettingsOptions.defaults().withMove("/srv/x/civicrm/", null, null))).step(ThrowingStep.failing("fails-later", "later step failed")).plan().run();
        assertThat(failed.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(Files.isSymbolicLink(settings)).isTrue();
        assertThat(SettingsFile.read(real).civicrmRoot()).isEqualTo(SettingsFile.parse(generated.bytes()).civicrmRoot());
    }

    private String generatedPassword() {
        return generated.spec().dbPassword();
    }
}
