package org.civiupgrade.mysql;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells HikariCP which MySQL/MariaDB errors leave the connection usable. HikariCP evicts a
 * connection on SQLSTATE class {@code 08} and also on {@code 0A000} ("feature not supported"),
 * which MariaDB reports for statement refusals such as error 1846 ({@code ALGORITHM=INSTANT} not
 * possible for an indexed column): the restore expects and handles those, and must keep its
 * connection. An error the server itself answered (error codes 1000–1999 and 3000–4999, the
 * server's range; 2000–2999 are the client's) in a statement-error class (SQLSTATE {@code 0A},
 * {@code 21}, {@code 22}, {@code 23}, {@code 40}, {@code 42}, {@code 44}, {@code HY}) leaves the
 * session open, so the connection is kept. Everything else (communication failures {@code 08*},
 * a killed connection {@code 70100}, client-side errors) keeps HikariCP's own judgement.
 *
 * <p>Configured on every pool of {@link MySqlDataSourceFactory} through
 * {@code HikariConfig.setExceptionOverrideClassName}; public with a no-argument constructor so
 * HikariCP can create it.
 */
public final class MySqlStatementErrors implements SQLExceptionOverride {
    private static final Set<String> STATEMENT_CLASSES = Set.of("0A", "21", "22", "23", "40", "42", "44", "HY");

    /** For HikariCP. */
    public MySqlStatementErrors() {
    }

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        return isStatementError(e) ? Override.DO_NOT_EVICT : Override.CONTINUE_EVICT;
    }

    /** True when the server answered {@code e} as an error of the statement, the session intact. */
    public static boolean isStatementError(SQLException e) {
        String state = e.getSQLState();
        int code = e.getErrorCode();
        boolean serverCode = (code >= 1000 && code < 2000) || (code >= 3000 && code < 5000);
        return state != null && state.length() == 5 && serverCode && code != 1927 && code != 1053
                && STATEMENT_CLASSES.contains(state.substring(0, 2));
    }
}
