package org.civiupgrade.testkit;

import java.io.PrintWriter;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A database that cannot be reached: every connection attempt fails with SQL state {@code 08S01}
 * (communication link failure), as when the server is down. For checking that code reports an
 * unreachable database instead of throwing, or that code never touches the database at all.
 */
public final class UnreachableDatabase implements DataSource {
    @Override
    public java.sql.Connection getConnection() throws SQLException {
        throw new SQLException("Communications link failure: the database server cannot be reached (test)", "08S01");
    }

    @Override
    public java.sql.Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
        return java.util.logging.Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
