package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.civiupgrade.CheckResult;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Severity;
import org.civiupgrade.Version;
import org.civiupgrade.mysql.internal.Checks;
import org.civiupgrade.spi.db.DatabaseCheckOptions;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Triggers, views and routines whose DEFINER names an account that does not exist: writes through
 * them fail with error 1449 already, and so would the upgrade. {@code check} names each account,
 * its objects and the statements that fix it; the statements are run here to prove they do.
 */
@WithTestDatabase
class DefinersCheckTest {
    private final MySqlDialect dialect = new MySqlDialect();

    private List<CheckResult> definers(HikariDataSource ds) {
        return dialect.check(ds, DatabaseCheckOptions.defaults().withTarget(Version.parse("5.45.0"))).stream()
                .filter(x -> x.id().equals("mysql.definers")).toList();
    }

    private static int errorOf(HikariDataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
            return 0;
        } catch (SQLException e) {
            return e.getErrorCode();
        }
    }

    @Test
    void objectsOfADroppedDefinerAreBlockersWithStatementsThatFixThem(TestDatabase db) {
        String ghost = "gone_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000000));
        DatabaseCoordinates lim = null;
        try (HikariDataSource admin = Db.pool(db)) {
            Db.exec(admin, "CREATE USER '" + ghost + "'@'localhost'", "CREATE USER '" + ghost + "'@'%'",
                    "GRANT ALL ON `" + db.name() + "`.* TO '" + ghost + "'@'localhost'",
                    "GRANT ALL ON `" + db.name() + "`.* TO '" + ghost + "'@'%'",
                    "CREATE TABLE civicrm_contact (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, phone VARCHAR(64),"
                            + " phone_numeric VARCHAR(64)) ENGINE=InnoDB",
                    "CREATE DEFINER=`" + ghost + "`@`localhost` TRIGGER civicrm_contact_before_insert BEFORE INSERT ON civicrm_contact"
                            + " FOR EACH ROW SET NEW.phone_numeric = REPLACE(NEW.phone, ' ', '')",
                    "CREATE DEFINER=`" + ghost + "`@`%` SQL SECURITY DEFINER VIEW civicrm_contact_en_US AS SELECT id, phone FROM civicrm_contact",
                    "CREATE DEFINER=`" + ghost + "`@`localhost` SQL SECURITY INVOKER VIEW civicrm_contact_fr_FR AS SELECT id FROM civicrm_contact",
                    "CREATE DEFINER=`" + ghost + "`@`localhost` PROCEDURE civicrm_touch() MODIFIES SQL DATA"
                            + " UPDATE civicrm_contact SET phone = phone",
                    "DROP USER '" + ghost + "'@'localhost'", "DROP USER '" + ghost + "'@'%'");
            // the fault is real: every write that fires the trigger, and the definer-rights view, fail with 1449
            assertThat(errorOf(admin, "INSERT INTO civicrm_contact (phone) VALUES ('555 0100')")).isEqualTo(1449);
            assertThat(errorOf(admin, "SELECT * FROM civicrm_contact_en_US")).isEqualTo(1449);
            assertThat(errorOf(admin, "CALL civicrm_touch()")).isEqualTo(1449);

            List<CheckResult> r = definers(admin);
            assertThat(r).hasSize(2).allMatch(CheckResult::isBlocker);
            CheckResult local = r.stream().filter(x -> x.message().contains("'" + ghost + "'@'localhost'")).findFirst().orElseThrow();
            assertThat(local.message()).contains("trigger " + db.name() + ".civicrm_contact_before_insert",
                    "procedure " + db.name() + ".civicrm_touch", "error 1449").doesNotContain("civicrm_contact_fr_FR");
            assertThat(local.remedy()).contains("CREATE USER '" + ghost + "'@'localhost' ACCOUNT LOCK;",
                    "GRANT ALL ON `" + db.name() + "`.* TO '" + ghost + "'@'localhost';", "DEFINER=CURRENT_USER");
            CheckResult any = r.stream().filter(x -> x.message().contains("'" + ghost + "'@'%'")).findFirst().orElseThrow();
            assertThat(any.message()).contains("view " + db.name() + ".civicrm_contact_en_US");

            // a user who may not read the account list is told so, with the grant, rather than guessed for
            lim = DefinerTest.limitedUser(db, "ALL PRIVILEGES");
            String limUser = lim.user();
            try (HikariDataSource ds = Db.pool(lim)) {
                assertThat(definers(ds)).singleElement().satisfies(x -> {
                    assertThat(x.severity()).isEqualTo(Severity.WARNING);
                    assertThat(x.message()).contains("Cannot tell", ghost, "error 1142");
                    assertThat(x.remedy()).contains("GRANT SELECT ON mysql.global_priv TO '" + limUser + "'@'");
                });
                // and a privilege error is never explained as a server that is not running
                SQLException denied = null;
                try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                    st.executeQuery("SELECT User FROM mysql.global_priv").close();
                } catch (SQLException e) {
                    denied = e;
                }
                assertThat((Object) denied).isNotNull();
                assertThat(Checks.remedy(denied)).contains("error 1142", "SQLState 42000", "refused a right").doesNotContain("running");
            }

            // the statements the remedies give fix it
            for (CheckResult x : r) {
                String run = x.remedy().substring("As an administrator run: ".length(), x.remedy().indexOf(" Or re-create"));
                for (String statement : run.split(";")) {
                    if (!statement.isBlank()) {
                        Db.exec(admin, statement.trim());
                    }
                }
            }
            assertThat(errorOf(admin, "INSERT INTO civicrm_contact (phone) VALUES ('555 0100')")).isZero();
            assertThat(Db.column(admin, "SELECT phone_numeric FROM civicrm_contact")).containsExactly("5550100");
            assertThat(errorOf(admin, "CALL civicrm_touch()")).isZero();
            assertThat(definers(admin)).singleElement().satisfies(x -> {
                assertThat(x.severity()).isEqualTo(Severity.INFO);
                assertThat(x.message()).contains("exists");
            });
        } finally {
            db.execute("DROP USER IF EXISTS '" + ghost + "'@'localhost'", "DROP USER IF EXISTS '" + ghost + "'@'%'");
            if (lim != null) {
                RightsCheckTest.dropUser(db, lim.user());
            }
        }
    }
}
