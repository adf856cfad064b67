package org.civiupgrade.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Version;
import org.civiupgrade.mysql.MySqlDataSourceFactory;
import org.civiupgrade.mysql.MySqlDialect;
import org.civiupgrade.spi.db.DatabaseCheckOptions;
import org.civiupgrade.testkit.RealDumps;
import org.civiupgrade.testkit.RealDumps.Definers;
import org.civiupgrade.testkit.RealDumps.RealDump;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real CiviCRM dump ({@link RealDumps}) through the database pre-flight: loaded with its
 * DEFINERs stripped (a healthy site) no new check blocks; loaded as dumped (definers that do not
 * exist here) {@code mysql.definers} blocks naming exactly the accounts the objects name, and a
 * write through a trigger proves error 1449. The zero dates each dump holds, what a strict server
 * would say about them, and the time the sql_mode scan takes are printed.
 */
@WithTestDatabase
class PreflightRealDumpTest {
    private static final Set<String> NEW_CHECKS = Set.of("mysql.scratch-schema", "mysql.object-definitions", "mysql.definers",
            "mysql.sql-mode");

    static List<RealDump> dumps() {
        return RealDumps.all();
    }

    private static Set<String> missingDefiners(Statement st, String schema) throws SQLException {
        Set<String> accounts = new HashSet<>();
        try (var rs = st.executeQuery("SELECT CONCAT(User, '@', Host) FROM mysql.global_priv")) {
            while (rs.next()) {
                accounts.add(rs.getString(1));
            }
        }
        Set<String> missing = new HashSet<>();
        try (var rs = st.executeQuery("SELECT DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '" + schema + "'"
                + " UNION SELECT DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '" + schema + "' AND SECURITY_TYPE = 'DEFINER'"
                + " UNION SELECT DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '" + schema + "' AND SECURITY_TYPE = 'DEFINER'")) {
            while (rs.next()) {
                if (!accounts.contains(rs.getString(1))) {
                    missing.add(rs.getString(1));
                }
            }
        }
        return missing;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dumps")
    void theDatabasePreflightFindsNoFalseBlockerAndEveryMissingDefiner(RealDump dump, TestDatabase db) throws SQLException {
        boolean asDumped = dumps().indexOf(dump) % 2 == 1;
        RealDumps.load(dump, db.coordinates(), asDumped ? Definers.AS_DUMPED : Definers.STRIPPED);
        try (HikariDataSource ds = MySqlDataSourceFactory.pool(db.coordinates(), 2);
             Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            long t0 = System.nanoTime();
            List<CheckResult> r = new MySqlDialect().check(ds, DatabaseCheckOptions.defaults().withTarget(Version.parse("5.81.0")));
            long checkMillis = (System.nanoTime() - t0) / 1_000_000;
            long t1 = System.nanoTime();
            List<SqlModeCheck.Found> found = new ArrayList<>();
            SqlModeCheck.scan(c, db.name(), "civicrm\\_%", found);
            long scanMillis = (System.nanoTime() - t1) / 1_000_000;
            List<CheckResult> strict = SqlModeCheck.judge(SqlMode.parse("STRICT_TRANS_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE"), found);
            System.out.printf("RESULT dump=%s definers=%s check=%dms sqlModeScan=%dms zeroColumns=%d%n", dump,
                    asDumped ? "as-dumped" : "stripped", checkMillis, scanMillis, found.size());
            r.stream().filter(x -> NEW_CHECKS.contains(x.id())).forEach(x -> System.out.println("  " + x.severity() + " " + x.id()
                    + ": " + x.message()));
            System.out.println("  under a strict NO_ZERO_DATE server: " + strict.get(0).severity() + " " + strict.get(0).message());

            assertThat(NEW_CHECKS).allSatisfy(id -> assertThat(r).extracting(CheckResult::id).contains(id));
            Set<String> missing = missingDefiners(st, db.name());
            List<CheckResult> definerBlockers = r.stream().filter(x -> x.id().equals("mysql.definers") && x.isBlocker()).toList();
            assertThat(r.stream().filter(x -> NEW_CHECKS.contains(x.id()) && x.isBlocker() && !x.id().equals("mysql.definers")))
                    .as("no false blockers").isEmpty();
            assertThat(definerBlockers).hasSize(missing.size());
            for (String m : missing) {
                String[] uh = ObjectChecks.splitDefiner(m);
                assertThat(definerBlockers).anySatisfy(x -> assertThat(x.message()).contains("'" + uh[0] + "'@'" + uh[1] + "'"));
            }
            if (!asDumped) {
                assertThat(missing).isEmpty();
            }
            Optional<String> triggered = Sql.one(c, "SELECT EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA ="
                    + " DATABASE() AND EVENT_MANIPULATION = 'UPDATE' AND EVENT_OBJECT_TABLE = 'civicrm_contact'");
            if (triggered.isPresent()) {
                int error = 0;
                try {
                    st.executeUpdate("UPDATE civicrm_contact SET sort_name = sort_name ORDER BY id LIMIT 1");
                } catch (SQLException e) {
                    error = e.getErrorCode();
                }
                assertThat(error).as("a write through the dump's trigger").isEqualTo(missing.isEmpty() ? 0 : 1449);
            }
        }
    }
}
