package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Secret;
import org.civiupgrade.Site;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Drupal 7 adapter's part of a CMS-neutral core: the files folder, and pointing a rehearsal copy at its scratch database. */
class Drupal7CopyRetargetingTest {
    private static final String SETTINGS = "<?php\n$databases = array('default' => array('default' => array('driver' => 'mysql',\n"
            + "  'database' => 'production', 'username' => 'u', 'password' => 'pw', 'host' => 'localhost', 'prefix' => 'd7_')));\n"
            + "$drupal_hash_salt = 'x';\n";

    @TempDir
    Path tmp;

    private Site site(Path root) {
        return Site.builder(root).cms("Drupal", "7.100").siteName("default").civicrmCodeDir(root.resolve("sites/all/modules/civicrm"))
                .cmsDatabase(DatabaseCoordinates.of("localhost", 3306, "production", "u", Secret.of("pw")))
                .adapter(new Drupal7Adapter()).build();
    }

    private static Path php() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "php"))) {
                return Path.of(dir, "php");
            }
        }
        if ("true".equals(System.getenv("CIVI_UPGRADE_REQUIRE_PHP"))) {
            throw new AssertionError("php is required (CIVI_UPGRADE_REQUIRE_PHP=true) but not on the PATH");
        }
        Assumptions.assumeTrue(false, "php is not installed: what PHP reads from the retargeted settings.php is not checked");
        return null;
    }

    /** What PHP itself reads as the default connection's database and table prefix after including the file. */
    private static String phpReads(Path settings) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(php().toString(), "-r",
                "include $argv[1]; echo $databases['default']['default']['database'], ' ', $databases['default']['default']['prefix'];",
                settings.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?>\n"})
    void aCopysSettingsPhpNamesTheScratchDatabaseAndNothingElseChanges(String end) throws Exception {
        Path copy = tmp.resolve("copy");
        Path settings = Files.writeString(Files.createDirectories(copy.resolve("sites/default")).resolve("settings.php"), SETTINGS + end);
        Path production = Files.writeString(Files.createDirectories(tmp.resolve("prod/sites/default")).resolve("settings.php"), SETTINGS + end);
        Drupal7Adapter adapter = new Drupal7Adapter();
        assertThat(adapter.retargetsCopies()).isTrue();
        adapter.retargetCopy(site(copy), DatabaseCoordinates.of("localhost", 3306, "scratch_1_cms", "u", Secret.of("pw")));

        assertThat(phpReads(settings)).isEqualTo("scratch_1_cms d7_");
        assertThat(phpReads(production)).as("only the copy is edited").isEqualTo("production d7_");
        String text = Files.readString(settings);
        assertThat(text).startsWith(SETTINGS + end);
        assertThat(text.substring((SETTINGS + end).length())).as("only the database name is added")
                .contains("$databases['default']['default']['database'] = 'scratch_1_cms';").doesNotContain("password", "prefix");
    }

    @Test
    void aCopyWithoutSettingsPhpIsLeftAsItIs() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("copy/sites/default"));
        new Drupal7Adapter().retargetCopy(site(tmp.resolve("copy")), DatabaseCoordinates.of("localhost", 3306, "s", "u", Secret.of("pw")));
        try (var files = Files.list(copy)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theFilesFolderIsTheSitesOrTheOneTheSiteNames() {
        Drupal7Adapter adapter = new Drupal7Adapter();
        Site plain = site(tmp.resolve("d"));
        assertThat(adapter.filesDirectory(plain)).contains(tmp.resolve("d/sites/default/files"));
        Site moved = plain.toBuilder().attribute("drupal.filesDir", tmp.resolve("elsewhere/files").toString()).build();
        assertThat(adapter.filesDirectory(moved)).contains(tmp.resolve("elsewhere/files"));
        assertThat(adapter.webServerWritablePaths(moved)).first().isEqualTo(tmp.resolve("elsewhere/files"));
    }
}
