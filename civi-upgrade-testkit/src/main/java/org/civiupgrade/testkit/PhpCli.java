package org.civiupgrade.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code php} command-line interpreter for tests where PHP itself is the judge (settings
 * files, string literals, DSNs). Found once on the {@code PATH}.
 *
 * <p>A test that needs PHP calls {@link #require(String)} first. Without {@code php} the test is
 * reported as <em>skipped</em> (a JUnit assumption) with the message, never as passed; when the
 * environment variable {@value #REQUIRE_ENV} is {@code true} (as CI sets it) a missing
 * {@code php} fails the test instead.
 */
public final class PhpCli {
    /** Environment variable that turns a missing {@code php} from a skip into a failure. */
    public static final String REQUIRE_ENV = "CIVI_UPGRADE_REQUIRE_PHP";

    private static final Optional<Path> FOUND = lookUp();

    private PhpCli() {
    }

    /** The {@code php} executable on the {@code PATH}, if any. */
    public static Optional<Path> find() {
        return FOUND;
    }

    /** Whether {@value #REQUIRE_ENV} is {@code true}. */
    public static boolean required() {
        return "true".equals(System.getenv(REQUIRE_ENV));
    }

    /**
     * The {@code php} executable, or the end of the calling test: skipped when {@code php} is missing,
     * failed when it is missing and {@value #REQUIRE_ENV} is {@code true}.
     *
     * @param what what the test checks with PHP, for the skip message (e.g. "settings.php reading")
     * @throws AssertionError when php is missing and required
     * @throws org.opentest4j.TestAbortedException when php is missing and not required
     */
    public static Path require(String what) {
        if (FOUND.isEmpty()) {
            String msg = "PHP cross-check of " + what + " did not run: no 'php' on the PATH. Install the PHP command line "
                    + "(Debian: apt-get install php-cli).";
            if (required()) {
                throw new AssertionError(msg + " " + REQUIRE_ENV + "=true requires it.");
            }
            Assumptions.abort(msg);
        }
        return FOUND.get();
    }

    private static Optional<Path> lookUp() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "php");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
