package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Secret;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.VerifyOptions;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real dumps carry {@code DEFINER=} clauses naming users that may not exist on the target; a
 * user without SUPER cannot create such objects (error 1227). The restore drops the clause.
 */
@WithTestDatabase
class DefinerTest {
    private final MySqlDialect dialect = new MySqlDialect();

    static DatabaseCoordinates limitedUser(TestDatabase db, String privileges) {
        String user = "lim_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000000));
        String password = "pw-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        // every host form, so that anonymous accounts (''@'localhost' on some installs) never shadow it
        for (String host : HOSTS) {
            db.execute("CREATE USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + password + "'",
                    "GRANT " + privileges + " ON `" + db.name() + "`.* TO '" + user + "'@'" + host + "'");
        }
        return DatabaseCoordinates.of(db.coordinates().host(), db.coordinates().port(), db.name(), user, Secret.of(password));
    }

    static final java.util.List<String> HOSTS = java.util.List.of("%", "localhost", "127.0.0.1");

    static final String CIVI_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER, CREATE TEMPORARY TABLES,"
            + " LOCK TABLES, CREATE VIEW, SHOW VIEW, TRIGGER, CREATE ROUTINE, ALTER ROUTINE, EXECUTE";

    @Test
    void objectsOfAMissingDefinerAreRestoredByAUserWithoutSuper(TestDatabase db, @TempDir Path tmp) {
        try (HikariDataSource admin = Db.pool(db)) {
            // the objects come from a server where 'ghost' existed; here it does not
            Db.exec(admin, "DROP USER IF EXISTS 'ghost'@'localhost'", "DROP USER IF EXISTS 'ghost'@'%'",
                    "CREATE USER 'ghost'@'localhost'", "CREATE USER 'ghost'@'%'",
                    "GRANT ALL PRIVILEGES ON `" + db.name() + "`.* TO 'ghost'@'localhost'",
                    "GRANT ALL PRIVILEGES ON `" + db.name() + "`.* TO 'ghost'@'%'");
            Db.exec(admin, "CREATE TABLE civicrm_contact (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, phone VARCHAR(64),"
                            + " phone_numeric VARCHAR(64), display_name VARCHAR(128)) ENGINE=InnoDB",
                    "CREATE TABLE civicrm_domain (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, version VARCHAR(32))",
                    "INSERT INTO civicrm_domain (version) VALUES ('5.45.0')",
                    "CREATE DEFINER=`ghost`@`localhost` FUNCTION civicrm_strip_non_numeric(input VARCHAR(255)) RETURNS VARCHAR(255)"
                            + " NO SQL DETERMINISTIC BEGIN DECLARE output VARCHAR(255) DEFAULT ''; DECLARE iterator INT DEFAULT 1;"
                            + " WHILE iterator < (LENGTH(input) + 1) DO IF SUBSTRING(input, iterator, 1) IN ('0','1','2','3','4','5','6','7','8','9')"
                            + " THEN SET output = CONCAT(output, SUBSTRING(input, iterator, 1)); END IF; SET iterator = iterator + 1;"
                            + " END WHILE; RETURN output; END",
                    "CREATE DEFINER=`ghost`@`localhost` TRIGGER civicrm_contact_before_insert BEFORE INSERT ON civicrm_contact"
                            + " FOR EACH ROW SET NEW.phone_numeric = civicrm_strip_non_numeric(NEW.phone)",
                    "CREATE DEFINER=`ghost`@`%` TRIGGER civicrm_contact_before_update BEFORE UPDATE ON civicrm_contact"
                            + " FOR EACH ROW SET NEW.phone_numeric = civicrm_strip_non_numeric(NEW.phone)",
                    "CREATE ALGORITHM=UNDEFINED DEFINER=`ghost`@`localhost` SQL SECURITY INVOKER VIEW civicrm_contact_en_US AS"
                            + " SELECT id, display_name FROM civicrm_contact",
                    "CREATE DEFINER=`ghost`@`localhost` VIEW civicrm_contact_fr_FR AS SELECT * FROM civicrm_contact_en_US",
                    "INSERT INTO civicrm_contact (phone, display_name) VALUES ('+1 (555) 010-9999', 'Émile')");
            Db.exec(admin, "DROP USER 'ghost'@'localhost'", "DROP USER 'ghost'@'%'");
            assertThat(Db.column(admin, "SELECT phone_numeric FROM civicrm_contact")).containsExactly("15550109999");
            SiteFingerprint before = Db.fingerprint(admin, db.name(), false);
            Path dir = tmp.resolve("b");
            dialect.backup(admin, dir, BackupOptions.defaults());
            dialect.dropCivicrmObjects(admin, org.civiupgrade.spi.db.ObjectScope.plain());
            assertThat(Db.column(admin, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"))
                    .containsExactly("0");

            DatabaseCoordinates limited = limitedUser(db, CIVI_PRIVILEGES);
            try (HikariDataSource lim = Db.pool(limited)) {
                dialect.restore(lim, dir, RestoreOptions.full());
                assertThat(Db.fingerprint(admin, db.name(), false).diff(before)).isEmpty();
                Db.exec(lim, "INSERT INTO civicrm_contact (phone, display_name) VALUES ('0044 20 7946 0000', 'New')");
                assertThat(Db.column(lim, "SELECT phone_numeric FROM civicrm_contact WHERE display_name = 'New'"))
                        .containsExactly("00442079460000");
                assertThat(Db.column(lim, "SELECT display_name FROM civicrm_contact_fr_FR ORDER BY id")).containsExactly("Émile", "New");
                assertThat(Db.column(admin, "SELECT DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"))
                        .allSatisfy(d -> assertThat(d).startsWith(limited.user() + "@"));

                // without the scratch-schema grant the backup is verified by decoding it, saying so and naming the grant
                org.civiupgrade.spi.db.VerifyReport decoded = dialect.verify(lim, dir, VerifyOptions.defaults());
                assertThat(decoded.scratchSchema()).isEmpty();
                assertThat(decoded.objectsCompared()).isEqualTo(5);
                assertThat(decoded.notes()).singleElement().satisfies(n -> assertThat(n)
                        .contains("without a scratch schema", "cuv\\_verify\\_%").doesNotContain(limited.password().reveal()));
                for (String host : HOSTS) {
                    db.execute("GRANT ALL PRIVILEGES ON `cuv\\_verify\\_%`.* TO '" + limited.user() + "'@'" + host + "'");
                }
                assertThat(dialect.verify(lim, dir, VerifyOptions.defaults()).objectsCompared()).isEqualTo(5);
            }
        }
    }
}
