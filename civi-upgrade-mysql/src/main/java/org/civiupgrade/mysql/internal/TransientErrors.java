package org.civiupgrade.mysql.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * MySQL/MariaDB errors that a retry of the same work can overcome: 1205 (lock wait timeout; MariaDB
 * 10.6+ also reports it at once for DDL on a table whose foreign-key parent or child another
 * session is changing), 1213 (deadlock), and a lost connection (SQLSTATE class {@code 08}, client
 * errors 2006 and 2013, server error 1927 "connection was killed"). Anything else (a refused
 * privilege, a corrupt data file, a full disk) fails the same way again and is not retried.
 */
public final class TransientErrors {
    /** How often the restore tries one table's work before giving up. */
    public static final int ATTEMPTS = 4;

    private TransientErrors() {
    }

    /** True when {@code e}, or an error it wraps, is one a retry can overcome. */
    public static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && retryable(s)) {
                return true;
            }
            if (t instanceof IOException && t.getClass().getName().startsWith("java.net")) {
                return true;
            }
        }
        return false;
    }

    private static boolean retryable(SQLException s) {
        int code = s.getErrorCode();
        String state = s.getSQLState() == null ? "" : s.getSQLState();
        return code == 1205 || code == 1213 || code == 1927 || code == 2006 || code == 2013 || state.startsWith("08")
                || s instanceof SQLRecoverableException || s instanceof SQLTransientException;
    }

    /** The pause before attempt {@code attempt} (2, 3, ...): 250 ms, 500 ms, 1 s. */
    public static void pauseBefore(int attempt) {
        try {
            Thread.sleep(125L << Math.min(attempt - 1, 4));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
