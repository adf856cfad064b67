package org.civiupgrade.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Severity;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The server's sql_mode against zero dates in CiviCRM's date columns. The shared test server's
 * global mode is not changed: each mode is set on one session, where the same table rebuild an
 * upgrade does (ALTER TABLE copying the rows) is run to prove what the check claims.
 */
@WithTestDatabase
class SqlModeCheckTest {
    private static final String REJECTING = "STRICT_TRANS_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE";

    private static int errorOf(Statement st, String sql) {
        try {
            st.execute(sql);
            return 0;
        } catch (SQLException e) {
            return e.getErrorCode();
        }
    }

    private static String one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<SqlModeCheck.Found> scan(Connection c, String schema) throws SQLException {
        List<SqlModeCheck.Found> found = new ArrayList<>();
        SqlModeCheck.scan(c, schema, "civicrm\\_%", found);
        return found;
    }

    @Test
    void zeroDatesUnderAStrictModeAreBlockersWhoseClaimAndFixAreProvedByARealRebuild(TestDatabase db) throws SQLException {
        try (Connection c = TestDatabase.connect(db.coordinates()); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            for (String sql : List.of(
                    "CREATE TABLE civicrm_activity (id INT PRIMARY KEY, activity_date_time DATETIME NULL, created_date TIMESTAMP NULL)",
                    "INSERT INTO civicrm_activity VALUES (1, '0000-00-00 00:00:00', NULL), (2, '2024-02-29 10:00:00', '2024-03-01 00:00:00'),"
                            + " (3, '0000-00-00 00:00:00', '0000-00-00 00:00:00')",
                    "CREATE TABLE civicrm_event (id INT PRIMARY KEY, start_date DATE NULL, end_date DATE NULL)",
                    "INSERT INTO civicrm_event VALUES (1, '2020-00-10', '2020-05-00'), (2, '2021-01-01', NULL)",
                    "CREATE TABLE civicrm_mailing (id INT PRIMARY KEY, scheduled_date DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00')",
                    "CREATE TABLE civicrm_clean (id INT PRIMARY KEY, d DATE, t TIMESTAMP NULL)",
                    "INSERT INTO civicrm_clean VALUES (1, '0000-05-01', '2001-01-01 00:00:00')",
                    "CREATE TABLE d7_node (nid INT PRIMARY KEY, created DATETIME)",
                    "INSERT INTO d7_node VALUES (1, '0000-00-00 00:00:00')",
                    "CREATE VIEW civicrm_activity_en_US AS SELECT * FROM civicrm_activity")) {
                st.execute(sql);
            }
            List<SqlModeCheck.Found> found = scan(c, db.name());
            assertThat(found).extracting(f -> f.table() + "." + f.column() + ":" + f.zeroDates() + "/" + f.zeroInDates() + "/" + f.zeroDefault())
                    .containsExactlyInAnyOrder("civicrm_activity.activity_date_time:2/0/false", "civicrm_activity.created_date:1/0/false",
                            "civicrm_event.start_date:0/1/false", "civicrm_event.end_date:0/1/false",
                            "civicrm_mailing.scheduled_date:0/0/true");

            // the claim: under a rejecting mode a table copy an upgrade does (a column type change, as CiviCRM's
            // DATETIME to TIMESTAMP conversions, or any ALTER the server cannot do in place) fails with 1292 on the
            // values and any ALTER fails with 1067 on the default
            st.execute("SET SESSION sql_mode = '" + REJECTING + "'");
            SqlMode mode = SqlMode.parse(one(st, "SELECT @@SESSION.sql_mode"));
            assertThat(errorOf(st, "ALTER TABLE civicrm_activity MODIFY activity_date_time TIMESTAMP NULL")).isEqualTo(1292);
            assertThat(errorOf(st, "ALTER TABLE civicrm_activity FORCE, ALGORITHM=COPY")).isEqualTo(1292);
            assertThat(errorOf(st, "ALTER TABLE civicrm_event MODIFY start_date DATETIME NULL")).isEqualTo(1292);
            assertThat(errorOf(st, "ALTER TABLE civicrm_mailing ADD COLUMN subject VARCHAR(128)")).isEqualTo(1067);
            assertThat(errorOf(st, "ALTER TABLE civicrm_clean MODIFY d DATETIME, ALGORITHM=COPY")).isZero();

            List<CheckResult> r = SqlModeCheck.judge(mode, found);
            assertThat(r).singleElement().satisfies(x -> {
                assertThat(x.isBlocker()).isTrue();
                assertThat(x.id()).isEqualTo("mysql.sql-mode");
                assertThat(x.message()).contains("civicrm_activity.activity_date_time (2 zero date(s))",
                        "civicrm_event.start_date (1 date(s) with a zero month or day)", "civicrm_mailing.scheduled_date (a zero DEFAULT)",
                        "1292", "1067").doesNotContain("d7_node", "civicrm_clean");
                assertThat(x.remedy()).contains("SET GLOBAL sql_mode = 'STRICT_TRANS_TABLES'", "UPDATE `" + db.name() + "`.`civicrm_activity`");
            });
            // the fix: the remedy's UPDATEs (run under the rejecting mode) let the rebuild pass
            String remedy = r.get(0).remedy();
            for (String update : remedy.substring(remedy.indexOf("UPDATE ")).split(";")) {
                if (update.trim().startsWith("UPDATE ")) {
                    st.execute(update.trim());
                }
            }
            assertThat(errorOf(st, "ALTER TABLE civicrm_activity MODIFY activity_date_time TIMESTAMP NULL")).isZero();
            assertThat(errorOf(st, "ALTER TABLE civicrm_event MODIFY start_date DATETIME NULL")).isZero();
            assertThat(one(st, "SELECT COUNT(*) FROM civicrm_activity WHERE activity_date_time IS NOT NULL")).isEqualTo("1");
            // and the other fix: the mode the remedy names accepts the zero default
            st.execute("SET SESSION sql_mode = '" + mode.without("NO_ZERO_DATE", "NO_ZERO_IN_DATE") + "'");
            assertThat(errorOf(st, "ALTER TABLE civicrm_mailing ADD COLUMN subject VARCHAR(128)")).isZero();
            assertThat(SqlModeCheck.judge(mode, scan(c, db.name()))).singleElement()
                    .satisfies(x -> assertThat(x.message()).contains("civicrm_mailing.scheduled_date").doesNotContain("civicrm_activity"));
        }
    }

