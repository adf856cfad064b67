package org.civiupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.testkit.FakeCv;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One file in CiviCRM's compiled templates that cannot be deleted (immutable for root, in a
 * read-only folder for other users) must not keep the site offline: the rollback reports it as a
 * warning with the path and the fix, and puts maintenance mode, the front page, the code and the
 * database back.
 */
@WithTestDatabase
class UndeletableCacheRollbackTest {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    Path tmp;
    private Path locked;

    @AfterEach
    void unlock() throws Exception {
        if (locked != null && Files.exists(locked.resolve("new.tpl.php"))) {
            if (ROOT) {
                new ProcessBuilder("chattr", "-i", locked.resolve("new.tpl.php").toString()).inheritIO().start().waitFor();
            } else {
                Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    @Test
    void anUndeletableCompiledTemplateIsAWarningAndTheSiteComesBackOnline(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules()
                .frontPage("civicrm/dashboard").maintenanceMode("i:0;").create(tmp.resolve("site"), db);
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path realCv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), "4.6.0");
        locked = fake.templatesC().resolve("locked");
        Path file = locked.resolve("new.tpl.php");
        String lock = ROOT ? "chattr +i '" + file + "'" : "chmod 555 '" + locked + "'";
        // the "new code" compiles a template that nobody can delete, then the database upgrade fails
        Path cv = Files.writeString(Files.createDirectories(tmp.resolve("bin2")).resolve("cv"), "#!/bin/sh\n"
                + "if [ ! -e '" + file + "' ]; then mkdir -p '" + locked + "' && echo '<?php' > '" + file + "' && " + lock
                + " || exit 97; fi\nexec '" + realCv + "' \"$@\"\n");
        Files.setPosixFilePermissions(cv, PosixFilePermissions.fromString("rwxr-xr-x"));
        byte[] maintenance = fake.variable("maintenance_mode");
        byte[] frontPage = fake.variable("site_frontpage");

        CiviUpgradeCommandTest.Outcome o = CiviUpgradeCommandTest.cli("run", fake.root().toString(), "--release", tarball.toString(),
                "--upgrader", "cv", "--upgrader-path", cv.toString(), "--work-dir", tmp.resolve("work").toString(), "--json");

        assertThat(file).as("the cache file really could not be deleted").exists();
        assertThat(o.exit()).as(o.err()).isEqualTo(ExitCodes.ROLLED_BACK);
        UpgradeResult r = UpgradeResult.fromJson(o.out());
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(r.compensations()).allMatch(UpgradeResult.CompensationOutcome::applied);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains(locked.toString(), "templates_c", "rm -rf", "lsattr"));
        assertThat(Arrays.equals(fake.variable("maintenance_mode"), maintenance)).as("maintenance mode back").isTrue();
        assertThat(new String(fake.variable("site_frontpage"), StandardCharsets.UTF_8))
                .isEqualTo(new String(frontPage, StandardCharsets.UTF_8));
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.4.0"));
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.4.0");
        assertThat(CiviUpgradeCommandTest.cli("status", fake.root().toString(), "--work-dir", tmp.resolve("work").toString())
                .exit()).isEqualTo(ExitCodes.OK);
        assertThat(List.of(o.out(), o.err())).noneMatch(s -> s.contains(db.coordinates().password().reveal())
                && !db.coordinates().password().reveal().isEmpty());
    }
}
