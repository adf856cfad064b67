package org.civiupgrade.mysql.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;

/**
 * Names why a login to MySQL/MariaDB failed, from the driver's exception: the server's error
 * number (1045 wrong password, 1044 no rights on the database, 1049 unknown database, 1130 host
 * not allowed, 1040/1203/1226 too many connections, 1129 host blocked) or, when no server
 * answered, the network cause Connector/J wraps (an unknown host, a refused port, a time-out, a
 * failed TLS handshake). Messages quote the server (which never echoes the password) and never
 * contain the password.
 */
public final class ConnectFailure {
    private ConnectFailure() {
    }

    /**
     * The failure to report for an exception thrown while opening a connection, or empty when the
     * exception is not about the login (a statement error, which callers report as before).
     *
     * @param e                the driver's exception (possibly wrapped by a pool)
     * @param db               where the login went (the password is never used)
     * @param connectTimeoutMs the connect time-out in force, for the message
     */
    public static Optional<UpgradeException> classify(SQLException e, DatabaseCoordinates db, long connectTimeoutMs) {
        return find(e, db, connectTimeoutMs).map(u -> new UpgradeException(u.code(), "Cannot connect to " + db + ": "
                + u.getMessage(), u.remedy(), e));
    }

    private static Optional<UpgradeException> find(SQLException e, DatabaseCoordinates db, long connectTimeoutMs) {
        String where = db.host() + ":" + db.port();
        String who = "'" + db.user() + "'";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                Optional<UpgradeException> byCode = byServerError(s, db, where, who);
                if (byCode.isPresent()) {
                    return byCode;
                }
            }
            if (t instanceof UnknownHostException) {
                return Optional.of(unreachable("The database host name '" + db.host() + "' does not resolve (unknown host).",
                        "Correct the host in the database settings: '" + db.host() + "' is not a known host name "
                                + "on this machine (check its spelling and the DNS or /etc/hosts).", e));
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return Optional.of(unreachable("Nothing accepts connections on " + where + " (" + t.getMessage() + ").",
                        "Check that the database server runs and listens on " + where + " (its 'port' and 'bind-address' "
                                + "settings), or correct the host and port in the database settings.", e));
            }
            if (t instanceof SocketTimeoutException) {
                return Optional.of(unreachable("The database server at " + where + " did not answer within "
                        + connectTimeoutMs / 1000 + " s.", "Check that " + where + " is the database server and that no "
                        + "firewall drops the connection, or correct the host and port in the database settings.", e));
            }
            if (t instanceof SSLException) {
                return Optional.of(unreachable("The TLS handshake with the database server at " + where + " failed: "
                        + t.getMessage(), "Make the server and the account accept the connection as configured in the "
                        + "database settings (TLS required by the server or by the account's REQUIRE SSL).", e));
            }
        }
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) {
            return Optional.of(unreachable("The database server at " + where + " cannot be reached: " + firstLine(e) + ".",
                    "Check that the database server runs and accepts connections from this machine on " + where
                            + ", or correct the host and port in the database settings.", e));
        }
        return Optional.empty();
    }

    private static Optional<UpgradeException> byServerError(SQLException s, DatabaseCoordinates db, String where, String who) {
        String server = firstLine(s);
        String grant = "GRANT ALL PRIVILEGES ON `" + db.database() + "`.* TO " + who + "@'<this machine>'";
        return switch (s.getErrorCode()) {
            case 1045 -> Optional.of(denied("The database server at " + where + " refused the login: " + server + ".",
                    "Correct the user or password in the database settings (the password as MySQL knows it for "
                            + who + " from this machine), or set it on the server with ALTER USER. If the account requires "
                            + "TLS (REQUIRE SSL), connect with an account that does not.", s));
            case 1044 -> Optional.of(denied("The database server at " + where + " refused the database: " + server + ".",
                    "Give the account its rights on the database (" + grant + "), or name the database it may use in the "
                            + "database settings.", s));
            case 1049 -> Optional.of(denied("The database '" + db.database() + "' does not exist on " + where + ": "
                    + server + ".", "Correct the database name in the database settings, or restore the "
                    + "site's database on that server.", s));
            case 1130 -> Optional.of(denied("The database server at " + where + " does not let " + who
                    + " connect from this machine: " + server + ".", "Create the account for this machine's host on the "
                    + "server (CREATE USER and " + grant + "), or run civi-upgrade on a host the account may connect from.", s));
            case 1040, 1203, 1226 -> Optional.of(unreachable("The database server at " + where + " refused another "
                    + "connection: " + server + ".", "Wait until fewer clients are connected, or raise the server's "
                    + "max_connections (or the account's MAX_USER_CONNECTIONS), then run again.", s));
            case 1129 -> Optional.of(unreachable("The database server at " + where + " blocks this machine: " + server + ".",
                    "Unblock it on the server with 'mariadb-admin flush-hosts' (FLUSH HOSTS), then run again.", s));
            case 3159 -> Optional.of(unreachable("The database server at " + where + " requires TLS: " + server + ".",
                    "Connect to a server or account that does not require secure transport, then run again.", s));
            default -> Optional.empty();
        };
    }

    private static UpgradeException unreachable(String message, String remedy, SQLException cause) {
        return new UpgradeException(ErrorCode.DATABASE_UNREACHABLE, message, remedy, cause);
    }

    private static UpgradeException denied(String message, String remedy, SQLException cause) {
        return new UpgradeException(ErrorCode.DATABASE_ACCESS_DENIED, message, remedy, cause);
    }

    private static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