    @Test
    void withoutStrictModeNoZeroInDateRewritesValuesAndIsAWarning(TestDatabase db) throws SQLException {
        try (Connection c = TestDatabase.connect(db.coordinates()); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            st.execute("CREATE TABLE civicrm_event (id INT PRIMARY KEY, start_date DATE NULL)");
            st.execute("INSERT INTO civicrm_event VALUES (1, '2020-00-10')");
            SqlMode lax = SqlMode.parse("NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION");
            List<CheckResult> r = SqlModeCheck.judge(lax, scan(c, db.name()));
            assertThat(r).singleElement().satisfies(x -> {
                assertThat(x.severity()).isEqualTo(Severity.WARNING);
                assertThat(x.message()).contains("civicrm_event.start_date", "0000-00-00");
            });
            // the claim: the rebuild silently turns the value into a zero date
            st.execute("SET SESSION sql_mode = 'NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION'");
            st.execute("ALTER TABLE civicrm_event FORCE, ALGORITHM=COPY");
            assertThat(one(st, "SELECT CAST(start_date AS CHAR) FROM civicrm_event")).isEqualTo("0000-00-00");
            // a mode without the NO_ZERO flags leaves such values alone: information only
            assertThat(SqlModeCheck.judge(SqlMode.parse("STRICT_TRANS_TABLES"), scan(c, db.name()))).singleElement()
                    .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.INFO));
            assertThat(SqlModeCheck.judge(SqlMode.parse("ONLY_FULL_GROUP_BY"), List.of()))
                    .anySatisfy(x -> assertThat(x.severity()).isEqualTo(Severity.WARNING));
        }
    }

    @Test
    void logTablesInTheMainDatabaseAreScannedWhenLoggingHasNoDatabaseOfItsOwn(TestDatabase db) throws SQLException {
        // CIVICRM_LOGGING_DSN is usually CIVICRM_DSN (or absent): the log_civicrm_* tables then sit beside the
        // civicrm_* ones, and CiviCRM's upgrade alters them too
        try (Connection c = TestDatabase.connect(db.coordinates()); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            st.execute("CREATE TABLE civicrm_contact (id INT PRIMARY KEY, created_date TIMESTAMP NULL)");
            st.execute("INSERT INTO civicrm_contact VALUES (1, '2020-01-01 00:00:00')");
            st.execute("CREATE TABLE log_civicrm_contact (id INT, log_date TIMESTAMP NULL, birth_date DATE NULL)");
            st.execute("INSERT INTO log_civicrm_contact VALUES (1, '0000-00-00 00:00:00', '1980-00-12')");
            for (java.util.Optional<String> logging : List.of(java.util.Optional.<String>empty(), java.util.Optional.of(db.name()))) {
                List<CheckResult> r = SqlModeCheck.run(c, db.name(), logging);
                assertThat(r).as("logging database %s", logging).anySatisfy(x -> assertThat(x.message())
                        .contains("log_civicrm_contact.log_date (1 zero date(s))", "log_civicrm_contact.birth_date (1 date(s) with a zero month or day)"));
            }
            // a log table of another prefix is not CiviCRM's
            st.execute("DROP TABLE log_civicrm_contact");
            st.execute("CREATE TABLE log_other (id INT, log_date TIMESTAMP NULL)");
            st.execute("INSERT INTO log_other VALUES (1, '0000-00-00 00:00:00')");
            assertThat(SqlModeCheck.run(c, db.name(), java.util.Optional.empty())).noneSatisfy(x -> assertThat(x.message()).contains("log_other"));
        }
    }

    @Test
    void theParserReadsWhatTheServerReports(TestDatabase db) throws SQLException {
        try (Connection c = TestDatabase.connect(db.coordinates()); Statement st = c.createStatement()) {
            for (List<String> modes : List.<List<String>>of(List.of("TRADITIONAL"), List.of("ANSI"), List.of("STRICT_ALL_TABLES", "NO_ZERO_DATE"),
                    List.of("NO_ZERO_IN_DATE"), List.of("STRICT_TRANS_TABLES", "ONLY_FULL_GROUP_BY"), List.of(),
                    List.of("TRADITIONAL", "ANSI", "ONLY_FULL_GROUP_BY"))) {
                String asked = String.join(",", modes);
                st.execute("SET SESSION sql_mode = '" + asked + "'");
                SqlMode server = SqlMode.parse(one(st, "SELECT @@SESSION.sql_mode"));
                SqlMode ours = SqlMode.parse(asked);
                assertThat(server.strict()).as(asked).isEqualTo(ours.strict());
                assertThat(server.rejectsZeroDates()).as(asked).isEqualTo(ours.rejectsZeroDates());
                assertThat(server.rejectsZeroInDates()).as(asked).isEqualTo(ours.rejectsZeroInDates());
                assertThat(server.has("ONLY_FULL_GROUP_BY")).as(asked).isEqualTo(ours.has("ONLY_FULL_GROUP_BY"));
                assertThat(ours.modes()).as(asked).isSubsetOf(server.modes());
            }
        }
    }
}
