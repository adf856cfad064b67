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
