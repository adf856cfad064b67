package org.civiupgrade.drupal7.internal;

import org.civiupgrade.spi.support.IoProblems;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Secret;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.internal.redact.Secrets;
import org.civiupgrade.php.PhpFile;
import org.civiupgrade.php.PhpFile.Unknown;
import org.civiupgrade.php.PhpFile.Value;
import org.civiupgrade.php.PhpValue;

/**
 * Drupal's database credentials from {@code settings.php}, in every form real sites use: the
 * installer's {@code var_export} style, {@code $databases['default']['default'] = array(...)},
 * element-by-element assignments, a string or array {@code prefix}, and D6's {@code $db_url}
 * (with {@code $db_prefix}).
 *
 * <p>The connection is returned only when it is exactly what PHP uses for a web request: every
 * key that chooses the database ({@code driver}, {@code database}, {@code username},
 * {@code password}, {@code host}, {@code port}, {@code prefix}, {@code unix_socket}) is a literal
 * or absent (then Drupal 7's own default applies: no host is {@code localhost}, an empty port is
 * 3306, no prefix is {@code ''}). Anything else is refused with an {@link UpgradeException}
 * naming the file, the line and the fix, never replaced by a default.
 */
public final class DrupalSettingsReader {
    private static final List<String> CHOOSING_KEYS = List.of("driver", "database", "username", "password", "host", "port",
            "prefix", "unix_socket");
    /** The variables that choose the database; every use of them must be a plain assignment. */
    private static final Set<String> WATCHED = Set.of("databases", "db_url", "db_prefix");

    private DrupalSettingsReader() {
    }

