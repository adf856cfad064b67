package org.civiupgrade.drupal7.drush;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.civiupgrade.testkit.ChildJvm;
import org.civiupgrade.testkit.FakeRelease;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which database upgrader a plan takes when none is given, decided by the upgraders' priorities
 * against the real PATH of a separate JVM: cv on the PATH, else drush on the PATH for a Drupal 7
 * site, else none, and then the check blocks naming both ways to give one.
 */
class UpgraderChoiceTest {
    @TempDir
    Path tmp;
    private Path tarball;

    @BeforeEach
    void release() throws Exception {
        tarball = FakeRelease.of("4.7.32").writeTo(Files.createDirectories(tmp.resolve("release")));
    }

    /** A folder holding fake programs (scripts that do nothing) with these names, for the PATH. */
    private Path bin(String name, String... programs) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (String p : programs) {
            Path f = Files.writeString(dir.resolve(p), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }

    private List<String> child(Path path, String drupalVersion) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("site-" + path.getFileName() + "-" + drupalVersion));
        try (ChildJvm jvm = ChildJvm.start(UpgraderChoiceChild.class, Map.of("PATH", path.toString()),
                List.of(root.toString(), drupalVersion, tarball.toString()))) {
            assertThat(jvm.awaitLine("DONE"::equals, Duration.ofSeconds(60))).as("the child's output: %s", jvm.output()).isPresent();
            return jvm.output();
        }
    }

    @Test
    void withoutCvButWithDrushOnThePathADrupal7SiteIsUpgradedWithDrush() throws Exception {
        List<String> out = child(bin("drush-only", "drush"), "7.100");
        assertThat(out).contains("STEP Upgrade the CiviCRM database to 4.7.32 with drush");
        assertThat(out).noneMatch(l -> l.startsWith("CHECK BLOCKER"));
    }

    @Test
    void cvOnThePathIsPreferredToDrush() throws Exception {
        List<String> out = child(bin("both", "cv", "drush"), "7.100");
        assertThat(out).contains("STEP Upgrade the CiviCRM database to 4.7.32 with cv");
        assertThat(out).noneMatch(l -> l.startsWith("CHECK BLOCKER"));
    }

    @Test
    void drushIsNotOfferedForAnotherDrupalVersionAndWithoutAnyUpgraderTheCheckBlocks() throws Exception {
        for (List<String> out : List.of(child(bin("nothing"), "7.100"), child(bin("drush-php-d8", "drush", "php"), "8.9.20"))) {
            assertThat(out).contains("STEP Upgrade the CiviCRM database to 4.7.32 with none");
            assertThat(out).anySatisfy(l -> assertThat(l).startsWith("CHECK BLOCKER upgrader.missing")
                    .contains("No schema upgrader applies", "cv is not on the PATH", "--upgrader", "Upgrade.Builder.upgrader(",
                            "put cv (or, for a Drupal 7 site with civi-upgrade-drupal7, drush or php) on the PATH"));
        }
    }

    @Test
    void withNeitherCvNorDrushButPhpOnThePathADrupal7SiteIsUpgradedWithThePhpRunner() throws Exception {
        List<String> out = child(bin("php-only", "php"), "7.100");
        assertThat(out).contains("STEP Upgrade the CiviCRM database to 4.7.32 with php");
    }

    @Test
    void drushIsPreferredToThePhpRunner() throws Exception {
        List<String> out = child(bin("drush-and-php", "drush", "php"), "7.100");
        assertThat(out).contains("STEP Upgrade the CiviCRM database to 4.7.32 with drush");
        assertThat(out).noneMatch(l -> l.startsWith("CHECK BLOCKER"));
    }
}
