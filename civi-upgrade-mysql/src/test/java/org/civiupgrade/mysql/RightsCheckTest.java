package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.civiupgrade.CheckResult;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.Version;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.DatabaseCheckOptions;
import org.civiupgrade.spi.db.VerifyOptions;
import org.civiupgrade.spi.db.VerifyReport;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rights the run itself needs, found by {@code check} before anything changes: the scratch
 * schema of the full verification (and the verification without one when it is missing, which
 * {@code check} predicts), SHOW VIEW, EVENT and the bodies of routines another account defined.
 * Each scenario uses real accounts created for it and dropped afterwards.
 */
@WithTestDatabase
class RightsCheckTest {
    private final MySqlDialect dialect = new MySqlDialect();

    static void dropUser(TestDatabase db, String user) {
        for (String host : DefinerTest.HOSTS) {
            db.execute("DROP USER IF EXISTS '" + user + "'@'" + host + "'");
        }
    }

    private static CheckResult only(List<CheckResult> all, String id) {
        List<CheckResult> r = all.stream().filter(x -> x.id().equals(id)).toList();
        assertThat(r).as(id).hasSize(1);
        return r.get(0);
    }

    private List<CheckResult> check(HikariDataSource ds) {
        return dialect.check(ds, DatabaseCheckOptions.defaults().withTarget(Version.parse("5.45.0")));
    }