    /**
     * Reads the default connection of a site's {@code settings.php} file, as bytes: a guarded
     * {@code if (file_exists(X)) include X;} whose {@code X} is written with {@code DRUPAL_ROOT},
     * {@code __DIR__} or {@code conf_path()} and does not exist is known to do nothing.
     *
     * @param settingsFile the {@code settings.php} file
     * @param drupalRoot   the Drupal root (PHP's working directory and {@code DRUPAL_ROOT} in a web request)
     * @param fileName     the name to show in messages, e.g. {@code sites/default/settings.php}
     */
    public static DatabaseCoordinates read(Path settingsFile, Path drupalRoot, String fileName) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(settingsFile);
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot read " + fileName, e);
        }
        Path root = drupalRoot.toAbsolutePath().normalize();
        Path file = settingsFile.toAbsolutePath().normalize();
        Path siteDir = file.getParent();
        Map<String, PhpValue> known = new java.util.HashMap<>();
        known.put("DRUPAL_ROOT", PhpValue.of(root.toString()));
        known.put("__DIR__", PhpValue.of(siteDir.toString()));
        known.put("__FILE__", PhpValue.of(file.toString()));
        if (siteDir.getParent() != null && siteDir.getParent().equals(root.resolve("sites"))) {
            known.put("conf_path()", PhpValue.of("sites/" + siteDir.getFileName()));
        }
        return read(bytes, fileName, known, Optional.of(root));
    }

    /**
     * Reads the default connection from a file's text, knowing no constant and no file system:
     * any include after the connection is refused. Messages never contain the password.
     */
    public static DatabaseCoordinates read(String settingsPhp, String fileName) {
        return read(settingsPhp.getBytes(StandardCharsets.UTF_8), fileName, Map.of(), Optional.empty());
    }

    private static DatabaseCoordinates read(byte[] settingsPhp, String fileName, Map<String, PhpValue> known, Optional<Path> root) {
        PhpFile src = PhpFile.read(settingsPhp, fileName, known, WATCHED);
        registerSecrets(src);
        for (PhpFile.Unmodeled u : src.unmodeled()) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + " line " + u.line() + " has " + u.what()
                    + "; it may change the database connection, and this reader does not run PHP.",
                    "Set the whole connection with literal values ($databases['default']['default'] = array(...);) in "
                            + fileName + " and remove line " + u.line() + " (or move it above the connection), then run again.",
                    null);
        }
        refuseGuesses(src, fileName, root);
        Optional<Value> databases = src.variable("databases");
        if (databases.isPresent()) {
            Map<Object, Object> conn = map(map(databases.get(), fileName, "$databases").get("default"),
                    fileName, "$databases['default']");
            Object target = conn.get("default");
            if (target != null) {
                return fromArray(map(target, fileName, "$databases['default']['default']"), fileName);
            }
        }
        Optional<Object> dbUrl = src.variable("db_url").map(DrupalSettingsReader::plain);
        if (databases.isEmpty() && dbUrl.isPresent()) {
            Object url = dbUrl.get();
            if (url instanceof Map<?, ?> m) {
                url = m.get("default");
            }
            known(url, fileName, "$db_url");
            if (url instanceof String s) {
                Object p = src.variable("db_prefix").map(DrupalSettingsReader::plain).orElse("");
                known(p, fileName, "$db_prefix");
                p = p instanceof Map<?, ?> pm ? pm.get("default") : p;
                known(p, fileName, "$db_prefix");
                String prefix = p == null ? "" : p instanceof String ps ? ps : null;
                if (prefix == null) {
                    throw notReadable(fileName, 0, "$db_prefix", "not a string");
                }
                return DatabaseCoordinates.fromDsn(s.replaceFirst("^mysqli?://", "mysql://")).withTablePrefix(prefix);
            }
        }
        throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + " defines no $databases['default']['default'] connection"
                + " (nor a D6 $db_url).",
                "Write the connection as literal values in " + fileName + ", e.g. $databases['default']['default'] = array("
                        + "'driver' => 'mysql', 'database' => ..., 'username' => ..., 'password' => ..., 'host' => ..., 'prefix' => '');",
                null);
    }

    /**
     * Registers the file's secrets before anything can fail, so that nothing this process writes
     * shows them: {@code $drupal_hash_salt}, the password of every {@code $databases} entry (every
     * key and target) and every {@code $db_url}.
     */
    private static void registerSecrets(PhpFile src) {
        src.variable("drupal_hash_salt").map(DrupalSettingsReader::plain).ifPresent(v -> {
            if (v instanceof String salt) {
                Secrets.registerKey(salt);
            }
        });
        src.variable("databases").map(DrupalSettingsReader::plain).ifPresent(DrupalSettingsReader::registerPasswords);
        src.variable("db_url").map(DrupalSettingsReader::plain).ifPresent(v -> {
            if (v instanceof String url) {
                Secrets.registerDsn(url);
            } else if (v instanceof Map<?, ?> urls) {
                urls.values().forEach(u -> Secrets.registerDsn(u instanceof String s ? s : null));
            }
        });
    }

    private static void registerPasswords(Object value) {
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if ("password".equals(e.getKey()) && e.getValue() instanceof String password) {
                    Secrets.register(password);
                } else {
                    registerPasswords(e.getValue());
                }
            }
        }
    }

    /**
     * A read value in plain Java terms: a string (its bytes decoded as UTF-8), a Long, a Boolean,
     * null, an ordered Map (keys String, Long or Unknown) or an {@link Unknown}; a float or an
     * object stays a {@link PhpValue}.
     */
    private static Object plain(Value v) {
        if (v instanceof Unknown u) {
            return u;
        }
        Optional<List<PhpFile.Entry>> entries = v.entries();
        if (entries.isPresent()) {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (PhpFile.Entry e : entries.get()) {
                m.put(plain(e.key()), plain(e.value()));
            }
            return m;
        }
        PhpValue p = v.known().orElseThrow();
        if (p instanceof PhpValue.Str s) {
            return s.text();
        } else if (p instanceof PhpValue.Int n) {
            return n.value();
        } else if (p instanceof PhpValue.Bool b) {
            return b.value();
        } else if (p instanceof PhpValue.Null) {
            return null;
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object value, String fileName, String what) {
        Object v = value instanceof Value pv ? plain(pv) : value;
        known(v, fileName, what);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw notReadable(fileName, 0, what, "not an array");
        }
        for (Object k : m.keySet()) {
            known(k, fileName, "a key of " + what);
        }
        return (Map<Object, Object>) m;
    }

    private static void known(Object v, String fileName, String what) {
        if (v instanceof Unknown u) {
            throw notReadable(fileName, u.line(), what, u.what());
        }
    }

    private static UpgradeException notReadable(String fileName, int line, String what, String why) {
        String where = fileName + (line > 0 ? " line " + line : "");
        return new UpgradeException(ErrorCode.SITE_INVALID, where + ": " + what + " is " + why
                + "; which database Drupal uses cannot be known without guessing, and this reader never guesses.",
                "Write " + what + " as a literal value (the one this site really uses for web requests) in " + where
                        + ", then run again.", null);
    }

    private static void refuseGuesses(PhpFile src, String fileName, Optional<Path> root) {
        int lastWhole = 0;
        for (String var : List.of("databases", "db_url", "db_prefix")) {
            for (PhpFile.Assignment a : src.assignments(var)) {
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
        for (PhpFile.Include include : src.includes()) {
            if (include.line() <= lastWhole) {
                continue;
            }
            Optional<String> named = include.target().known().flatMap(PhpValue::stringValue);
            Optional<Path> target = root.filter(r -> named.isPresent()).map(r -> r.resolve(named.get()));
            if (include.guarded() && target.isPresent() && !Files.exists(target.get())) {
                continue; // if (file_exists(X)) include X; with no X does nothing
            }
            String which = target.map(t -> " (" + root.get().relativize(t.normalize()) + ", which exists)").orElse("");
            throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + " line " + include.line()
                    + " includes another PHP file" + which + " after (or instead of) the database connection; it may change"
                    + " $databases, and this reader does not run PHP.",
                    "Set the whole connection ($databases['default']['default'] = array(...);) in " + fileName
                            + " after the include, or move the include above it, then run again.", null);
        }
    }

    private static DatabaseCoordinates fromArray(Map<Object, Object> conn, String fileName) {
        String where = "$databases['default']['default']";
        for (String key : CHOOSING_KEYS) {
            known(conn.get(key), fileName, "'" + key + "' in " + where);
        }
        Object socket = conn.get("unix_socket");
        if (socket != null) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + " connects Drupal through a Unix socket ('unix_socket' in "
                    + where + "); the MySQL driver used here (Connector/J) connects over TCP only.",
                    "Make MySQL/MariaDB listen on TCP too, and in " + fileName + " replace 'unix_socket' with the 'host' and"
                            + " 'port' of that listener (the same server), then run again.", null);
        }
        Object driverValue = conn.get("driver");
        if (driverValue == null) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + ": " + where + " has no 'driver'; Drupal 7 then reads it"
                    + " as a list of replica connections and picks one at random.",
                    "Add 'driver' => 'mysql' to " + where + " in " + fileName + ", then run again.", null);
        }
        String driver = str(driverValue, fileName, "driver");
        if (!driver.equals("mysql")) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + " uses the database driver '" + driver
                    + "'; CiviCRM needs MySQL or MariaDB.", "Only MySQL/MariaDB sites can be upgraded.", null);
        }
        String database = str(conn.get("database"), fileName, "database");
        if (database.isEmpty()) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + " names no database in " + where + ".",
                    "Add a literal 'database' => '...' entry.", null);
        }
        String host = str(conn.get("host"), fileName, "host");
        int port = port(conn.get("port"), fileName);
        String prefix = prefix(conn.get("prefix"), fileName);
        String user = str(conn.get("username"), fileName, "username");
        String password = str(conn.get("password"), fileName, "password");
        for (String[] v : new String[][] {{"password", password}, {"username", user}, {"database", database}, {"host", host},
            {"prefix", prefix}}) {
            if (v[1].indexOf('\uFFFD') >= 0) {
                throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + ": the '" + v[0] + "' in " + where
                        + " is not valid UTF-8 (the file holds it in another encoding, e.g. Latin-1); PHP passes its bytes"
                        + " unchanged to MySQL, and this tool would send other bytes.",
                        "Save " + fileName + " as UTF-8 with the same " + v[0] + " (and change it in MySQL if its bytes differ),"
                                + " or use an ASCII " + v[0] + ", then run again.", null);
            }
        }
        if (!host.isEmpty() && !host.matches("[A-Za-z0-9._-]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + ": the 'host' in " + where + " is not a host name or an IP"
                    + " address (Drupal hands it to PDO as it is; a port belongs in 'port').",
                    "Write 'host' => 'db.example.org', 'port' => '3307' in " + fileName + ", then run again.", null);
        }
        return new DatabaseCoordinates(host.isEmpty() ? "localhost" : host, port, database, user, Secret.of(password), prefix, Map.of());
    }

    /** Drupal 7 uses 3306 when the port is empty (absent, '', 0, '0', null, false). */
    private static int port(Object p, String fileName) {
        if (p == null || Boolean.FALSE.equals(p) || "".equals(p) || "0".equals(p) || Long.valueOf(0).equals(p)) {
            return 3306;
        }
        if (p instanceof Long l && l > 0 && l <= 65535) {
            return l.intValue();
        }
        if (p instanceof String s && s.matches("[0-9]{1,5}") && Integer.parseInt(s) > 0 && Integer.parseInt(s) <= 65535) {
            return Integer.parseInt(s);
        }
        throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + ": the database 'port' is not a TCP port number (1-65535).",
                "Write the port as digits ('port' => '3306') or leave it empty in " + fileName + ", then run again.", null);
    }

    private static String prefix(Object value, String fileName) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                known(e.getKey(), fileName, "a key of 'prefix'");
                known(e.getValue(), fileName, "'prefix' => array(" + e.getKey() + " => ...)");
                if (!(e.getValue() instanceof String)) {
                    throw notReadable(fileName, 0, "'prefix' => array(" + e.getKey() + " => ...)", "not a string");
                }
            }
            Object d = m.get("default");
            return d == null ? "" : (String) d;
        }
        throw notReadable(fileName, 0, "'prefix'", "neither a string nor an array");
    }

    /** A string value; absent (null) is PHP's null, which PDO takes as ''. */
    private static String str(Object v, String fileName, String key) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Long l) {
            return Long.toString(l);
        }
        throw notReadable(fileName, 0, "'" + key + "'", "not a string");
    }
}
