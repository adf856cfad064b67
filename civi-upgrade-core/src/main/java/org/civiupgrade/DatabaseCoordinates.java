package org.civiupgrade;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a database is and how to log in: what a CiviCRM DSN or a Drupal {@code $databases}
 * entry describes. The password is a {@link Secret}; {@link #toString()} is safe to log.
 *
 * @param host        host name or IP address ({@code localhost} by default)
 * @param port        TCP port, 3306 by default
 * @param database    schema name
 * @param user        user name
 * @param password    password (never printed)
 * @param tablePrefix the CMS table prefix ({@code ""} for none); CiviCRM itself uses none
 * @param options     extra driver options from the DSN query string (e.g. {@code new_link})
 */
public record DatabaseCoordinates(String host, int port, String database, String user, Secret password,
                                  String tablePrefix, Map<String, String> options) {
    public DatabaseCoordinates {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        tablePrefix = tablePrefix == null ? "" : tablePrefix;
        options = Map.copyOf(options == null ? Map.of() : options);
        if (port <= 0 || port > 65535) {
            throw new UpgradeException(ErrorCode.INVALID_INPUT, "Database port " + port + " is out of range 1-65535.");
        }
    }

    public static DatabaseCoordinates of(String host, int port, String database, String user, Secret password) {
        return new DatabaseCoordinates(host, port, database, user, password, "", Map.of());
    }

    /**
     * Parses a CiviCRM DSN, {@code mysql://user:pass@host[:port]/db?new_link=true} (also
     * {@code mysqli://}): the user-info ends at the last {@code @}, user and password split at the
     * first {@code :}, each part is URL-decoded like PHP's {@code rawurldecode}. A host of the form
     * {@code unix(/path)} or {@code host:port} is understood; query options are kept.
     *
     * @throws UpgradeException {@link ErrorCode#INVALID_INPUT} without echoing the password
     */
    public static DatabaseCoordinates fromDsn(String dsn) {
        java.util.Objects.requireNonNull(dsn, "dsn");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)^(mysqli?)://(.*)$").matcher(dsn.trim());
        if (!m.matches()) {
            throw new UpgradeException(ErrorCode.INVALID_INPUT, "The DSN does not start with mysql:// or mysqli://.",
                    "Write it as mysql://user:password@host/database?new_link=true.", null);
        }
        String rest = m.group(2);
        // like PEAR DB's parseDSN: the user-info ends at the last '@' of the whole DSN (a raw '?' may
        // sit in the password); the query string starts at the first '?' after it
        int at = rest.lastIndexOf('@');
        String userInfo = at >= 0 ? rest.substring(0, at) : "";
        String hostPath = at >= 0 ? rest.substring(at + 1) : rest;
        String query = "";
        int q = hostPath.indexOf('?');
        if (q >= 0) {
            query = hostPath.substring(q + 1);
            hostPath = hostPath.substring(0, q);
        }
        int slash = hostPath.indexOf('/');
        if (slash < 0 || slash == hostPath.length() - 1) {
            throw new UpgradeException(ErrorCode.INVALID_INPUT, "The DSN names no database (expected .../database after the host).",
                    "Write it as mysql://user:password@host/database?new_link=true.", null);
        }
        String hostPort = hostPath.substring(0, slash);
        String database = rawUrlDecode(hostPath.substring(slash + 1));
        String user = userInfo;
        String password = "";
        int colon = userInfo.indexOf(':');
        if (colon >= 0) {
            user = userInfo.substring(0, colon);
            password = userInfo.substring(colon + 1);
        }
        String host = hostPort;
        int port = 3306;
        if (hostPort.startsWith("unix(") && hostPort.endsWith(")")) {
            host = "localhost";
        } else if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            host = hostPort.substring(1, Math.max(1, end));
            if (end >= 0 && end + 1 < hostPort.length() && hostPort.charAt(end + 1) == ':') {
                port = parsePort(hostPort.substring(end + 2));
            }
        } else if (hostPort.contains(":")) {
            host = hostPort.substring(0, hostPort.lastIndexOf(':'));
            port = parsePort(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        }
        if (host.isEmpty()) {
            host = "localhost";
        }
        Map<String, String> options = new TreeMap<>();
        for (String kv : query.split("&")) {
            if (!kv.isEmpty()) {
                String[] p = kv.split("=", 2);
                options.put(rawUrlDecode(p[0]), p.length > 1 ? rawUrlDecode(p[1]) : "");
            }
        }
        return new DatabaseCoordinates(rawUrlDecode(host), port, database, rawUrlDecode(user),
                Secret.of(rawUrlDecode(password)), "", options);
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UpgradeException(ErrorCode.INVALID_INPUT, "The DSN's port '" + text + "' is not a number.",
                    "Write the port as digits after the host, e.g. localhost:3306.", null);
        }
    }

    /** PHP's rawurldecode: %XX sequences become bytes (UTF-8), '+' stays '+'. */
    static String rawUrlDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] in = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && isHex(in[i + 1]) && isHex(in[i + 2])) {
                out.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    /** The same server and login, another schema (a scratch or logging database). */
    public DatabaseCoordinates withDatabase(String otherDatabase) {
        return new DatabaseCoordinates(host, port, otherDatabase, user, password, tablePrefix, options);
    }

    /** The same coordinates with another table prefix. */
    public DatabaseCoordinates withTablePrefix(String prefix) {
        return new DatabaseCoordinates(host, port, database, user, password, prefix, options);
    }

    /**
     * A Connector/J URL for these coordinates, with the options civi-upgrade relies on
     * (UTF-8 transport, local infile streams, batched rewrites). It holds no password.
     */
    public String jdbcUrl() {
        Map<String, String> params = new TreeMap<>();
        params.put("characterEncoding", "UTF-8");
        params.put("connectionTimeZone", "UTC");
        params.put("forceConnectionTimeZoneToSession", "true");
        params.put("allowLoadLocalInfile", "true");
        params.put("rewriteBatchedStatements", "true");
        params.put("zeroDateTimeBehavior", "CONVERT_TO_NULL");
        params.put("useSSL", "false");
        params.put("allowPublicKeyRetrieval", "true");
        StringBuilder url = new StringBuilder("jdbc:mysql://").append(host.contains(":") ? "[" + host + "]" : host)
                .append(':').append(port).append('/').append(database);
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            url.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = '&';
        }
        return url.toString();
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + "/" + database + (tablePrefix.isEmpty() ? "" : " (prefix " + tablePrefix + ")");
    }
}
