package org.civiupgrade.internal.release;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Release;
import org.civiupgrade.spi.support.ProcessRunner;

/**
 * The PHP the new code needs: the release's own {@code MIN_INSTALL_PHP_VER} (from
 * {@code CRM/Upgrade/Incremental/General.php}) against the configured {@code php} binary's
 * {@code PHP_VERSION}, and PCRE with Unicode support (CiviCRM's {@code /u} patterns). Checked only
 * when the plan option {@code php.binary} ({@link org.civiupgrade.CoreOptions#PHP_BINARY}) names a PHP binary: the web server's PHP may differ from
 * any on this machine, so the library does not guess.
 */
public final class PhpRequirement {
    /** Plan option: the PHP binary the site runs with (CLI of the same version as the web server's). */
    public static final String OPTION = org.civiupgrade.CoreOptions.PHP_BINARY.name();
    /** Where a release declares its minimum PHP version. */
    public static final String GENERAL_PHP = "CRM/Upgrade/Incremental/General.php";
    private static final Pattern MIN = Pattern.compile("MIN_INSTALL_PHP_VER\\s*=\\s*'([0-9][0-9.]*)'");
    private static final String PROBE = "echo PHP_VERSION, \"\\n\", (@preg_match('/^\\p{L}$/u', \"\\u{e9}\") === 1 ? 'pcre-unicode' : 'no-pcre-unicode'), \"\\n\";";

    private PhpRequirement() {
    }

    /** The minimum PHP version a release's {@code General.php} declares. */
    public static Optional<String> minimumFrom(byte[] generalPhp) {
        if (generalPhp == null) {
            return Optional.empty();
        }
        Matcher m = MIN.matcher(new String(generalPhp, StandardCharsets.UTF_8));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Runs the configured PHP and compares; every finding as a check result. */
    public static List<CheckResult> check(String phpBinary, Release release) {
        List<CheckResult> out = new ArrayList<>();
        ProcessRunner.Result r;
        try {
            r = ProcessRunner.command(List.of(phpBinary, "-r", PROBE)).timeout(Duration.ofSeconds(30)).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(CheckResult.warning("php.version", "The PHP check was interrupted.", "Run the check again."));
        } catch (RuntimeException e) {
            return List.of(CheckResult.blocker("php.version", "Cannot run " + phpBinary + ": " + e.getMessage(),
                    "Set the option " + OPTION + " to the PHP binary of the site's PHP version."));
        }
        List<String> lines = r.lastLines();
        if (r.exitCode() != 0 || lines.size() < 2) {
            out.add(CheckResult.blocker("php.version", phpBinary + " did not run the version probe (exit " + r.exitCode() + "): "
                    + String.join(" ", lines), "Set the option " + OPTION + " to a working PHP CLI binary."));
            return out;
        }
        String version = lines.get(lines.size() - 2).trim();
        String pcre = lines.get(lines.size() - 1).trim();
        Optional<String> minimum = release.minimumPhpVersion();
        if (minimum.isEmpty()) {
            out.add(CheckResult.info("php.version", "PHP " + version + "; release " + release.version()
                    + " does not declare a minimum PHP version, so it was not compared."));
        } else if (compare(version, minimum.get()) < 0) {
            out.add(CheckResult.blocker("php.version", "CiviCRM " + release.version() + " requires PHP " + minimum.get()
                    + " or newer; " + phpBinary + " is PHP " + version + ".",
                    "Upgrade PHP first, or choose a CiviCRM release that supports PHP " + version + "."));
        } else {
            out.add(CheckResult.info("php.version", "PHP " + version + " meets release " + release.version() + "'s minimum "
                    + minimum.get() + "."));
        }
        if (!pcre.equals("pcre-unicode")) {
            out.add(CheckResult.blocker("php.pcre", "PHP's PCRE library lacks Unicode support (a /u pattern with \\p{L} fails).",
                    "Install a PHP build whose PCRE has UTF-8 and Unicode properties enabled."));
        }
        return out;
    }

    /** Numeric comparison of dotted versions ("7.4.33" vs "7.4.0"); a suffix like "-1+deb12u1" is ignored. */
    public static int compare(String a, String b) {
        String[] x = a.replaceAll("[^0-9.].*$", "").split("\\.");
        String[] y = b.replaceAll("[^0-9.].*$", "").split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length && !x[i].isEmpty() ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length && !y[i].isEmpty() ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }
}
