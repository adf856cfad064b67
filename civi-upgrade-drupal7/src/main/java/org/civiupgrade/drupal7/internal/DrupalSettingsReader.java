package org.civiupgrade.drupal7.internal;

import java.util.Map;
import java.util.Optional;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Secret;
import org.civiupgrade.UpgradeException;

/**
 * Drupal's database credentials from {@code settings.php}, in every form real sites use: the
 * installer's {@code var_export} style, {@code $databases['default']['default'] = array(...)},
 * element-by-element assignments, a string or array {@code prefix}, and D6's {@code $db_url}
 * (with {@code $db_prefix}).
 */
public final class DrupalSettingsReader {
    private DrupalSettingsReader() {
    }

    /**
     * Reads the default connection. Messages never contain the password.
     *
     * <p>Never a guess: a connection assigned under a condition (inside a block, or after an
     * {@code if (...)} or {@code else}) or one that an {@code include}/{@code require} after it may
     * change is refused with the line and the fix, since which database Drupal uses would then
     * depend on run time or on another file.
     */
    public static DatabaseCoordinates read(String settingsPhp, String fileName) {
        PhpSource src = PhpSource.parse(settingsPhp, fileName);
        refuseGuesses(src, fileName);
        Optional<Object> databases = src.variable("databases");
        if (databases.isPresent() && databases.get() instanceof Map<?, ?> all && all.get("default") instanceof Map<?, ?> target
                && target.get("default") instanceof Map<?, ?> conn) {
            return fromArray(conn, fileName);
        }
        Optional<Object> dbUrl = src.variable("db_url");
        if (dbUrl.isPresent()) {
            Object url = dbUrl.get();
            if (url instanceof Map<?, ?> m) {
                url = m.get("default");
            }
            if (url instanceof String s) {
                String prefix = src.variable("db_prefix").map(p -> p instanceof Map<?, ?> pm ? pm.get("default") : p)
                        .filter(String.class::isInstance).map(String.class::cast).orElse("");
                return DatabaseCoordinates.fromDsn(s.replaceFirst("^mysqli?://", "mysql://")).withTablePrefix(prefix);
            }
        }
        throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + " defines no $databases['default']['default'] connection"
                + " (nor a D6 $db_url) that can be read without running PHP.",
                "Write the connection as literal values in " + fileName + ", e.g. $databases['default']['default'] = array("
                        + "'driver' => 'mysql', 'database' => ..., 'username' => ..., 'password' => ..., 'host' => ..., 'prefix' => '');",
                null);
    }

    private static void refuseGuesses(PhpSource src, String fileName) {
        int lastWhole = 0;
        for (String var : java.util.List.of("databases", "db_url", "db_prefix")) {
            for (PhpSource.Assignment a : src.assignments(var)) {
                if (a.conditional()) {
                    throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + " line " + a.line() + " sets $" + var
                            + " under a condition: which database Drupal uses depends on run time.",
                            "Set the connection unconditionally in " + fileName + " (the values this site really uses), then run again.",
                            null);
                }
                if (!var.equals("db_prefix") && a.keys() <= 2) {
                    lastWhole = Math.max(lastWhole, a.line());
                }
            }
        }
        for (int include : src.includes()) {
            if (include > lastWhole) {
                throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + " line " + include
                        + " includes another PHP file after (or instead of) the database connection; it may change"
                        + " $databases, and this reader does not run PHP.",
                        "Set the whole connection ($databases['default']['default'] = array(...);) in " + fileName
                                + " after the include, or move the include above it, then run again.", null);
            }
        }
    }

    private static DatabaseCoordinates fromArray(Map<?, ?> conn, String fileName) {
        String driver = str(conn.get("driver"), "mysql");
        if (!driver.equals("mysql")) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + " uses the database driver '" + driver
                    + "'; CiviCRM needs MySQL or MariaDB.", "Only MySQL/MariaDB sites can be upgraded.", null);
        }
        String database = str(conn.get("database"), null);
        if (database == null || database.isEmpty()) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + " names no database in $databases['default']['default'].",
                    "Add a literal 'database' => '...' entry.", null);
        }
        String host = str(conn.get("host"), "localhost");
        int port = 3306;
        Object p = conn.get("port");
        if (p instanceof Long l && l > 0) {
            port = l.intValue();
        } else if (p instanceof String s && !s.isBlank()) {
            try {
                port = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + ": the database port '" + s + "' is not a number.",
                        "Write the port as digits or leave it empty.", null);
            }
        }
        Object prefixValue = conn.get("prefix");
        String prefix = "";
        if (prefixValue instanceof String s) {
            prefix = s;
        } else if (prefixValue instanceof Map<?, ?> m && m.get("default") instanceof String s) {
            prefix = s;
        }
        String user = str(conn.get("username"), "");
        String password = str(conn.get("password"), "");
        return new DatabaseCoordinates(host.isEmpty() ? "localhost" : host, port, database, user, Secret.of(password), prefix, Map.of());
    }

    private static String str(Object v, String dflt) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Long l) {
            return Long.toString(l);
        }
        return dflt;
    }
}
