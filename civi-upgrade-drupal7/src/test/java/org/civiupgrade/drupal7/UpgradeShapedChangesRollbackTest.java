package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.civiupgrade.Release;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.RealDumps;
import org.civiupgrade.testkit.RealDumps.Definers;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@WithTestDatabase
/**
 * The standard procedure with an upgrader that makes one kind of change a real CiviCRM upgrade
 * (or an in-process {@code SchemaUpgrader}) makes, then fails: every case must end ROLLED_BACK (or
 * be finished by {@code Upgrade.recover}) with the site fingerprint-equal, Drupal tables and the
 * databases' default character sets included. Schema, data, triggers, views, routines, events,
 * engines, character sets, session state left on pooled connections, Drupal tables the upgrade
 * rewrites, and real dumps. {@code -Dciviupgrade.rollbackCases=a,b} runs some.
 */
class UpgradeShapedChangesRollbackTest {
    @TempDir
    Path tmp;

    /** civi: SQL on the CiviCRM connection, drupal: SQL on Drupal's; {P} = Drupal prefix. dump null: fake schema. */
    record Case(String name, String dump, boolean ownDb, String prefix, List<String> civi, List<String> drupal, boolean noVersionMark) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case c(String name, String... civi) {
        return new Case(name, null, false, "", List.of(civi), List.of(), false);
    }

    static Case d(String name, String dump, String... civi) {
        return new Case(name, dump, false, "", List.of(civi), List.of(), false);
    }

    static Case dr(String name, boolean own, String prefix, String... drupal) {
        return new Case(name, null, own, prefix, List.of(), List.of(drupal), false);
    }

