package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.BackupSummary;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.RestoreSummary;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup of a named set of (CMS) tables and the restore of those that changed: changed rows,
 * a changed definition and a moved AUTO_INCREMENT come back exactly; an unchanged table is not
 * reloaded (not even recreated); a table outside the set keeps what was written meanwhile.
 */
@WithTestDatabase
class TableSetBackupTest {
    private final MySqlDialect dialect = new MySqlDialect();

    private static String one(HikariDataSource ds, String sql) {
        List<String> r = Db.column(ds, sql);
        return r.isEmpty() ? null : r.get(0);
    }

    private static String created(HikariDataSource ds, String table) {
        return one(ds, "SELECT CREATE_TIME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + table + "'");
    }

    private static String counter(HikariDataSource ds, String table) {
        return one(ds, "SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + table + "'");
    }

    private static String definition(HikariDataSource ds, String schema, String table) {
        return Db.createTable(ds, schema, table);
    }

    @Test
    void changedTablesComeBackExactlyAndNothingElseIsTouched(TestDatabase db, @TempDir Path tmp) throws Exception {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.exec(ds,
                    "CREATE TABLE d7_variable (name varchar(128) NOT NULL DEFAULT '', value longblob NOT NULL, PRIMARY KEY (name)) ENGINE=InnoDB",
                    "INSERT INTO d7_variable VALUES ('site_name', 's:7:\"Example\";'), ('cron_key', 's:3:\"abc\";')",
                    "CREATE TABLE d7_menu_links (mlid int unsigned NOT NULL AUTO_INCREMENT, link_path varchar(255) NOT NULL DEFAULT '',"
                            + " PRIMARY KEY (mlid)) ENGINE=InnoDB",
                    "INSERT INTO d7_menu_links (link_path) VALUES ('civicrm'), ('node')",
                    "CREATE TABLE d7_cache (cid varchar(255) NOT NULL DEFAULT '', data longblob, PRIMARY KEY (cid)) ENGINE=InnoDB",
                    "INSERT INTO d7_cache VALUES ('theme_registry:bartik', 'a:0:{}')",
                    "CREATE TABLE d7_watchdog (wid int NOT NULL AUTO_INCREMENT, message longtext NOT NULL, PRIMARY KEY (wid)) ENGINE=InnoDB",
                    "INSERT INTO d7_watchdog (message) VALUES ('before')");
            List<String> set = List.of("d7_variable", "d7_menu_links", "d7_cache", "d7_no_such_table");
            List<String> variableRows = Db.rowDigests(ds, db.name(), "d7_variable");
            List<String> linkRows = Db.rowDigests(ds, db.name(), "d7_menu_links");
            List<String> cacheRows = Db.rowDigests(ds, db.name(), "d7_cache");
            String cacheDefinition = definition(ds, db.name(), "d7_cache");
            String linksCounter = counter(ds, "d7_menu_links");
            Path dir = tmp.resolve("drupal-tables");

            BackupSummary b = dialect.backupTables(ds, dir, set, BackupOptions.defaults().withWorkers(1));

            assertThat(b.tables()).as("existing tables of the set only").isEqualTo(3);
            // what an upgrade's cache flush does, and what the live site does meanwhile
            Db.exec(ds, "INSERT INTO d7_menu_links (link_path) VALUES ('civicrm/ajax/api4')",
                    "DELETE FROM d7_menu_links WHERE link_path = 'civicrm/ajax/api4'",
                    "DELETE FROM d7_cache", "ALTER TABLE d7_cache ADD COLUMN expire int NOT NULL DEFAULT 0",
                    "INSERT INTO d7_cache (cid, data) VALUES ('menu_item:new', 'a:0:{}')",
                    "INSERT INTO d7_watchdog (message) VALUES ('written by the live site')");
            assertThat(counter(ds, "d7_menu_links")).isNotEqualTo(linksCounter);
            String variableCreated = created(ds, "d7_variable");
            Thread.sleep(1100); // CREATE_TIME has a resolution of one second

            RestoreSummary r = dialect.restoreChangedTables(ds, dir, RestoreOptions.selective());

            assertThat(r.tablesRestored()).containsExactlyInAnyOrder(db.name() + ".d7_menu_links", db.name() + ".d7_cache");
            assertThat(r.tablesUnchanged()).containsExactly(db.name() + ".d7_variable");
            assertThat(r.tablesDropped()).isEmpty();
            assertThat(created(ds, "d7_variable")).as("an unchanged table is not recreated").isEqualTo(variableCreated);
            assertThat(Db.rowDigests(ds, db.name(), "d7_variable")).isEqualTo(variableRows);
            assertThat(Db.rowDigests(ds, db.name(), "d7_menu_links")).isEqualTo(linkRows);
            assertThat(counter(ds, "d7_menu_links")).as("AUTO_INCREMENT of rows added and removed").isEqualTo(linksCounter);
            assertThat(Db.rowDigests(ds, db.name(), "d7_cache")).isEqualTo(cacheRows);
            assertThat(definition(ds, db.name(), "d7_cache")).isEqualTo(cacheDefinition);
            assertThat(Db.column(ds, "SELECT message FROM d7_watchdog ORDER BY wid")).as("a table outside the set is not touched")
                    .containsExactly("before", "written by the live site");

            RestoreSummary again = dialect.restoreChangedTables(ds, dir, RestoreOptions.selective());
            assertThat(again.tablesRestored()).as("idempotent").isEmpty();
            assertThat(again.tablesUnchanged()).hasSize(3);
        }
    }

    @Test
    void aMissingTableOfTheBackupIsCreatedAgain(TestDatabase db, @TempDir Path tmp) {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.exec(ds, "CREATE TABLE registry_file (filename varchar(255) NOT NULL, hash varchar(64) NOT NULL, PRIMARY KEY (filename))",
                    "INSERT INTO registry_file VALUES ('modules/node/node.module', 'abc')");
            Path dir = tmp.resolve("b");
            dialect.backupTables(ds, dir, List.of("registry_file"), BackupOptions.defaults().withWorkers(1));
            Db.exec(ds, "DROP TABLE registry_file");

            dialect.restoreChangedTables(ds, dir, RestoreOptions.selective());

            assertThat(Db.column(ds, "SELECT CONCAT(filename, '=', hash) FROM registry_file")).containsExactly("modules/node/node.module=abc");
        }
    }
}
