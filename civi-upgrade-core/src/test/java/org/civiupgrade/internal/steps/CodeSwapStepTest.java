package org.civiupgrade.internal.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Secret;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.internal.release.ReleaseTest;
import org.civiupgrade.internal.release.TarBuilder;
import org.civiupgrade.internal.release.Trees;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodeSwapStepTest {
    static final String[] CHECKPOINTS = {"staged", "carried", "renamed-old", "renamed-new", "backed-up", "permissions"};

    @TempDir
    Path tmp;
    Path root;
    Path modules;
    Path code;
    Path tarball;

    @BeforeEach
    void site() throws Exception {
        root = tmp.resolve("drupal");
        modules = Files.createDirectories(root.resolve("sites/all/modules"));
        code = modules.resolve("civicrm");
        writeOldCode(code);
        Files.createDirectories(root.resolve("sites/default/files/civicrm/templates_c"));
        tarball = tmp.resolve("civicrm-4.5.0-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(tarball)) {
            t.dir("civicrm", 0755).file("civicrm/civicrm-version.php", ReleaseTest.PHP_44.replace("4.4.5", "4.5.0"))
                    .file("civicrm/CRM/Core/Config.php", "<?php // 4.5.0\n")
                    .file("civicrm/bin/cron.sh", "#!/bin/sh\n".getBytes(), 0755)
                    .symlink("civicrm/packages/current", "../CRM");
        }
    }

    static void writeOldCode(Path code) throws IOException {
        Files.createDirectories(code.resolve("CRM/Core"));
        Files.writeString(code.resolve("civicrm-version.php"), ReleaseTest.PHP_44);
        Files.writeString(code.resolve("CRM/Core/Config.php"), "<?php // 4.4.5\n");
        Files.writeString(code.resolve("CRM/Core/LocalPatch.php"), "<?php // ours\n");
        Files.writeString(code.resolve("settings_location.php"), "<?php define('CIVICRM_CONFDIR', '/var/www/drupal/sites');\n");
    }

    Site site(Path workDir) {
        return Site.builder(root).cms("Drupal", "7.105").civicrmCodeDir(code)
                .cmsDatabase(DatabaseCoordinates.of("localhost", 3306, "drupal", "u", Secret.of("pw")))
                .workDir(workDir).build();
    }

    static Map<String, String> fingerprint(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                String rel = dir.relativize(p).toString();
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    out.put(rel, "dir " + mode);
                } else {
                    out.put(rel, "file " + mode + " " + Files.readString(p));
                }
            }
        }
        return out;
    }

    /** A step that fails, to trigger the rollback after a complete swap. */
    static final class Failing implements Step {
        @Override
        public String id() {
            return "boom";
        }

        @Override
        public String description() {
            return "fails";
        }

        @Override
        public Reversibility reversibility() {
            return Reversibility.REVERSIBLE;
        }

        @Override
        public List<PlannedAction> preview(PlanContext context) {
            return List.of();
        }

        @Override
        public void apply(StepContext context) {
            throw new IllegalStateException("injected failure after the swap");
        }
    }

    @Test
    void swapsTheCodeKeepsTheOldInTheRunFolderAndCarriesSettingsLocation() throws Exception {
        List<UpgradeEvent> events = new ArrayList<>();
        UpgradeResult r = Upgrade.of(site(tmp.resolve("work"))).step(new CodeSwapStep(Release.tarball(tarball))).plan().run(events::add);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Release.installedVersion(code)).isEqualTo(Version.parse("4.5.0"));
        assertThat(code.resolve("CRM/Core/Config.php")).hasContent("<?php // 4.5.0");
        assertThat(code.resolve("settings_location.php")).exists();
        assertThat(code.resolve("CRM/Core/LocalPatch.php")).doesNotExist();
        assertThat(Files.isSymbolicLink(code.resolve("packages/current"))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(code.resolve("bin/cron.sh")))).isEqualTo("rwxr-xr-x");
        Path backup = Path.of(r.runDir()).resolve("code-backup/civicrm");
        assertThat(Release.installedVersion(backup)).isEqualTo(Version.parse("4.4.5"));
        assertThat(backup.resolve("CRM/Core/LocalPatch.php")).exists();
        assertThat(CodeSwapStep.underModules(backup)).isFalse();
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("CRM/Core/LocalPatch.php").contains("not in release 4.5.0"));
        assertThat(r.warnings()).noneSatisfy(w -> assertThat(w).contains("civicrm-version.php"));
        assertThat(Path.of(r.runDir()).resolve("code-extra-files.txt")).hasContent("CRM/Core/LocalPatch.php");
        assertThat(Files.list(modules).map(p -> p.getFileName().toString()).toList()).containsExactly("civicrm");
        List<UpgradeEvent.StepProgress> progress = events.stream().filter(e -> e instanceof UpgradeEvent.StepProgress)
                .map(e -> (UpgradeEvent.StepProgress) e).toList();
        assertThat(progress).anySatisfy(p -> assertThat(p.unit()).isEqualTo("files"));
        assertThat(progress).anySatisfy(p -> assertThat(p.unit()).isEqualTo("bytes"));
    }

    @Test
    void aLaterFailureRestoresTheOldCodeExactly() throws Exception {
        Map<String, String> before = fingerprint(root);
        UpgradeResult r = Upgrade.of(site(tmp.resolve("work"))).step(new CodeSwapStep(Release.tarball(tarball)))
                .step(new Failing()).plan().run();
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(fingerprint(root)).isEqualTo(before);
        assertThat(Path.of(r.runDir()).resolve("code-backup/civicrm")).doesNotExist();
    }

    @Test
    void aRunFolderOnAnotherFileSystemIsCopiedAndRestored() throws Exception {
        Path shm = Path.of("/dev/shm");
        Path work = Files.createTempDirectory(Files.isWritable(shm) ? shm : tmp, "civi-swap-work");
        try {
            var nobody = code.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(code.resolve("CRM"), nobody);
            Map<String, String> before = fingerprint(root);
            UpgradeResult ok = Upgrade.of(site(work)).step(new CodeSwapStep(Release.tarball(tarball))).step(new Failing()).plan().run();
            assertThat(ok.status()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(fingerprint(root)).isEqualTo(before);
            assertThat(Files.getOwner(code.resolve("CRM"))).isEqualTo(nobody);
            UpgradeResult r = Upgrade.of(site(work)).step(new CodeSwapStep(Release.tarball(tarball))).plan().run();
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(Release.installedVersion(Path.of(r.runDir()).resolve("code-backup/civicrm"))).hasToString("4.4.5");
            assertThat(Files.list(modules).map(p -> p.getFileName().toString()).toList()).containsExactly("civicrm");
        } finally {
            Trees.deleteIfPresent(work);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staged", "carried", "renamed-old", "renamed-new", "backed-up", "permissions"})
    void aFailureAtAnyPointOfTheSwapIsUndoneExactly(String point) throws Exception {
        Path files = root.resolve("sites/default/files");
        Files.setPosixFilePermissions(files, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(files.resolve("upload.pdf"), "pdf");
        Files.setPosixFilePermissions(files.resolve("upload.pdf"), PosixFilePermissions.fromString("rw-------"));
        Map<String, String> before = fingerprint(root);
        CodeSwapStep step = new CodeSwapStep(Release.tarball(tarball), new CodeSwapStep.Options(false, true, root.resolve("sites/default/files")), name -> {
            if (name.equals(point)) {
                throw new IOException("injected at " + name);
            }
        });
        UpgradeResult r = Upgrade.of(site(tmp.resolve("work"))).step(step).plan().run();
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(fingerprint(root)).isEqualTo(before);
    }

    /** A crash leaves only the journaled compensations; applying them (twice, as a retried recovery may) restores the site. */
    @ParameterizedTest
    @ValueSource(strings = {"staged", "carried", "renamed-old", "renamed-new", "backed-up", "permissions"})
    void compensationsAreRightAndIdempotentAfterACrashAtAnyPoint(String point) throws Exception {
        Path files = root.resolve("sites/default/files");
        Files.setPosixFilePermissions(files, PosixFilePermissions.fromString("rwxrwx---"));
        Map<String, String> before = fingerprint(root);
        Path runDir = Files.createDirectories(tmp.resolve("work/runs/r1"));
        Site site = site(tmp.resolve("work"));
        List<Compensation> journal = new ArrayList<>();
        CodeSwapStep step = new CodeSwapStep(Release.tarball(tarball), new CodeSwapStep.Options(false, true, root.resolve("sites/default/files")), name -> {
            if (name.equals(point)) {
                throw new Error("crash at " + name); // nothing after this runs, as after a kill
            }
        });
        try {
            step.apply(context(site, runDir, journal));
        } catch (Error expected) {
            assertThat(expected).hasMessage("crash at " + point);
        }
        CompensationContext cc = compensationContext(site, runDir);
        for (int round = 0; round < 2; round++) {
            for (int i = journal.size() - 1; i >= 0; i--) {
                Compensation c = org.civiupgrade.internal.json.Json.read(org.civiupgrade.internal.json.Json.write(journal.get(i)), Compensation.class);
                c.apply(cc);
            }
            assertThat(fingerprint(root)).isEqualTo(before);
        }
    }

    @Test
    void theCompensationFinishesAfterItselfStoppedHalfWay() throws Exception {
        Map<String, String> before = fingerprint(root);
        Path runDir = Files.createDirectories(tmp.resolve("work/runs/r1"));
        Site site = site(tmp.resolve("work"));
        List<Compensation> journal = new ArrayList<>();
        new CodeSwapStep(Release.tarball(tarball)).apply(context(site, runDir, journal));
        CodeSwapCompensation swap = (CodeSwapCompensation) journal.get(1);
        // the undo renamed the new code aside, then stopped
        Files.move(Path.of(swap.live()), Path.of(swap.failed()));
        swap.apply(compensationContext(site, runDir));
        assertThat(fingerprint(root)).isEqualTo(before);
    }

    @Test
    void aSymlinkedCodeFolderKeepsWorking() throws Exception {
        Path real = tmp.resolve("opt/civicrm-4.4.5/civicrm");
        Files.createDirectories(real.getParent());
        Files.move(code, real);
        Files.createSymbolicLink(code, real);
        Map<String, String> before = fingerprint(root);
        Map<String, String> beforeReal = fingerprint(real.getParent());
        UpgradeResult r = Upgrade.of(site(tmp.resolve("work"))).step(new CodeSwapStep(Release.tarball(tarball))).plan().run();
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.isSymbolicLink(code)).isTrue();
        assertThat(Release.installedVersion(code)).hasToString("4.5.0");
        assertThat(code.resolve("settings_location.php")).exists();

        UpgradeResult back = Upgrade.of(site(tmp.resolve("work2"))).step(new CodeSwapStep(Release.tarball(tarball),
                new CodeSwapStep.Options(true, false, null))).step(new Failing()).plan().run();
        assertThat(back.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(Release.installedVersion(code)).hasToString("4.5.0");
        assertThat(Files.isSymbolicLink(code)).isTrue();
        assertThat(fingerprint(root)).isEqualTo(before);
        assertThat(fingerprint(real.getParent())).isNotEqualTo(beforeReal);
    }

    @Test
    void refusesTheSameVersionUnlessAllowedAndReportsPermissionsInTheCheck() throws Exception {
        Path same = tmp.resolve("civicrm-4.4.5-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(same)) {
            t.file("civicrm/civicrm-version.php", ReleaseTest.PHP_44);
        }
        Files.setPosixFilePermissions(root.resolve("sites/default/files"), PosixFilePermissions.fromString("rwxrwxrwx"));
        var report = Upgrade.of(site(tmp.resolve("work"))).step(new CodeSwapStep(Release.tarball(same),
                new CodeSwapStep.Options(false, false, root.resolve("sites/default/files")))).plan().check();
        assertThat(report.toString()).contains("already installed").contains("0755").contains("rwxrwxrwx");
        // without a CMS adapter naming the files folder, nothing is checked there, and the fix is refused up front
        assertThat(Upgrade.of(site(tmp.resolve("work"))).step(new CodeSwapStep(Release.tarball(same))).plan().check().toString())
                .doesNotContain("files.permissions");
        assertThat(Upgrade.of(site(tmp.resolve("work"))).step(new CodeSwapStep(Release.tarball(same),
                new CodeSwapStep.Options(true, true, null))).plan().check().blockers())
                .anySatisfy(b -> assertThat(b.message()).contains("names no files folder"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Upgrade.of(site(tmp.resolve("work")))
                .step(new CodeSwapStep(Release.tarball(same))).plan().run()).hasMessageContaining("pre-flight");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CodeSwapStep(Release.tarball(same))
                .apply(context(site(tmp.resolve("work")), Files.createDirectories(tmp.resolve("run")), new ArrayList<>())))
                .isInstanceOfSatisfying(org.civiupgrade.UpgradeException.class,
                        e -> assertThat(e.code()).isEqualTo(org.civiupgrade.ErrorCode.NOT_AN_UPGRADE));
        assertThat(Release.installedVersion(code)).hasToString("4.4.5");
        assertThat(code.resolve("CRM/Core/LocalPatch.php")).exists();
    }

    @Test
    void translationsAreUnpackedIntoTheSameFolderAndThePreviewNamesEveryChange() throws Exception {
        Path l10n = tmp.resolve("civicrm-4.5.0-l10n.tar.gz");
        try (TarBuilder t = new TarBuilder(l10n)) {
            t.file("civicrm/l10n/fr_FR/LC_MESSAGES/civicrm.mo", "mo").file("civicrm/sql/civicrm_data.fr_FR.mysql", "-- fr");
        }
        Release release = Release.tarball(tarball).withL10n(l10n);
        var plan = Upgrade.of(site(tmp.resolve("work"))).step(new CodeSwapStep(release)).plan();
        var dry = plan.dryRun();
        assertThat(dry.toString()).contains("civicrm-4.5.0-l10n.tar.gz").contains("rename " + code).contains("code-backup");
        assertThat(Files.list(modules).map(p -> p.getFileName().toString()).toList()).containsExactly("civicrm");
        UpgradeResult r = plan.run();
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(code.resolve("l10n/fr_FR/LC_MESSAGES/civicrm.mo")).hasContent("mo");
        assertThat(code.resolve("sql/civicrm_data.fr_FR.mysql")).exists();
        assertThat(r.warnings()).noneSatisfy(w -> assertThat(w).contains("l10n/"));
    }

    @Test
    void theNewCodeGetsTheOwnerOfTheOldFolder() throws Exception {
        var lookup = code.getFileSystem().getUserPrincipalLookupService();
        var nobody = lookup.lookupPrincipalByName("nobody");
        var nogroup = lookup.lookupPrincipalByGroupName("nogroup");
        // changing owners needs root, as on the build machine
        Files.setOwner(code, nobody);
        Files.getFileAttributeView(code, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(nogroup);
        UpgradeResult r = Upgrade.of(site(tmp.resolve("work"))).step(new CodeSwapStep(Release.tarball(tarball))).plan().run();
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Files.getOwner(code)).isEqualTo(nobody);
        assertThat(Files.getOwner(code.resolve("CRM/Core/Config.php"))).isEqualTo(nobody);
        assertThat(Files.readAttributes(code.resolve("bin/cron.sh"), java.nio.file.attribute.PosixFileAttributes.class).group()).isEqualTo(nogroup);
    }

    static StepContext context(Site site, Path runDir, List<Compensation> journal) {
        return new StepContext() {
            @Override
            public String runId() {
                return "r1";
            }

            @Override
            public void record(Compensation c) {
                journal.add(c);
            }

            @Override
            public void progress(long done, long total, String unit) {
            }

            @Override
            public void warn(String message) {
            }

            @Override
            public void checkInterrupted() {
            }

            @Override
            public Site site() {
                return site;
            }

            @Override
            public SiteResources resources() {
                throw new UnsupportedOperationException();
            }

            @Override
            public PlanOptions options() {
                return PlanOptions.empty();
            }

            @Override
            public Path runDir() {
                return runDir;
            }
        };
    }

    private static CompensationContext compensationContext(Site site, Path runDir) {
        return new CompensationContext() {
            @Override
            public Site site() {
                return site;
            }

            @Override
            public SiteResources resources() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Path runDir() {
                return runDir;
            }

            @Override
            public void progress(long done, long total, String unit) {
            }
        };
    }
}
