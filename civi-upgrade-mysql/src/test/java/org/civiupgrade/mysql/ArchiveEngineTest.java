package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.CheckResult;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.DatabaseCheckOptions;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Old CiviCRM log tables may use the ARCHIVE engine, which Debian's MariaDB does not load by
 * default. Where the server can load it, an ARCHIVE log table round-trips; where it cannot, the
 * checks say so clearly, with the fix, and a restore is refused before anything is touched.
 */
@WithTestDatabase
class ArchiveEngineTest {
    private final MySqlDialect dialect = new MySqlDialect();

    private static boolean archiveLoadable(HikariDataSource ds) {
        List<String> support = Db.column(ds, "SELECT SUPPORT FROM information_schema.ENGINES WHERE ENGINE = 'ARCHIVE'");
        if (!support.isEmpty() && !support.get(0).equals("NO")) {
            return true;
        }
        try {
            Db.exec(ds, "INSTALL SONAME 'ha_archive'");
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @Test
    void archiveLogTableRoundTripsOrTheServerIsReportedUnableWithTheFix(TestDatabase db, @TempDir Path tmp) throws Exception {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.civicrmSchema(ds, "4.2.0");
            if (archiveLoadable(ds)) {
                Db.exec(ds, "CREATE TABLE log_civicrm_email (id INT, email VARCHAR(254), log_date TIMESTAMP NULL) ENGINE=ARCHIVE",
                        "INSERT INTO log_civicrm_email VALUES (1, 'a@b.c', '2020-01-01 00:00:00'), (1, 'a@b.c', '2020-01-01 00:00:00'),"
                                + " (2, 'tab\\there', NULL)");
                List<CheckResult> checks = dialect.check(ds, DatabaseCheckOptions.defaults());
                assertThat(checks).anySatisfy(r -> assertThat(r.message()).contains("ARCHIVE tables (log_civicrm_email)"));
                Path dir = tmp.resolve("b");
                dialect.backup(ds, dir, BackupOptions.defaults());
                List<String> before = Db.rowDigests(ds, db.name(), "log_civicrm_email");
                Db.exec(ds, "DROP TABLE log_civicrm_email");
                dialect.restore(ds, dir, RestoreOptions.selective());
                assertThat(Db.rowDigests(ds, db.name(), "log_civicrm_email")).isEqualTo(before);
                assertThat(Db.createTable(ds, db.name(), "log_civicrm_email")).contains("ENGINE=ARCHIVE");
            } else {
                // A backup taken on a server with ARCHIVE: its manifest names the engine.
                Path dir = tmp.resolve("b");
                dialect.backup(ds, dir, BackupOptions.defaults());
                Path manifest = dir.resolve("manifest.json");
                String json = Files.readString(manifest);
                String archived = json.replace("\"engine\" : \"InnoDB\",\n      \"createSql\" : \"CREATE TABLE `log_civicrm_contact`",
                        "\"engine\" : \"ARCHIVE\",\n      \"createSql\" : \"CREATE TABLE `log_civicrm_contact`");
                assertThat(archived).isNotEqualTo(json);
                Files.writeString(manifest, archived);
                List<CheckResult> checks = dialect.checkRestorable(ds, dir);
                assertThat(checks).filteredOn(CheckResult::isBlocker).singleElement().satisfies(r -> {
                    assertThat(r.id()).isEqualTo("mysql.engines");
                    assertThat(r.message()).contains("ARCHIVE", "log_civicrm_contact");
                    assertThat(r.remedy()).contains("INSTALL SONAME 'ha_archive'");
                });
                Db.exec(ds, "INSERT INTO civicrm_domain (name, version) VALUES ('second', '4.2.0')");
                assertThatThrownBy(() -> dialect.restore(ds, dir, RestoreOptions.full()))
                        .isInstanceOfSatisfying(UpgradeException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.CHECK_FAILED);
                            assertThat(e.getMessage()).contains("ARCHIVE");
                            assertThat(e.remedy()).contains("ha_archive");
                        });
                // refused before touching anything
                assertThat(Db.column(ds, "SELECT COUNT(*) FROM civicrm_domain")).containsExactly("2");
            }
        }
    }
}