    @Test
    void aSharedHostingUserIsVerifiedWithoutAScratchSchemaAsCheckPredicts(TestDatabase db, @TempDir Path tmp) throws IOException {
        DatabaseCoordinates lim = DefinerTest.limitedUser(db, "ALL PRIVILEGES");
        try (HikariDataSource ds = Db.pool(lim)) {
            // the usual shared-hosting grant: ALL on its own database only; the schema is its own
            Db.civicrmSchema(ds, "4.7.31");
            List<CheckResult> r = check(ds);
            assertThat(r).filteredOn(CheckResult::isBlocker).isEmpty();
            CheckResult predicted = only(r, "mysql.scratch-schema");
            assertThat(predicted.severity()).isEqualTo(org.civiupgrade.Severity.INFO);
            assertThat(predicted.message()).contains("verified without one", "GRANT ALL ON `cuv\\_verify\\_%`.* TO '" + lim.user() + "'@'");
            assertThat(predicted.message()).doesNotContain(lim.password().reveal());

            Path dir = tmp.resolve("b1");
            dialect.backup(ds, dir, BackupOptions.defaults());
            VerifyReport decoded = dialect.verify(ds, dir, VerifyOptions.defaults());
            assertThat(decoded.scratchSchema()).isEmpty();
            assertThat(decoded.tablesCompared()).isEqualTo(4);
            assertThat(decoded.objectsCompared()).isEqualTo(4);
            assertThat(decoded.notes().get(0)).contains("without a scratch schema", "decoded", "GRANT ALL ON `cuv\\_verify\\_%`.*");
            assertThat(Db.column(ds, "SHOW DATABASES LIKE 'cuv\\_verify\\_%'")).isEmpty();

            // a damaged data file is caught by the verification without a scratch schema
            Path file;
            try (Stream<Path> files = Files.list(dir.resolve("data"))) {
                file = files.filter(p -> Files.isRegularFile(p)).max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
                        .orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(file);
            byte[] original = bytes.clone();
            bytes[bytes.length / 2] ^= 0x5A;
            Files.write(file, bytes);
            assertThatThrownBy(() -> dialect.verify(ds, dir, VerifyOptions.defaults()))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
                        assertThat(e.getMessage()).contains("not intact", file.getFileName().toString());
                    });
            // a file cut short too
            Files.write(file, java.util.Arrays.copyOf(original, original.length - 7));
            assertThatThrownBy(() -> dialect.verify(ds, dir, VerifyOptions.defaults())).isInstanceOf(UpgradeException.class)
                    .hasMessageContaining(file.getFileName().toString());
            Files.write(file, original);
            assertThat(dialect.verify(ds, dir, VerifyOptions.defaults()).scratchSchema()).isEmpty();

            // with the grant check names, check predicts the full verification and the run does it
            for (String host : DefinerTest.HOSTS) {
                db.execute("GRANT ALL ON `cuv\\_verify\\_%`.* TO '" + lim.user() + "'@'" + host + "'");
            }
            try (HikariDataSource fresh = Db.pool(lim)) {
                CheckResult full = only(check(fresh), "mysql.scratch-schema");
                assertThat(full.message()).contains("verified in full").doesNotContain("GRANT");
                VerifyReport restored = dialect.verify(fresh, dir, VerifyOptions.defaults());
                assertThat(restored.scratchSchema()).startsWith("cuv_verify_");
                assertThat(restored.notes()).noneMatch(n -> n.contains("without a scratch schema"));
            }
        } finally {
            dropUser(db, lim.user());
        }
    }

    @Test
    void showViewEventAndRoutineBodiesOfAnotherDefinerAreBlockersNamingTheGrant(TestDatabase db, @TempDir Path tmp) {
        DatabaseCoordinates lim = DefinerTest.limitedUser(db, "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER,"
                + " CREATE TEMPORARY TABLES, LOCK TABLES, CREATE VIEW, TRIGGER, CREATE ROUTINE, ALTER ROUTINE, EXECUTE");
        try (HikariDataSource admin = Db.pool(db)) {
            // the schema was installed by another account (the administrator), as after a move
            Db.civicrmSchema(admin, "4.7.31");
            Db.exec(admin, "CREATE EVENT civicrm_nightly ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM civicrm_email WHERE 1 = 0");
            try (HikariDataSource ds = Db.pool(lim)) {
                List<CheckResult> r = check(ds);
                List<CheckResult> defs = r.stream().filter(x -> x.id().equals("mysql.object-definitions")).toList();
                assertThat(defs).hasSize(3).filteredOn(CheckResult::isBlocker).hasSize(2);
                String account = "'" + lim.user() + "'@'";
                assertThat(defs).anySatisfy(x -> {
                    assertThat(x.message()).contains("SHOW VIEW", "view " + db.name() + ".civicrm_contact_en_US");
                    assertThat(x.remedy()).contains("GRANT SHOW VIEW ON `" + db.name() + "`.* TO " + account);
                });
                // information_schema hides the event from an account without EVENT: check says it cannot see events
                assertThat(defs).anySatisfy(x -> {
                    assertThat(x.severity()).isEqualTo(org.civiupgrade.Severity.WARNING);
                    assertThat(x.message()).contains("lacks EVENT on " + db.name(), "error 1044");
                    assertThat(x.remedy()).contains("GRANT EVENT ON `" + db.name() + "`.* TO " + account);
                });
                assertThat(defs).anySatisfy(x -> {
                    assertThat(x.message()).contains("bodies of routines", "function " + db.name() + ".civicrm_strip_non_numeric");
                    // MariaDB before 11.3 reads bodies from mysql.proc; 11.3 and later have SHOW CREATE ROUTINE
                    assertThat(x.remedy()).containsAnyOf("GRANT SELECT ON mysql.proc TO " + account,
                            "GRANT SHOW CREATE ROUTINE ON `" + db.name() + "`.* TO " + account);
                });
                assertThat(r).allSatisfy(x -> assertThat(x.message() + x.remedy()).doesNotContainIgnoringCase("server is running")
                        .doesNotContain(lim.password().reveal()));
                // the claim is real: the backup fails
                assertThatThrownBy(() -> dialect.backup(ds, tmp.resolve("refused"), BackupOptions.defaults()))
                        .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.remedy())
                                .doesNotContainIgnoringCase("server is running").contains("error 1142", "civi-upgrade check"));

                // the GRANTs the remedies name are enough
                for (CheckResult x : defs) {
                    String grant = x.remedy().substring(x.remedy().indexOf("GRANT"), x.remedy().indexOf(';'));
                    for (String host : DefinerTest.HOSTS) {
                        db.execute(grant.replaceAll("'@'[^']*'$", "'@'" + host + "'"));
                    }
                }
            }
            try (HikariDataSource ds = Db.pool(lim)) {
                List<CheckResult> after = check(ds);
                CheckResult ok = only(after, "mysql.object-definitions");
                assertThat(ok.severity()).isEqualTo(org.civiupgrade.Severity.INFO);
                assertThat(ok.message()).contains("(5)");
                dialect.backup(ds, tmp.resolve("allowed"), BackupOptions.defaults());
                assertThat(org.civiupgrade.mysql.internal.Manifest.read(tmp.resolve("allowed")).schemas().get(0).objects())
                        .extracting(o -> o.kind() + " " + o.name()).contains("EVENT civicrm_nightly", "FUNCTION civicrm_strip_non_numeric");
            }
        } finally {
            dropUser(db, lim.user());
        }
    }
}
