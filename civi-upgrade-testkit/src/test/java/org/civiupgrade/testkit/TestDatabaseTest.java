package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Secret;
import org.junit.jupiter.api.Test;

@WithTestDatabase
class TestDatabaseTest {
    @Test
    void eachTestGetsAnEmptySchemaThatTakesUtf8mb4(TestDatabase db) {
        assertThat(db.queryColumn("SHOW TABLES")).isEmpty();
        db.execute("CREATE TABLE t (v VARCHAR(10)) DEFAULT CHARSET utf8mb4");
        db.update("INSERT INTO t VALUES (?)", "a\uD83D\uDE00b");
        assertThat(db.queryString("SELECT v FROM t")).isEqualTo("a\uD83D\uDE00b");
        assertThat(db.queryString("SELECT @@session.time_zone")).isEqualTo("+00:00");
    }

    @Test
    void serverAcceptsUsersWithLimitedPrivileges(TestDatabase db) throws Exception {
        String user = "lim" + Long.toHexString(System.nanoTime() & 0xffffff);
        db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw1'",
                "GRANT SELECT ON `" + db.name() + "`.* TO '" + user + "'@'%'");
        try (var c = TestDatabase.connect(DatabaseCoordinates.of(db.server().host(), db.server().port(),
                db.name(), user, Secret.of("pw1")))) {
            var rs = c.createStatement().executeQuery("SELECT CURRENT_USER()");
            rs.next();
            assertThat(rs.getString(1)).startsWith(user + "@");
            assertThatThrownBy(() -> c.createStatement().execute("CREATE TABLE x (i INT)"))
                    .hasMessageContaining("denied");
        } finally {
            db.execute("DROP USER '" + user + "'@'%'");
        }
    }
}
