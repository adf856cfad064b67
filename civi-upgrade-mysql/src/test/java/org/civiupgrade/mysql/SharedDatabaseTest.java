package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.DatabaseObject;
import org.civiupgrade.spi.db.DatabaseObject.Kind;
import org.civiupgrade.spi.db.DatabaseObject.Owner;
import org.civiupgrade.spi.db.ObjectScope;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.RestoreSummary;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithTestDatabase
class SharedDatabaseTest {
    private final MySqlDialect dialect = new MySqlDialect();

    static void drupalTables(HikariDataSource ds, String prefix) {
        Db.exec(ds,
                "CREATE TABLE " + prefix + "variable (name VARCHAR(128) NOT NULL DEFAULT '' PRIMARY KEY, value LONGBLOB NOT NULL) ENGINE=InnoDB",
                "INSERT INTO " + prefix + "variable VALUES ('site_frontpage', 's:4:\"node\";'), ('maintenance_mode', 'i:1;')",
                "CREATE TABLE " + prefix + "system (filename VARCHAR(255) NOT NULL PRIMARY KEY, name VARCHAR(255), type VARCHAR(12),"
                        + " status INT NOT NULL DEFAULT 0, info BLOB) ENGINE=InnoDB",
                "INSERT INTO " + prefix + "system VALUES ('sites/all/modules/civicrm/drupal/civicrm.module', 'civicrm', 'module', 1,"
                        + " 'a:1:{s:4:\"name\";s:7:\"CiviCRM\";}')",
                "CREATE TABLE " + prefix + "cache_bootstrap (cid VARCHAR(255) NOT NULL PRIMARY KEY, data LONGBLOB) ENGINE=InnoDB",
                "CREATE TABLE " + prefix + "users (uid INT UNSIGNED NOT NULL PRIMARY KEY, name VARCHAR(60)) ENGINE=InnoDB",
                "INSERT INTO " + prefix + "users VALUES (0, ''), (1, 'admin')",
                // a Drupal table whose unprefixed name looks like CiviCRM's: the prefix makes it Drupal's
                "CREATE TABLE " + prefix + "civicrm_entity_cache (id INT PRIMARY KEY) ENGINE=InnoDB",
                "CREATE TRIGGER " + prefix + "users_bi BEFORE INSERT ON " + prefix + "users FOR EACH ROW SET NEW.name = TRIM(NEW.name)");
    }

