package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The embedded path runs even where {@code CIVI_UPGRADE_TEST_JDBC_URL} points at another server
 * (as in CI), so a newcomer's machine, which has no server, is covered by every test run.
 */
class EmbeddedServerTest {
    @Test
    void startsAnEmbeddedMariaDbWithGrantsAndLocalInfileAndStopsIt() throws Exception {
        try (TestDatabaseServer server = TestDatabaseServer.startEmbedded(); TestDatabase db = server.createDatabase()) {
            assertThat(server.embedded()).isTrue();
            assertThat(db.queryString("SELECT VERSION()")).contains("MariaDB");
            assertThat(db.queryString("SELECT @@local_infile")).isEqualTo("1");
            assertThat(db.queryString("SELECT @@skip_grant_tables")).isIn("0", "OFF");
            assertThat(db.queryString("SELECT COUNT(*) FROM mysql.user WHERE user = ''")).isEqualTo("0");
            assertThat(server.clientBinary("mariadb-dump")).isPresent();
        }
    }
}