    static Stream<Case> cases() {
        String sel = System.getProperty("civiupgrade.rollbackCases", "");
        List<Case> all = List.of(
                new Case("fail-first-statement", null, false, "", List.of("SELECT * FROM no_such_table"), List.of(), true),
                c("column-type-default-comment", "ALTER TABLE civicrm_contact MODIFY sort_name varchar(255) DEFAULT 'x' COMMENT 'changed'"),
                c("add-drop-index", "ALTER TABLE civicrm_contact ADD INDEX index_display_name (display_name), DROP INDEX index_sort_name"),
                c("rename-index", "ALTER TABLE civicrm_contact RENAME INDEX index_sort_name TO index_sort_name2"),
                c("add-fk-existing", "ALTER TABLE civicrm_setting ADD CONSTRAINT FK_civicrm_setting_contact_id FOREIGN KEY (contact_id) REFERENCES civicrm_contact (id) ON DELETE CASCADE"),
                c("drop-column", "ALTER TABLE civicrm_contact DROP COLUMN first_name"),
                c("rename-table", "RENAME TABLE civicrm_value_membership_extras_1 TO civicrm_value_extras_renamed"),
                c("drop-table", "DROP TABLE civicrm_value_membership_extras_1"),
                c("new-table-fk", "CREATE TABLE civicrm_new_thing (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, contact_id int unsigned,"
                        + " CONSTRAINT FK_new_contact FOREIGN KEY (contact_id) REFERENCES civicrm_contact (id)) ENGINE=InnoDB",
                        "INSERT INTO civicrm_new_thing (contact_id) SELECT MIN(id) FROM civicrm_contact"),
                c("setting-rows", "UPDATE civicrm_setting SET value = 's:3:\"new\";'",
                        "INSERT INTO civicrm_setting (" + "group_name, " + "name, value, domain_id, is_domain) VALUES ('x', 'newSetting', 'i:1;', 1, 1)"),
                c("triggers-different-body", "DROP TRIGGER civicrm_contact_after_insert",
                        "CREATE TRIGGER civicrm_contact_after_insert AFTER INSERT ON civicrm_contact FOR EACH ROW BEGIN SET @x = 1; END"),
                c("view-new-and-replaced", "CREATE VIEW civicrm_new_view AS SELECT id FROM civicrm_contact",
                        "CREATE OR REPLACE VIEW civicrm_contact_en_US AS SELECT id, sort_name FROM civicrm_contact"),
                c("routines", "CREATE PROCEDURE civicrm_new_proc() BEGIN SELECT 1; END",
                        "DROP FUNCTION civicrm_strip_non_numeric",
                        "CREATE FUNCTION civicrm_strip_non_numeric(input VARCHAR(255) CHARACTER SET utf8) RETURNS VARCHAR(255) DETERMINISTIC NO SQL RETURN input"),
                c("event", "CREATE EVENT civicrm_new_event ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM civicrm_contact WHERE 0"),
                c("partitioned-table", "CREATE TABLE civicrm_part (id int NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB PARTITION BY HASH (id) PARTITIONS 3",
                        "INSERT INTO civicrm_part VALUES (1),(2),(3)"),
                c("myisam-new-and-altered", "CREATE TABLE civicrm_myisam (id int NOT NULL PRIMARY KEY) ENGINE=MyISAM",
                        "ALTER TABLE civicrm_setting ENGINE=MyISAM"),
                c("no-pk-table", "INSERT INTO log_civicrm_contact (id, log_action) VALUES (999, 'Insert')",
                        "UPDATE log_civicrm_contact SET log_user_id = 7"),
                c("no-pk-table-dup-rows", "INSERT INTO log_civicrm_contact SELECT * FROM log_civicrm_contact",
                        "DELETE FROM log_civicrm_contact LIMIT 1"),
                c("auto-increment-only", "ALTER TABLE civicrm_contact AUTO_INCREMENT = 5000"),
                c("autoinc-by-insert-delete", "INSERT INTO civicrm_participant (status_id) VALUES (1)", "DELETE FROM civicrm_participant WHERE id = LAST_INSERT_ID()"),
                c("utf8mb4-emoji", "ALTER TABLE civicrm_contact CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                        "INSERT INTO civicrm_contact (contact_type, sort_name) VALUES ('Individual', 'Emoji \uD83D\uDE00 person')"),
                c("alter-database-charset", "ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"),
                c("session-timezone-sqlmode", "SET time_zone = '+09:00'", "SET sql_mode = 'NO_BACKSLASH_ESCAPES'",
                        "UPDATE civicrm_contact SET display_name = CONCAT(IFNULL(display_name, ''), ' x')",
                        "UPDATE civicrm_setting SET value = CONCAT(value, '\\\\')"),
                c("session-timezone-only", "SET time_zone = '+09:00'",
                        "UPDATE civicrm_contact SET display_name = CONCAT(IFNULL(display_name, ''), ' x')"),
                c("session-sqlmode-only", "SET sql_mode = 'NO_BACKSLASH_ESCAPES'",
                        "UPDATE civicrm_setting SET value = CONCAT(value, '\\\\')"),
                c("autocommit-off-uncommitted", "SET autocommit = 0", "UPDATE civicrm_contact SET sort_name = 'uncommitted'"),
                c("lock-tables-left", "LOCK TABLES civicrm_contact WRITE", "UPDATE civicrm_contact SET sort_name = 'locked'"),
                c("utf8mb4-emoji-with-log", "ALTER TABLE civicrm_contact CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                        "ALTER TABLE log_civicrm_contact CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                        "INSERT INTO civicrm_contact (contact_type, sort_name) VALUES ('Individual', 'Emoji \uD83D\uDE00 person')"),
                c("session-charset-latin1", "SET NAMES latin1", "UPDATE civicrm_contact SET display_name = CONCAT(IFNULL(display_name, ''), ' y')"),
                c("fk-checks-off-left", "SET foreign_key_checks = 0", "SET unique_checks = 0", "UPDATE civicrm_contact SET sort_name = 'z'"),
                d("real-utf8mb4-all", "5.45.3", "UTF8MB4_ALL"),
                d("real-utf8mb4-emoji", "5.45.3", "DROP_ALL_TRIGGERS", "UTF8MB4_ALL",
                        "INSERT INTO civicrm_contact (contact_type, sort_name, display_name) VALUES ('Individual', 'Emoji \uD83D\uDE00', '\uD83D\uDE00')"),
                d("real-timezone", "5.45.3", "SET time_zone = '-07:00'", "UPDATE civicrm_contact SET nick_name = 'tz'", "SELECT IF(COUNT(*) = 0, (SELECT 1 UNION SELECT 2), 0) FROM civicrm_contact WHERE modified_date IS NOT NULL"),
                c("truncate-log", "TRUNCATE log_civicrm_contact"),
                c("view-security", "CREATE OR REPLACE SQL SECURITY INVOKER VIEW civicrm_contact_en_US AS SELECT id, contact_type, is_deleted, sort_name, display_name FROM civicrm_contact"),
                c("table-options", "ALTER TABLE civicrm_contact COMMENT = 'x', ROW_FORMAT = COMPACT"),
                c("column-order", "ALTER TABLE civicrm_contact MODIFY first_name varchar(64) DEFAULT NULL AFTER id"),
                c("drop-fk", "ALTER TABLE civicrm_participant DROP FOREIGN KEY FK_civicrm_participant_contact_id"),
                c("check-constraint", "ALTER TABLE civicrm_setting ADD CONSTRAINT chk_domain CHECK (domain_id > 0)"),
                c("sequence", "CREATE SEQUENCE civicrm_seq"),
                c("checksum-identical-row-pair-nopk", "INSERT INTO log_civicrm_contact (id, log_action, log_date) VALUES (5, 'Update', '2021-01-01 00:00:00'),"
                        + " (5, 'Update', '2021-01-01 00:00:00')"),
                c("checksum-swap-equal-length", "UPDATE civicrm_contact a JOIN civicrm_contact b ON a.id = (SELECT MIN(id) FROM civicrm_contact)"
                        + " AND b.id = (SELECT MIN(id) + 1 FROM civicrm_contact) SET a.first_name = b.first_name, b.first_name = a.first_name"),
                c("checksum-swap-whole-rows", "SET foreign_key_checks = 0",
                        "UPDATE civicrm_value_membership_extras_1 SET favourite_colour_1 = CASE id WHEN 101 THEN 'blue' WHEN 102 THEN 'gree' ELSE favourite_colour_1 END"),
                d("real-multilingual-views", "4.2.9", "DROP_ALL_VIEWS", "ALTER TABLE civicrm_contact ADD COLUMN new_col int",
                        "CREATE VIEW civicrm_contact_en_US AS SELECT * FROM civicrm_contact"),
                d("real-drop-all-triggers-first-fail", "5.75.2", "DROP_ALL_TRIGGERS", "SELECT * FROM no_such_table"),
                d("real-option-value", "5.45.3", "INSERT INTO civicrm_option_value (option_group_id, label, value, name, weight) VALUES (1, 'New \uD83D\uDE00', '999', 'new_val', 99)",
                        "DELETE FROM civicrm_option_value WHERE id IN (SELECT * FROM (SELECT id FROM civicrm_option_value ORDER BY id DESC LIMIT 3) t)",
                        "UPDATE civicrm_setting SET value = NULL WHERE id < 5"),
                d("real-binary", "5.45.3", "UPDATE civicrm_setting SET value = UNHEX('00FF80C3280A0D5C27') WHERE id = 1"),
                dr("drupal-role-permission", false, "", "DELETE FROM {P}role_permission WHERE module = 'civicrm' LIMIT 1",
                        "INSERT INTO {P}role_permission (rid, permission, module) VALUES (1, 'access AJAX API', 'civicrm')"),
                dr("drupal-new-unprefixed-in-prefixed", false, "d7_", "CREATE TABLE block (bid int PRIMARY KEY)"),
                dr("drupal-binary-cache", false, "", "INSERT INTO {P}cache (cid, data, expire, created, serialized) VALUES ('bin', UNHEX('00FF80C328F09F9880'), 0, 1, 0)",
                        "UPDATE {P}system SET info = UNHEX('00FF80') WHERE name = 'civicrm'"),
                dr("drupal-menu-autoinc-only", false, "", "ALTER TABLE {P}menu_links AUTO_INCREMENT = 9999"),
                dr("drupal-variable-emoji", false, "", "INSERT INTO {P}variable (name, value) VALUES ('x_emoji', 's:4:\"\uD83D\uDE00\";')")
        );
        return all.stream().filter(k -> sel.isEmpty() || List.of(sel.split(",")).contains(k.name()));
    }

    static void exec(DataSource ds, List<String> sql, String prefix, String db) throws Exception {
        if (sql.isEmpty()) {
            return;
        }
        Connection c = ds.getConnection(); // closed below: back to the pool with whatever session state the SQL left
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                if (s.equals("DROP_ALL_TRIGGERS") || s.equals("DROP_ALL_VIEWS")) {
                    boolean trig = s.equals("DROP_ALL_TRIGGERS");
                    List<String> names = new ArrayList<>();
                    try (var rs = st.executeQuery(trig ? "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
                            : "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()")) {
                        while (rs.next()) {
                            names.add(rs.getString(1));
                        }
                    }
                    for (String n : names) {
                        st.execute((trig ? "DROP TRIGGER `" : "DROP VIEW `") + n + "`");
                    }
                    continue;
                }
                if (s.equals("UTF8MB4_ALL")) {
                    List<String> tables = new ArrayList<>();
                    try (var rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                            + " AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME LIKE 'civicrm\\_%'")) {
                        while (rs.next()) {
                            tables.add(rs.getString(1));
                        }
                    }
                    st.execute("SET foreign_key_checks = 0");
                    st.execute("ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                    for (String t : tables) {
                        st.execute("ALTER TABLE `" + t + "` ROW_FORMAT=DYNAMIC, CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                    }
                    st.execute("SET foreign_key_checks = 1");
                    continue;
                }
                st.execute(s.replace("{P}", prefix));
            }
        } finally {
            c.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void breakIt(Case k, TestDatabase db) throws Exception {
        try (TestDatabase own = k.ownDb() ? db.server().createDatabase() : null) {
            TestDatabase civi = own != null ? own : db;
            String from = "4.4.5";
            String to = "4.6.36";
            String[] revs = {"4.5.0", "4.6.0", "4.6.36"};
            FakeDrupalSite.Builder b = FakeDrupalSite.builder().tablePrefix(k.prefix()).civicrmDatabase(own);
            if (k.dump() != null) {
                RealDumps.RealDump dump = RealDumps.of(k.dump());
                RealDumps.load(dump, civi.coordinates(), Definers.STRIPPED);
                Version f = dump.version();
                from = f.toString();
                to = f.major() + "." + (f.minor() + 1) + ".0";
                revs = new String[] {to};
                b.existingCivicrmSchema();
            }
            FakeDrupalSite fake = b.civicrmVersion(from).create(tmp.resolve("site"), db);
            if (k.dump() == null) {
                civi.execute("UPDATE civicrm_contact SET created_date = '2020-01-02 03:04:05', first_name = CONCAT('N', LPAD(id, 3, '0'))",
                        "INSERT INTO civicrm_value_membership_extras_1 (id, entity_id, favourite_colour_1) VALUES (101, 101, 'gree'), (102, 102, 'blue')",
                        "INSERT INTO log_civicrm_contact (id, log_action, log_date) VALUES (1, 'Insert', '2020-01-01 00:00:00'),"
                        + " (1, 'Insert', '2020-01-01 00:00:00')");
            }
            Path tarball = FakeRelease.of(to).revisions(revs).writeTo(tmp.resolve("downloads"));
            Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
            SiteFingerprint before = fingerprint(fake);
            String firstRev = revs[0];
            SchemaUpgrader up = new SchemaUpgrader() {
                @Override
                public String name() {
                    return "upgrade-shaped";
                }

                @Override
                public String describe(Site s) {
                    return "upgrade-shaped";
                }

                @Override
                public List<String> upgrade(Request request) throws Exception {
                    if (request.dryRun()) {
                        return List.of("upgrade-shaped changes");
                    }
                    List<String> civiSql = new ArrayList<>();
                    if (!k.noVersionMark()) {
                        civiSql.add("UPDATE civicrm_domain SET version = '" + firstRev + ".upgrade' WHERE id = 1");
                    }
                    civiSql.addAll(k.civi());
                    exec(request.resources().civicrmDatabase(), civiSql, "", "civi");
                    exec(request.resources().cmsDatabase(), k.drupal(), k.prefix(), "drupal");
                    throw new Exception("the upgrader fails after its changes");
                }
            };
            UpgradeResult r = Upgrade.of(site).to(Release.tarball(tarball)).upgrader(up).standard().plan().run(e -> { });
            String templates = "file:root/" + fake.root().relativize(fake.templatesC()) + "/";
            String bootstrap = "table:db." + fake.table("cache_bootstrap") + ":rows";
            SiteFingerprint after = fingerprint(fake);
            List<String> diff = without(after, templates, bootstrap).diff(without(before, templates, bootstrap));
            StringBuilder out = new StringBuilder();
            out.append("case ").append(k.name()).append(" status ").append(r.status())
                    .append(" failure ").append(r.failure() == null ? "-" : r.failure().message()).append('\n');
            r.compensations().stream().filter(c -> !c.applied()).forEach(c -> out.append("NOT APPLIED ").append(c).append('\n'));
            if (r.status() == org.civiupgrade.RunStatus.ROLLBACK_INCOMPLETE) {
                try {
                    var rr = Upgrade.recover(Site.detect(fake.root()).withWorkDir(tmp.resolve("work")));
                    out.append("recover: ").append(rr.map(UpgradeResult::status).orElse(null)).append('\n');
                    rr.ifPresent(x -> x.compensations().stream().filter(c -> !c.applied()).forEach(c -> out.append("  recover NOT APPLIED ").append(c).append('\n')));
                } catch (Exception e) {
                    out.append("recover threw ").append(e).append('\n');
                }
                after = fingerprint(fake);
                diff = without(after, templates, bootstrap).diff(without(before, templates, bootstrap));
            }
            if (k.dump() == null) {
                out.append("created_date now: ").append(civi.queryColumn("SELECT CAST(created_date AS CHAR) FROM civicrm_contact ORDER BY id LIMIT 2")).append('\n');
            }
            out.append("variables now: ").append(fake.database().queryColumn("SELECT name FROM `" + fake.table("variable") + "` ORDER BY name")).append('\n');
            out.append(diff.isEmpty() ? "PASS\n" : "FAIL\n");
            diff.forEach(l -> out.append("  ").append(l.length() > 400 ? l.substring(0, 400) + "..." : l).append('\n'));
            assertThat(diff).as(out.toString()).isEmpty();
        }
    }

    /** The testkit's fingerprint of the fake site, and the default character set and collation of its database(s). */
    private static SiteFingerprint fingerprint(FakeDrupalSite fake) {
        String charset = "SELECT CONCAT(DEFAULT_CHARACTER_SET_NAME, ' ', DEFAULT_COLLATION_NAME)"
                + " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()";
        SiteFingerprint f = SiteFingerprint.of(fake).plus("dbcharset:drupal", fake.database().queryString(charset));
        return fake.civicrmDatabase() == fake.database() ? f : f.plus("dbcharset:civicrm", fake.civicrmDatabase().queryString(charset));
    }

    private static SiteFingerprint without(SiteFingerprint f, String folder, String... keys) {
        SortedMap<String, String> m = new TreeMap<>(f.entries());
        m.keySet().removeIf(x -> x.startsWith(folder));
        for (String x : keys) {
            m.remove(x);
        }
        return new SiteFingerprint(m);
    }
}
