package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Secret;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of failed login to the real server fails within seconds, once, with its own error
 * code, the server's message and a remedy naming what to fix, and never shows the password. (A
 * pool that retried the login used to take four 30-second time-outs and say only "Connection is
 * not available".) The bound on the time is generous: it tells "at once" from "after the pool's
 * time-outs", it is no benchmark.
 */
@WithTestDatabase
class DatabaseLoginFailureTest {
    private static final Duration AT_ONCE = Duration.ofSeconds(10);
    private static final String PASSWORD = "Pw-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-secret";

    private final List<String> users = new ArrayList<>();
    private TestDatabase admin;

    @AfterEach
    void dropUsers() {
        for (String u : users) {
            for (String host : DefinerTest.HOSTS) {
                admin.execute("DROP USER IF EXISTS '" + u + "'@'" + host + "'");
            }
        }
    }

    /** A user of its own, every host form, with the given GRANT on the test database and account options. */
    private DatabaseCoordinates user(TestDatabase db, String privileges, String accountOptions) {
        admin = db;
        String user = "cuv_login_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000));
        users.add(user);
        for (String host : DefinerTest.HOSTS) {
            db.execute("CREATE USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + PASSWORD + "' " + accountOptions,
                    "GRANT " + privileges + " ON `" + db.name() + "`.* TO '" + user + "'@'" + host + "'");
        }
        return DatabaseCoordinates.of(db.coordinates().host(), db.coordinates().port(), db.name(), user, Secret.of(PASSWORD));
    }

    private static UpgradeException refused(DatabaseCoordinates c) {
        long start = System.nanoTime();
        Throwable thrown = null;
        try {
            AutoCloseable pool = (AutoCloseable) new MySqlDataSourceFactory().open(c);
            pool.close();
        } catch (Throwable t) {
            thrown = t;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(thrown).as("opening " + c).isInstanceOf(UpgradeException.class);
        assertThat(took).as("time to refuse " + c).isLessThan(AT_ONCE);
        UpgradeException e = (UpgradeException) thrown;
        assertThat(e.getMessage() + e.remedy() + e).doesNotContain(PASSWORD);
        assertThat(e.getMessage()).contains(c.toString());
        return e;
    }

    @Test
    void aWrongPasswordIsRefusedAtOnceWithTheServersMessage(TestDatabase db) {
        DatabaseCoordinates right = user(db, "ALL PRIVILEGES", "");
        DatabaseCoordinates wrong = DatabaseCoordinates.of(right.host(), right.port(), right.database(), right.user(),
                Secret.of(PASSWORD + "-wrong"));
        UpgradeException e = refused(wrong);
        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ACCESS_DENIED);
        assertThat(e.getMessage()).contains("Access denied for user '" + right.user() + "'", "(using password: YES)");
        assertThat(e.remedy()).contains("user or password", "ALTER USER");
        assertThat(e.getMessage() + e.remedy()).doesNotContain(PASSWORD + "-wrong");
    }

    @Test
    void anUnknownHostIsNamed(TestDatabase db) {
        DatabaseCoordinates c = DatabaseCoordinates.of("db.civi-upgrade-test.invalid", 3306, db.name(), "civi", Secret.of(PASSWORD));
        UpgradeException e = refused(c);
        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNREACHABLE);
        assertThat(e.getMessage()).contains("'db.civi-upgrade-test.invalid' does not resolve");
        assertThat(e.remedy()).contains("Correct the host", "db.civi-upgrade-test.invalid");
    }

    @Test
    void aPortNobodyListensOnIsNamed(TestDatabase db) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        DatabaseCoordinates c = DatabaseCoordinates.of("127.0.0.1", port, db.name(), "civi", Secret.of(PASSWORD));
        UpgradeException e = refused(c);
        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNREACHABLE);
        assertThat(e.getMessage()).contains("Nothing accepts connections on 127.0.0.1:" + port);
        assertThat(e.remedy()).contains("listens on 127.0.0.1:" + port);
    }

    @Test
    void anUnknownDatabaseIsNamed(TestDatabase db) {
        DatabaseCoordinates c = db.coordinates().withDatabase(db.name() + "_missing");
        UpgradeException e = refused(c);
        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ACCESS_DENIED);
        assertThat(e.getMessage()).contains("'" + db.name() + "_missing' does not exist", "Unknown database");
        assertThat(e.remedy()).contains("Correct the database name");
    }

    @Test
    void aDatabaseTheAccountHasNoRightsOnIsRefusedWithTheGrantToGive(TestDatabase db) {
        DatabaseCoordinates own = user(db, "ALL PRIVILEGES", "");
        DatabaseCoordinates other = own.withDatabase("mysql");
        UpgradeException e = refused(other);
        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ACCESS_DENIED);
        assertThat(e.getMessage()).contains("Access denied for user '" + own.user() + "'", "to database 'mysql'");
        assertThat(e.remedy()).contains("GRANT ALL PRIVILEGES ON `mysql`.* TO '" + own.user() + "'");
    }

    @Test
    void anAccountAtItsConnectionLimitIsToldToWait(TestDatabase db) throws Exception {
        DatabaseCoordinates c = user(db, "ALL PRIVILEGES", "WITH MAX_USER_CONNECTIONS 1");
        try (Connection held = TestDatabase.connect(c)) {
            UpgradeException e = refused(c);
            assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNREACHABLE);
            assertThat(e.getMessage()).contains("refused another connection", "max_user_connections");
            assertThat(e.remedy()).contains("MAX_USER_CONNECTIONS");
        }
    }

    @Test
    void anAccountThatRequiresTlsIsRefusedWithThatNamed(TestDatabase db) {
        // the connection does not use TLS (useSSL=false), so the server refuses the login
        DatabaseCoordinates c = user(db, "ALL PRIVILEGES", "REQUIRE SSL");
        UpgradeException e = refused(c);
        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ACCESS_DENIED);
        assertThat(e.getMessage()).contains("Access denied for user '" + c.user() + "'");
        assertThat(e.remedy()).contains("REQUIRE SSL");
    }

    @Test
    void aWorkingLoginOpensThePool(TestDatabase db) throws Exception {
        DatabaseCoordinates c = user(db, "ALL PRIVILEGES", "");
        javax.sql.DataSource ds = new MySqlDataSourceFactory().open(c);
        try (Connection conn = ds.getConnection()) {
            assertThat(conn.isValid(1)).isTrue();
        } finally {
            ((AutoCloseable) ds).close();
        }
        assertThatThrownBy(() -> MySqlDataSourceFactory.probe(c.withDatabase("mysql")))
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ACCESS_DENIED));
    }
}
