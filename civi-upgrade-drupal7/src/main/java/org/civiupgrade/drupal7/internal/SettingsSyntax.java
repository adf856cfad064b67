package org.civiupgrade.drupal7.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.support.Programs;

/**
 * Settings files PHP cannot parse: {@code settings.php} and {@code civicrm.settings.php} are linted with {@code php -l}
 * (the given PHP, else {@code php} on the PATH) before they are read, and a parse error is reported with PHP's own
 * verdict and line. PHP's message is shown without the tokens it quotes, since in a broken file a quoted token may be
 * part of a password.
 */
public final class SettingsSyntax {
    private static final Pattern PARSE_ERROR = Pattern.compile("(?m)^(?:PHP )?Parse error:\\s*(.*?) in .* on line (\\d+)\\s*$");
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");

    private SettingsSyntax() {
    }

    /**
     * Refuses a settings file PHP cannot parse, before the static reader reads it: a broken file would mislead the reader
     * (an unterminated string shifts every later token) or, worse, be read as if it worked. Without PHP (none given, none
     * on the PATH) nothing is checked here and the reader's own findings stand.
     *
     * @param file     the settings file
     * @param fileName its name as shown to people, e.g. {@code sites/default/settings.php}
     * @param php      the PHP CLI given to the run, if any; else {@code php} on the PATH
     * @throws UpgradeException {@link ErrorCode#SETTINGS_INVALID} naming PHP's verdict and line
     */
    public static void requireParses(Path file, String fileName, Optional<Path> php) {
        Optional<Path> binary = php.or(() -> Programs.find("php"));
        if (binary.isEmpty()) {
            return;
        }
        Optional<ParseError> error = lint(binary.get(), file);
        if (error.isPresent()) {
            throw new UpgradeException(ErrorCode.SETTINGS_INVALID, fileName + " is not valid PHP: PHP reports a "
                    + error.get().message() + " on line " + error.get().line() + ".",
                    "Fix the syntax of " + fileName + " at or before line " + error.get().line() + " (an unclosed quote or"
                            + " bracket further up is the usual cause; 'php -l " + file + "' shows PHP's verdict), then run again."
                            + " The site cannot work with this file either.", null);
        }
    }

    /** PHP's parse error of a file, words quoted from the file left out. */
    record ParseError(String message, int line) {
    }

    static Optional<ParseError> lint(Path php, Path file) {
        try {
            Process p = new ProcessBuilder(php.toString(), "-n", "-d", "display_errors=stderr", "-d", "log_errors=0", "-l",
                    file.toString()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            Matcher m = PARSE_ERROR.matcher(new String(out, StandardCharsets.UTF_8));
            if (p.exitValue() == 0 || !m.find()) {
                return Optional.empty();
            }
            String message = QUOTED.matcher(m.group(1)).replaceAll("\"...\"").strip();
            return Optional.of(new ParseError(message, Integer.parseInt(m.group(2))));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
