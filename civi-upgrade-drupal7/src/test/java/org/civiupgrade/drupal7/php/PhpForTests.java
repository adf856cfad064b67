package org.civiupgrade.drupal7.php;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code php} the tests run the upgrade script with: one on the {@code PATH} whose
 * {@code pdo_mysql} extension the fake CiviCRM classes use. Without it a test is skipped with
 * a message saying so, and fails when {@code CIVI_UPGRADE_REQUIRE_PHP=true}.
 */
final class PhpForTests {
    private static String php;
    private static String missing;

    private PhpForTests() {
    }

    /** The php program, or the test is skipped (or fails when PHP is required). */
    static synchronized String require() throws Exception {
        if (php == null && missing == null) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(dir, "php");
                if (!dir.isEmpty() && Files.isExecutable(p)) {
                    Process pr = new ProcessBuilder(p.toString(), "-r", "exit(extension_loaded('pdo_mysql') ? 0 : 3);").inheritIO().start();
                    if (pr.waitFor(30, TimeUnit.SECONDS) && pr.exitValue() == 0) {
                        php = p.toString();
                    } else {
                        missing = p + " lacks the pdo_mysql extension (Debian: apt-get install php-mysql)";
                    }
                    break;
                }
            }
            if (php == null && missing == null) {
                missing = "no 'php' on the PATH (Debian: apt-get install php-cli php-mysql)";
            }
        }
        if (php == null) {
            assertThat(System.getenv("CIVI_UPGRADE_REQUIRE_PHP")).as("PHP is required (CIVI_UPGRADE_REQUIRE_PHP=true), but " + missing)
                    .isNotEqualTo("true");
            Assumptions.abort("PHP UPGRADE SCRIPT NOT TESTED: " + missing);
        }
        return php;
    }
}