    @Test
    void classifiesEveryObjectByOwnerWithTheDrupalPrefix(TestDatabase db) {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.civicrmSchema(ds, "4.4.7");
            drupalTables(ds, "d7_");
            Map<String, Owner> owners = new java.util.HashMap<>();
            for (DatabaseObject o : dialect.classify(ds, ObjectScope.withPrefix("d7_"))) {
                owners.put(o.kind() + ":" + o.name(), o.owner());
            }
            assertThat(owners).containsEntry("TABLE:civicrm_contact", Owner.CIVICRM)
                    .containsEntry("TABLE:log_civicrm_contact", Owner.CIVICRM)
                    .containsEntry("VIEW:civicrm_contact_en_US", Owner.CIVICRM)
                    .containsEntry("TRIGGER:civicrm_contact_after_insert", Owner.CIVICRM)
                    .containsEntry("FUNCTION:civicrm_strip_non_numeric", Owner.CIVICRM)
                    .containsEntry("TABLE:d7_variable", Owner.CMS)
                    .containsEntry("TABLE:d7_civicrm_entity_cache", Owner.CMS)
                    .containsEntry("TRIGGER:d7_users_bi", Owner.CMS);
        }
    }

    @Test
    void selectiveRollbackRestoresChangedCivicrmObjectsAndNeverTouchesDrupal(TestDatabase db, @TempDir Path tmp) {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.civicrmSchema(ds, "4.4.7");
            drupalTables(ds, "d7_");
            SiteFingerprint civiBefore = Db.fingerprint(ds, db.name(), true);
            Path dir = tmp.resolve("b");
            dialect.backup(ds, dir, BackupOptions.defaults().withScope(ObjectScope.withPrefix("d7_")));

            // what an upgrade does: drop triggers, alter, update, add tables, mark the version
            Db.exec(ds, "DROP TRIGGER civicrm_contact_after_insert",
                    "ALTER TABLE civicrm_contact ADD COLUMN preferred_language VARCHAR(5)",
                    "UPDATE civicrm_domain SET version = '4.5.0.upgrade'",
                    "CREATE TABLE civicrm_new_thing (id INT PRIMARY KEY) ENGINE=InnoDB",
                    "DROP FUNCTION civicrm_strip_non_numeric",
                    "CREATE OR REPLACE VIEW civicrm_contact_en_US AS SELECT id FROM civicrm_contact");
            // ...while Drupal keeps living: these changes must survive the rollback
            Db.exec(ds, "INSERT INTO d7_cache_bootstrap VALUES ('variables', 'x')", "UPDATE d7_variable SET value = 'i:0;'"
                    + " WHERE name = 'maintenance_mode'");
            SiteFingerprint drupalAfterChange = Db.fingerprint(ds, db.name(), false)
                    .onlyTables(t -> !t.startsWith("civicrm_") && !t.startsWith("log_civicrm_"));

            RestoreSummary s = dialect.restore(ds, dir, RestoreOptions.selective());
            assertThat(s.tablesRestored()).containsExactlyInAnyOrder(db.name() + ".civicrm_contact", db.name() + ".civicrm_domain");
            assertThat(s.tablesDropped()).containsExactly(db.name() + ".civicrm_new_thing");
            assertThat(s.tablesUnchanged()).contains(db.name() + ".civicrm_email", db.name() + ".log_civicrm_contact");

            assertThat(Db.fingerprint(ds, db.name(), true).diff(civiBefore)).isEmpty();
            SiteFingerprint drupalNow = Db.fingerprint(ds, db.name(), false)
                    .onlyTables(t -> !t.startsWith("civicrm_") && !t.startsWith("log_civicrm_"));
            assertThat(drupalNow.diff(drupalAfterChange)).isEmpty();
            assertThat(Db.column(ds, "SELECT civicrm_strip_non_numeric('x9y8')")).containsExactly("98");
            assertThat(Db.column(ds, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"))
                    .containsExactly("3");
            assertThat(Db.column(ds, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_NAME = 'civicrm_contact_en_US'")).containsExactly("4");

            // idempotent: a second rollback finds nothing to do
            RestoreSummary again = dialect.restore(ds, dir, RestoreOptions.selective());
            assertThat(again.tablesRestored()).isEmpty();
            assertThat(Db.fingerprint(ds, db.name(), true).diff(civiBefore)).isEmpty();
        }
    }

    @Test
    void separateLoggingDatabaseIsBackedUpAndRestoredWithTheMainOne(TestDatabase db, TestDatabase logDb, @TempDir Path tmp) {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.civicrmSchema(ds, "4.7.31");
            Db.exec(ds, "CREATE TABLE `" + logDb.name() + "`.log_civicrm_email (id INT, email VARCHAR(254), log_action VARCHAR(10))",
                    "INSERT INTO `" + logDb.name() + "`.log_civicrm_email VALUES (1, 'x@y.z', 'Insert')",
                    "CREATE TABLE `" + logDb.name() + "`.other_stuff (id INT)");
            ObjectScope scope = ObjectScope.plain().withLoggingDatabase(logDb.name());
            assertThat(dialect.classify(ds, scope)).contains(
                    new DatabaseObject(logDb.name(), Kind.TABLE, "log_civicrm_email", Owner.CIVICRM),
                    new DatabaseObject(logDb.name(), Kind.TABLE, "other_stuff", Owner.CMS));
            Path dir = tmp.resolve("b");
            dialect.backup(ds, dir, BackupOptions.defaults().withScope(scope));
            List<String> before = Db.rowDigests(ds, logDb.name(), "log_civicrm_email");
            Db.exec(ds, "DELETE FROM `" + logDb.name() + "`.log_civicrm_email");
            RestoreSummary s = dialect.restore(ds, dir, RestoreOptions.selective());
            assertThat(s.tablesRestored()).containsExactly(logDb.name() + ".log_civicrm_email");
            assertThat(Db.rowDigests(ds, logDb.name(), "log_civicrm_email")).isEqualTo(before);
        }
    }
}
