package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.RestoreSummary;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.RealDumps;
import org.civiupgrade.testkit.RealDumps.Definers;
import org.civiupgrade.testkit.RealDumps.RealDump;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance on every real CiviCRM dump found ({@link RealDumps}): in-place full and selective
 * restores with 1, 2 and 4 workers, and selective rollbacks after upgrade-shaped changes (triggers
 * dropped and rebuilt, a snapshot table, an indexed column and a foreign-key column added, rows
 * added and removed so AUTO_INCREMENT moved, data changed), each ending equal to the state before:
 * every table's rows and definition, every view, trigger and routine definition, every
 * AUTO_INCREMENT counter. Dumps alternate between DEFINERs as dumped (accounts missing on this
 * server) and stripped; each is rolled back both by an account with SUPER and by one with the
 * privileges shared hosting grants (no SUPER; the selective rollback recreates every view, trigger
 * and routine, as a full restore does). {@code -Dcivi.realDumps.repeat=N} repeats the
 * worker rounds N times (default 1).
 */
@WithTestDatabase
class RealDumpRestoreTest {
    private static final int REPEAT = Integer.getInteger("civi.realDumps.repeat", 1);
    private final MySqlDialect dialect = new MySqlDialect();

    static List<RealDump> dumps() {
        return RealDumps.all();
    }

    private record State(SiteFingerprint tables, List<String> objects) {
    }

    private static State state(HikariDataSource ds, String schema) {
        return new State(Db.fingerprint(ds, schema, false), Db.objectsAndCounters(ds, schema));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dumps")
    void everyRestoreOfARealDumpEndsWhereItStarted(RealDump dump, TestDatabase db, @TempDir Path tmp) {
        boolean asDumped = dumps().indexOf(dump) % 2 == 1;
        RealDumps.load(dump, db.coordinates(), asDumped ? Definers.AS_DUMPED : Definers.STRIPPED);
        try (HikariDataSource admin = Db.pool(db)) {
            State before = state(admin, db.name());
            assertThat(before.objects()).anyMatch(o -> o.startsWith("COUNTER civicrm_contact="));
            Path dir = tmp.resolve("backup");
            dialect.backup(admin, dir, BackupOptions.defaults().withWorkers(2));

            for (int round = 0; round < REPEAT; round++) {
                for (int workers : List.of(1, 2, 4)) {
                    dialect.restore(admin, dir, RestoreOptions.full().withWorkers(workers));
                    assertThat(state(admin, db.name())).as("full restore, %d workers", workers).isEqualTo(before);

                    upgradeShapedChanges(admin, dump);
                    RestoreSummary s = dialect.restore(admin, dir, RestoreOptions.selective().withWorkers(workers));
                    assertThat(s.tablesDropped()).contains(db.name() + ".snap_civicrm_v5_51_fields");
                    assertThat(state(admin, db.name())).as("selective rollback, %d workers", workers).isEqualTo(before);
                }
            }

            // the privileges a shared host grants, no SUPER: the same rollback
            DatabaseCoordinates limited = DefinerTest.limitedUser(db, DefinerTest.CIVI_PRIVILEGES);
            try (HikariDataSource lim = Db.pool(limited)) {
                upgradeShapedChanges(admin, dump);
                dialect.restore(lim, dir, RestoreOptions.selective().withWorkers(2));
                assertThat(state(admin, db.name())).as("selective rollback without SUPER").isEqualTo(before);
                // the recreated triggers name an existing account: writes work again (error 1449 before, as dumped)
                Db.exec(lim, "UPDATE civicrm_contact SET display_name = display_name WHERE id = 1");
            } finally {
                for (String host : DefinerTest.HOSTS) {
                    db.execute("DROP USER IF EXISTS '" + limited.user() + "'@'" + host + "'");
                }
            }
        }
    }

    /**
     * What CiviCRM's upgrader does to a database (FACTS: it drops the triggers first, creates
     * snapshot tables since 5.45, 5.54 adds civicrm_participant.created_id with an index and a
     * foreign key, it rebuilds the triggers at the end), plus rows added and removed and data changed.
     */
    static void upgradeShapedChanges(HikariDataSource ds, RealDump dump) {
        List<String> drops = Db.column(ds, "SELECT CONCAT('DROP TRIGGER `', TRIGGER_NAME, '`') FROM information_schema.TRIGGERS"
                + " WHERE TRIGGER_SCHEMA = DATABASE()");
        Db.exec(ds, drops.toArray(String[]::new));
        Db.exec(ds, "SET SESSION sql_mode = ''",
                "CREATE TABLE snap_civicrm_v5_51_fields AS SELECT * FROM civicrm_custom_field",
                "ALTER TABLE civicrm_participant ADD COLUMN upgrade_created_id INT UNSIGNED NULL,"
                        + " ADD INDEX FK_civicrm_participant_upgrade_created_id (upgrade_created_id),"
                        + " ADD CONSTRAINT FK_civicrm_participant_upgrade_created_id FOREIGN KEY (upgrade_created_id)"
                        + " REFERENCES civicrm_contact (id) ON DELETE SET NULL",
                "UPDATE civicrm_participant SET upgrade_created_id = contact_id",
                "ALTER TABLE civicrm_contact ADD COLUMN upgrade_flag VARCHAR(16) NULL, ADD INDEX index_upgrade_flag (upgrade_flag)",
                "INSERT INTO civicrm_contact (contact_type, display_name) VALUES ('Individual', 'Upgrade temp')",
                "DELETE FROM civicrm_contact WHERE display_name = 'Upgrade temp'",
                "UPDATE civicrm_domain SET version = '5.99.0'",
                "CREATE TRIGGER civicrm_contact_before_update BEFORE UPDATE ON civicrm_contact FOR EACH ROW"
                        + " SET NEW.upgrade_flag = 'rebuilt'",
                "SET SESSION sql_mode = DEFAULT");
    }
}
