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

    /**
     * Coordinates without a table prefix and without driver options.
     *
     * @param host     the server's host name or address
     * @param port     the TCP port, 1-65535
     * @param database the schema name
     * @param user     the user name
     * @param password the password ({@link Secret#empty()} for none)
     * @return the coordinates
     * @throws UpgradeException {@link ErrorCode#INVALID_INPUT} when the port is out of range
     */
    public static DatabaseCoordinates of(String host, int port, String database, String user, Secret password) {
        return new DatabaseCoordinates(host, port, database, user, password, "", Map.of());
    }

    /**
     * Parses a CiviCRM DSN, {@code mysql://user:pass@host[:port]/db?new_link=true} (also
     * {@code mysqli://}), as PEAR DB's {@code parseDSN} (which CiviCRM uses) reads it: the
     * user-info ends at the last {@code @}, user and password split at the first {@code :}, each
     * part is URL-decoded like PHP's {@code rawurldecode}; {@code host:port},
     * {@code [ipv6]:port}, {@code tcp(host:port)} and {@code tcp+host} are understood; query
     * options are kept.
     *
     * <p>Refused: a Unix socket ({@code unix(/path)}: Connector/J connects over TCP only), another
     * protocol, a port that is not 1-65535, no database, and a user or password that is not
     * valid UTF-8 (a Latin-1 settings file, or a {@code %E9} escape): PHP hands MySQL those
     * bytes, which this tool could not send.
     *
     * @throws UpgradeException {@link ErrorCode#INVALID_INPUT}; its message, remedy and cause never
     *                          contain any part of the user-info (user or password) nor of what may be one
     */
    public static DatabaseCoordinates fromDsn(String dsn) {
        java.util.Objects.requireNonNull(dsn, "dsn");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?is)^(mysqli?)://(.*)$").matcher(dsn.trim());
        if (!m.matches()) {
            throw new UpgradeException(ErrorCode.INVALID_INPUT, "The DSN does not start with mysql:// or mysqli://.",
                    "Write it as mysql://user:password@host/database?new_link=true.", null);
        }
        String rest = m.group(2);
        // like PEAR DB's parseDSN: the user-info ends at the last '@' of the whole DSN (a raw '?' may
        // sit in the password); the query string starts at the first '?' after the database's '/'
        int at = rest.lastIndexOf('@');
        String userInfo = at >= 0 ? rest.substring(0, at) : "";
        String afterAt = at >= 0 ? rest.substring(at + 1) : rest;
        String noAt = at < 0 ? " The DSN has no '@': a user and password must be followed by '@' and the host." : "";
        String hostPort;
        String path;
        java.util.regex.Matcher proto = java.util.regex.Pattern.compile("(?s)^([^(/]+)\\((.*?)\\)/?(.*)$").matcher(afterAt);
        if (proto.matches()) {
            String protocol = proto.group(1).toLowerCase(java.util.Locale.ROOT);
            if (protocol.equals("unix")) {
                throw new UpgradeException(ErrorCode.INVALID_INPUT, "The DSN connects through a Unix socket (unix(...)); the MySQL"
                        + " driver used here (Connector/J) connects over TCP only.",
                        "Make MySQL/MariaDB listen on TCP too and write the DSN with the host and port of that listener (the same"
                                + " server), e.g. mysql://user:password@127.0.0.1:3306/database?new_link=true.", null);
            }
            if (!protocol.equals("tcp")) {
                throw new UpgradeException(ErrorCode.INVALID_INPUT, "The DSN names a connection protocol other than tcp.",
                        "Write it as mysql://user:password@host:port/database?new_link=true.", null);
            }
            hostPort = proto.group(2);
            path = proto.group(3);
        } else {
            int slash = afterAt.indexOf('/');
            hostPort = slash < 0 ? afterAt : afterAt.substring(0, slash);
            path = slash < 0 ? "" : afterAt.substring(slash + 1);
            int plus = hostPort.indexOf('+');
            if (plus >= 0) {
                if (!hostPort.substring(0, plus).equalsIgnoreCase("tcp")) {
                    throw new UpgradeException(ErrorCode.INVALID_INPUT, "The DSN's host part has a '+', which names a connection"
                            + " protocol other than tcp." + noAt,
                            "Write it as mysql://user:password@host:port/database?new_link=true.", null);
                }
                hostPort = hostPort.substring(plus + 1);
            }
        }
        String query = "";
        int q = path.indexOf('?');
        if (q >= 0) {
            query = path.substring(q + 1);
            path = path.substring(0, q);
        }
        if (path.isEmpty()) {
            throw new UpgradeException(ErrorCode.INVALID_INPUT, "The DSN names no database (expected .../database after the host)."
                    + noAt, "Write it as mysql://user:password@host/database?new_link=true.", null);
        }
        String database = rawUrlDecode(path, "database", true);
        String user = userInfo;
        String password = "";
        int colon = userInfo.indexOf(':');
        if (colon >= 0) {
            user = userInfo.substring(0, colon);
            password = userInfo.substring(colon + 1);
        }
        String host = hostPort;
        int port = 3306;
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            String after = end < 0 ? "" : hostPort.substring(end + 1);
            if (end < 2 || !(after.isEmpty() || after.startsWith(":"))) {
                // an unclosed or empty bracket, or text after it, is no address: never read it as localhost
                throw new UpgradeException(ErrorCode.INVALID_INPUT, "The DSN's host starts with '[' but is not an IPv6 address in"
                        + " brackets ([address] or [address]:port)." + noAt,
                        "Write it as mysql://user:password@[::1]:3306/database?new_link=true, or give a host name.", null);
            }
            host = hostPort.substring(1, end);
            if (after.startsWith(":")) {
                port = parsePort(after.substring(1), noAt);
            }
        } else if (hostPort.contains(":")) {
            host = hostPort.substring(0, hostPort.lastIndexOf(':'));
            port = parsePort(hostPort.substring(hostPort.lastIndexOf(':') + 1), noAt);
        }
        if (host.isEmpty()) {
            host = "localhost";
        }
        host = rawUrlDecode(host, "host", true);
        if (!host.matches("[A-Za-z0-9._-]+") && !(hostPort.startsWith("[") && host.matches("[0-9A-Fa-f:.]+"))) {
            // never echo it: without an '@' it may hold the user and password
            throw new UpgradeException(ErrorCode.INVALID_INPUT, "The DSN's host is not a host name or an IP address." + noAt,
                    "Write it as mysql://user:password@host:port/database?new_link=true (an IPv6 address in [brackets]).", null);
        }
        Map<String, String> options = new TreeMap<>();
        for (String kv : query.split("&")) {
            if (!kv.isEmpty()) {
                String[] p = kv.split("=", 2);
                options.put(rawUrlDecode(p[0], "option name", false), p.length > 1 ? rawUrlDecode(p[1], "option value", false) : "");
            }
        }
        return new DatabaseCoordinates(host, port, database, rawUrlDecode(user, "user", false),
                Secret.of(rawUrlDecode(password, "password", false)), "", options);
    }

    private static int parsePort(String text, String noAt) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            // never echo the text: without an '@' it may be the password
            throw new UpgradeException(ErrorCode.INVALID_INPUT, "The DSN's port (after the last ':' of the host) is not a number"
                    + " from 1 to 65535." + noAt, "Write the port as digits after the host, e.g. localhost:3306, and put '@'"
                    + " between the password and the host: mysql://user:password@host:3306/database.", null);
        }
        return Integer.parseInt(text);
    }

    /**
     * PHP's rawurldecode: %XX sequences become bytes, '+' stays '+'. The result must be UTF-8 (a
     * U+FFFD already in the text means the file's bytes were not UTF-8): PHP hands MySQL the
     * bytes, which a Java string can carry only when they are UTF-8.
     */
    static String rawUrlDecode(String s, String part, boolean showable) {
        if (s.indexOf('\uFFFD') >= 0) {
            throw notUtf8(part);
        }
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
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw notUtf8(part); // the cause is left out: it adds nothing and must not carry the bytes
        }
    }

    private static UpgradeException notUtf8(String part) {
        return new UpgradeException(ErrorCode.INVALID_INPUT, "The DSN's " + part + " is not valid UTF-8 (a settings file saved"
                + " as Latin-1, or a %XX escape of a byte that is not UTF-8); PHP passes those bytes to MySQL unchanged and this"
                + " tool cannot send the same bytes.", "Save the settings file as UTF-8 (or escape the " + part + " as %XX of its"
                + " UTF-8 bytes) so that it holds the same " + part + " MySQL knows, or change the " + part + " to ASCII in"
                + " MySQL and in the file, then run again.", null);
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
