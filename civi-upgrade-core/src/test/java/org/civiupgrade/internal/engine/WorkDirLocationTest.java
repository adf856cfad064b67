package org.civiupgrade.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.CheckResult;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Secret;
import org.civiupgrade.Severity;
import org.civiupgrade.Site;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A work directory the web server could serve is refused: inside the web root or CiviCRM's files folder, links resolved. */
class WorkDirLocationTest {
    @TempDir
    Path tmp;

    Site site(Path root, Path work, Path templatesC) {
        return Site.builder(root).cms("Test", "1").civicrmCodeDir(root.resolve("sites/all/modules/civicrm"))
                .cmsDatabase(DatabaseCoordinates.of("localhost", 3306, "site", "u", Secret.of("pw-secret-123")))
                .attribute("civicrm.templateCompileDir", templatesC.toString()).workDir(work).build();
    }

    @Test
    void refusesTheWebRootAndCivicrmsFilesFolderEvenThroughALink() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("www"));
        Path privateFiles = Files.createDirectories(tmp.resolve("private/civicrm"));
        Path templatesC = privateFiles.resolve("templates_c");
        Path link = Files.createSymbolicLink(tmp.resolve("link-to-www"), root);

        for (Path work : List.of(root.resolve("cuv"), link.resolve("deep/cuv"), privateFiles.resolve("work"))) {
            List<CheckResult> r = WorkDirLocation.check(site(root, work, templatesC));
            assertThat(r).as(work.toString()).singleElement().satisfies(c -> {
                assertThat(c.severity()).isEqualTo(Severity.BLOCKER);
                assertThat(c.id()).isEqualTo(WorkDirLocation.ID);
                assertThat(c.message()).contains(work.toString());
                assertThat(c.remedy()).contains("outside the web root");
            });
        }
        assertThat(WorkDirLocation.check(site(root, root.resolve("cuv"), templatesC)).get(0).message()).contains("the web root");
        assertThat(WorkDirLocation.check(site(root, privateFiles.resolve("w"), templatesC)).get(0).message())
                .contains("CiviCRM's files folder");
        assertThat(WorkDirLocation.check(site(root, tmp.resolve("home/.civi-upgrade"), templatesC))).isEmpty();
        assertThat(WorkDirLocation.check(site(root, tmp.resolve("www-backups"), templatesC))).as("a sibling with a common prefix")
                .isEmpty();
    }

    @Test
    void aWorkDirectoryBelowOrAtAFileIsABlockerNamingTheFile() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("www"));
        Path file = Files.writeString(tmp.resolve("backups.txt"), "not a folder");
        for (Path work : List.of(file, file.resolve("cuv"), file.resolve("deep/cuv"))) {
            assertThat(WorkDirLocation.check(site(root, work, root.resolve("sites/default/files/civicrm/templates_c"))))
                    .as(work.toString()).singleElement().satisfies(c -> {
                        assertThat(c.severity()).isEqualTo(Severity.BLOCKER);
                        assertThat(c.message()).contains(work.toString(), file + " is a file, not a folder");
                        assertThat(c.remedy()).contains("--work-dir");
                    });
        }
        assertThat(WorkDirLocation.check(site(root, tmp.resolve("fresh/cuv"), root.resolve("sites/default/files/civicrm/templates_c"))))
                .isEmpty();
    }
}
