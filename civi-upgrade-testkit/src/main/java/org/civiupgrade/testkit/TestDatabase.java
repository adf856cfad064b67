package org.civiupgrade.testkit;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.civiupgrade.DatabaseCoordinates;
import org.jspecify.annotations.Nullable;

/**
 * A fresh schema for one test, on the {@link TestDatabaseServer}. {@link #close()} drops it.
 */
public final class TestDatabase implements AutoCloseable {
    private final TestDatabaseServer server;
    private final String name;

    TestDatabase(TestDatabaseServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** The schema name. */
    public String name() {
        return name;
    }

    /** The server. */
    public TestDatabaseServer server() {
        return server;
    }

    /** Admin coordinates for this schema. */
    public DatabaseCoordinates coordinates() {
        return server.admin(name);
    }

    /** An unpooled data source for this schema (utf8mb4, UTC session). */
    public DataSource dataSource() {
        return dataSource(coordinates());
    }

    /** An unpooled data source for any coordinates. */
    public static DataSource dataSource(DatabaseCoordinates c) {
        return new SimpleDataSource(c);
    }

    /** Opens a connection with utf8mb4 and a UTC session time zone. */
    public static Connection connect(DatabaseCoordinates c) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", c.user());
        p.setProperty("password", c.password().reveal());
        Connection conn = DriverManager.getConnection(c.jdbcUrl(), p);
        try (Statement st = conn.createStatement()) {
            st.execute("SET NAMES utf8mb4");
            st.execute("SET time_zone = '+00:00'");
        }
        return conn;
    }

    /** Runs statements in order. */
    public void execute(String... sql) {
        try (Connection c = connect(coordinates()); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs a parameterised update; returns the update count. */
    public int update(String sql, Object... args) {
        try (Connection c = connect(coordinates()); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + name + ": " + e.getMessage(), e);
        }
    }

    /** The first column of every row, as strings (null stays null). */
    public List<String> queryColumn(String sql, Object... args) {
        try (Connection c = connect(coordinates()); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] b = rs.getBytes(1);
                    out.add(b == null ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + name + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row, or null. */
    public @Nullable String queryString(String sql, @Nullable Object... args) {
        List<String> col = queryColumn(sql, args);
        return col.isEmpty() ? null : col.get(0);
    }

    /** The first column of the first row as raw bytes, or null. */
    public byte @Nullable [] queryBytes(String sql, @Nullable Object... args) {
        try (Connection c = connect(coordinates()); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (Connection c = connect(server.admin("mysql")); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS `" + name + "`");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name + " on " + server;
    }

    private static final class SimpleDataSource implements DataSource {
        private final DatabaseCoordinates c;

        SimpleDataSource(DatabaseCoordinates c) {
            this.c = c;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return connect(c);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // unused
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // unused
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
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
}
