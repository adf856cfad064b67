package org.civiupgrade.examples.backdrop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Secret;
import org.civiupgrade.UpgradeException;

/**
 * What Backdrop's {@code settings.php} (and a {@code settings.local.php} beside it, which the
 * shipped file includes when present) says about the database and the active configuration
 * folder, read without PHP. The shapes understood are those of Backdrop 1.x's shipped
 * {@code settings.php} (repository backdrop/backdrop, file {@code settings.php}):
 * <ul>
 * <li>the single-DSN form {@code $database = 'mysql://user:pass@localhost/database_name';} with
 * {@code $database_prefix = '';};</li>
 * <li>the Drupal-7-style array {@code $databases['default']['default'] = array('database' => ..,
 * 'username' => .., 'password' => .., 'host' => .., 'port' => .., 'prefix' => ..);} (or nested
 * in {@code $databases = array('default' => array('default' => array(...)))});</li>
 * <li>{@code $config_directories['active']} as a literal path, or as the shipped expression
 * {@code 'files/config_' . md5($database) . '/active'}.</li>
 * </ul>
 * Values must be literal single-quoted strings; comments ({@code /* *}{@code /} blocks and whole
 * {@code //} or {@code #} lines) are ignored. Anything else is refused with the file and the fix.
 *
 * @param database        the CMS database, with its table prefix
 * @param activeConfigDir the active configuration folder as written (relative to the Backdrop
 *                        root unless absolute), empty when the file does not say it in a known form
 */
record BackdropSettings(DatabaseCoordinates database, Optional<String> activeConfigDir) {
    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern LINE_COMMENT = Pattern.compile("(?m)^\\s*(//|#).*$");
    private static final Pattern DSN = Pattern.compile("\\$database\\s*=\\s*'([^']*)'\\s*;");
    private static final Pattern PREFIX = Pattern.compile("\\$database_prefix\\s*=\\s*'([^']*)'\\s*;");
    private static final Pattern ARRAY_ENTRY = Pattern.compile("'(database|username|password|host|port|prefix)'\\s*=>\\s*'([^']*)'");
    private static final Pattern ACTIVE_LITERAL = Pattern.compile("\\$config_directories\\['active'\\]\\s*=\\s*'([^']*)'\\s*;");
    private static final Pattern ACTIVE_MD5 = Pattern.compile(
            "\\$config_directories\\['active'\\]\\s*=\\s*'([^']*)'\\s*\\.\\s*md5\\(\\$database\\)\\s*\\.\\s*'([^']*)'\\s*;");

    /** Reads {@code settings.php} of the Backdrop root, then {@code settings.local.php} beside it when present. */
    static BackdropSettings read(Path root) {
        String text = code(root.resolve("settings.php"));
        Path local = root.resolve("settings.local.php");
        if (Files.isRegularFile(local)) {
            text = text + "\n" + code(local);
        }
        String dsn = last(DSN, text, 1);
        String prefix = Optional.ofNullable(last(PREFIX, text, 1)).orElse("");
        DatabaseCoordinates db;
        if (dsn != null) {
            db = DatabaseCoordinates.fromDsn(dsn);
        } else {
            int at = text.lastIndexOf("$databases");
            if (at < 0) {
                throw new UpgradeException(ErrorCode.SITE_INVALID, "settings.php sets neither $database nor $databases.",
                        "Write the database as Backdrop's settings.php shows it: $database = 'mysql://user:pass@localhost/database_name';",
                        null);
            }
            Map<String, String> a = new HashMap<>();
            Matcher m = ARRAY_ENTRY.matcher(text.substring(at));
            while (m.find()) {
                a.putIfAbsent(m.group(1), m.group(2));
            }
            if (!a.containsKey("database") || !a.containsKey("username")) {
                throw new UpgradeException(ErrorCode.SITE_INVALID, "settings.php: the $databases array has no literal 'database' and"
                        + " 'username'.", "Write them as literal strings, or use the single form $database = 'mysql://user:pass@host/db';",
                        null);
            }
            int port = a.getOrDefault("port", "").isEmpty() ? 3306 : Integer.parseInt(a.get("port"));
            db = DatabaseCoordinates.of(a.getOrDefault("host", "localhost"), port, a.get("database"), a.get("username"),
                    Secret.of(a.getOrDefault("password", "")));
            prefix = a.getOrDefault("prefix", prefix);
        }
        Optional<String> active = Optional.ofNullable(last(ACTIVE_LITERAL, text, 1));
        if (active.isEmpty() && dsn != null) {
            Matcher m = ACTIVE_MD5.matcher(text);
            String found = null;
            while (m.find()) {
                found = m.group(1) + md5Hex(dsn) + m.group(2);
            }
            active = Optional.ofNullable(found);
        }
        return new BackdropSettings(db.withTablePrefix(prefix), active);
    }

    /** The file without its comments. */
    private static String code(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return LINE_COMMENT.matcher(BLOCK_COMMENT.matcher(text).replaceAll(" ")).replaceAll("");
        } catch (IOException e) {
            throw new UpgradeException(ErrorCode.FILE_ERROR, "Cannot read " + file + ": " + e.getClass().getSimpleName() + ".",
                    "Check that the file exists and is readable.", e);
        }
    }

    /** The last match's group: PHP keeps the last assignment. */
    private static String last(Pattern p, String text, int group) {
        Matcher m = p.matcher(text);
        String out = null;
        while (m.find()) {
            out = m.group(group);
        }
        return out;
    }

    /** PHP's {@code md5()} of a string, lower-case hex. */
    static String md5Hex(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has MD5", e);
        }
    }
}
