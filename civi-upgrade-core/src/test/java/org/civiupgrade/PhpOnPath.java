package org.civiupgrade;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code php} command line for core's own cross-checks: core's tests cannot use the testkit
 * (the testkit depends on core), so this mirrors the testkit's {@code PhpCli}. Without {@code php}
 * a test is reported as skipped; with {@code CIVI_UPGRADE_REQUIRE_PHP=true} it fails instead.
 */
public final class PhpOnPath {
    private static final Optional<Path> FOUND = lookUp();

    private PhpOnPath() {
    }

    /** The {@code php} executable on the PATH, if any. */
    public static Optional<Path> find() {
        return FOUND;
    }

    /** The {@code php} executable, or the end of the calling test (skipped, or failed when PHP is required). */
    public static Path require(String what) {
        if (FOUND.isEmpty()) {
            String msg = "PHP cross-check of " + what + " did not run: no 'php' on the PATH. Install the PHP command line "
                    + "(Debian: apt-get install php-cli).";
            if ("true".equals(System.getenv("CIVI_UPGRADE_REQUIRE_PHP"))) {
                throw new AssertionError(msg + " CIVI_UPGRADE_REQUIRE_PHP=true requires it.");
            }
            Assumptions.abort(msg);
        }
        return FOUND.get();
    }

    private static Optional<Path> lookUp() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "php");
            if (!dir.isEmpty() && Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
