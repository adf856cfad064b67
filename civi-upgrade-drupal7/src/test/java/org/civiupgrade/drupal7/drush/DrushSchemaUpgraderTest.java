package org.civiupgrade.drupal7.drush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Secret;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.Version;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.spi.SiteResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a real process: a fake drush script printing what drush 8's civicrm-upgrade-db prints. */
class DrushSchemaUpgraderTest {
    @TempDir
    Path tmp;

    Path drush(String body) throws Exception {
        Path d = tmp.resolve("drush");
        Files.writeString(d, "#!/bin/sh\necho \"args: $*\"\necho \"cwd: $(pwd)\"\n" + body + "\n");
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        return d;
    }

    Site site(String siteName) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("drupal"));
        return Site.builder(root).cms("Drupal", "7.105").siteName(siteName).civicrmCodeDir(root.resolve("sites/all/modules/civicrm"))
                .cmsDatabase(DatabaseCoordinates.of("localhost", 3306, "drupal", "u", Secret.of("s3cret-pw"))).build();
    }

    List<String> run(Path drush, Site site, List<String> lines) throws Exception {
        SiteResources none = new SiteResources() {
            @Override
            public DataSource cmsDatabase() {
                throw new UnsupportedOperationException();
            }

            @Override
            public DataSource civicrmDatabase() {
                throw new UnsupportedOperationException();
            }
        };
        return new DrushSchemaUpgrader(drush.toString()).upgrade(new SchemaUpgrader.Request(site, none, Version.parse("4.5.0"),
                false, Duration.ofMinutes(1), lines::add));
    }

    @Test
    void runsInTheSiteRootWithTheUriAndNeedsTheDatabaseAtTheCodeVersion() throws Exception {
        Path d = drush("echo 'Upgrade outputs:'");
        List<String> lines = new ArrayList<>();
        Site site = site("example.org");
        assertThatThrownBy(() -> run(d, site, lines)).as("exit 0 and 'Upgrade outputs:' are not enough")
                .hasMessageContaining("civicrm_domain.version could not be read");
        assertThat(lines).contains("args: --root=" + site.root() + " --uri=example.org civicrm-upgrade-db");
        assertThat(lines).contains("cwd: " + site.root().toRealPath());
    }

    @Test
    void anUpgradeErrorIsAFailureEvenWithExitStatusZero() throws Exception {
        Path d = drush("echo 'Error Message: DB Error: no such table'\necho 'Upgrade Error: \"DB Error: no such table\"'\nexit 0");
        assertThatThrownBy(() -> run(d, site("default"), new ArrayList<>())).isInstanceOfSatisfying(UpgradeException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PROCESS_FAILED)).hasMessageContaining("DB Error: no such table");
    }

    @Test
    void drushErrorsAreExtractedAndSecretsMasked() throws Exception {
        Path d = drush("echo 'Database check failed - the database looks to have been partially upgraded. [error]'\n"
                + "echo 'mysql://u:s3cret-pw@localhost/drupal'\nexit 1");
        List<String> lines = new ArrayList<>();
        assertThatThrownBy(() -> run(d, site("default"), lines)).hasMessageContaining("partially upgraded")
                .hasMessageContaining("exit status 1");
        assertThat(lines).contains("mysql://u:******@localhost/drupal");
        assertThat(String.join("\n", lines)).doesNotContain("s3cret-pw");
    }

    @Test
    void aMissingDrushIsABlockerAndADryRunRunsNothing() throws Exception {
        Path marker = tmp.resolve("ran");
        Path d = drush("touch " + marker);
        assertThat(new DrushSchemaUpgrader(tmp.resolve("nope").toString()).check(null)).anySatisfy(c -> assertThat(c.isBlocker()).isTrue());
        List<String> tasks = new DrushSchemaUpgrader(d.toString()).upgrade(new SchemaUpgrader.Request(site("default"), null,
                Version.parse("4.5.0"), true, Duration.ofMinutes(1), null));
        assertThat(tasks).isEmpty();
        assertThat(marker).doesNotExist();
    }
}
