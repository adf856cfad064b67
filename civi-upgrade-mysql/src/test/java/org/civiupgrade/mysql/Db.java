package org.civiupgrade.mysql;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;

/** Test helpers: pools, statements, and content fingerprints computed by the server. */
final class Db {
    private Db() {
    }

    static HikariDataSource pool(DatabaseCoordinates c) {
        return MySqlDataSourceFactory.pool(c, 6);
    }

    static HikariDataSource pool(TestDatabase db) {
        return pool(db.coordinates());
    }

    static void exec(javax.sql.DataSource ds, String... sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static List<String> column(javax.sql.DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Sorted per-row SHA-256 of every column's hex, computed by the server: equal lists mean equal bytes. */
    static List<String> rowDigests(javax.sql.DataSource ds, String schema, String table) {
        return rowDigests(ds, schema, table, column(ds, "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                + schema + "' AND TABLE_NAME = '" + table + "' ORDER BY ORDINAL_POSITION"));
    }

    private static List<String> rowDigests(javax.sql.DataSource ds, String schema, String table, List<String> cols) {
        StringBuilder expr = new StringBuilder("SHA2(CONCAT_WS('|'");
        for (String c : cols) {
            expr.append(", IFNULL(HEX(`").append(c).append("`), 'NULL')");
        }
        expr.append("), 256)");
        List<String> out = column(ds, "SELECT " + expr + " FROM `" + schema + "`.`" + table + "`");
        Collections.sort(out);
        return out;
    }

    /**
     * The testkit's {@link SiteFingerprint} of a schema (every table's definition, counter and rows,
     * views, triggers, routines, events), or only of CiviCRM's tables ({@code civicrm_*},
     * {@code log_civicrm_*}) in a database shared with Drupal.
     */
    static SiteFingerprint fingerprint(javax.sql.DataSource ds, String schema, boolean civicrmOnly) {
        SiteFingerprint all = SiteFingerprint.builder().schema("db", ds, schema).build();
        return civicrmOnly ? all.onlyTables(t -> t.startsWith("civicrm_") || t.startsWith("log_civicrm_")) : all;
    }

    /**
     * Every view, trigger and routine of a schema with its definition as the server holds it, and
     * every table's AUTO_INCREMENT counter; DEFINERs left out (a restore makes the restoring
     * account the definer).
     */
    static List<String> objectsAndCounters(javax.sql.DataSource ds, String schema) {
        String s = "'" + schema + "'";
        return column(ds, "SELECT CONCAT('VIEW ', TABLE_NAME, ': ', VIEW_DEFINITION) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = " + s
                + " UNION ALL SELECT CONCAT('TRIGGER ', TRIGGER_NAME, ' ', ACTION_TIMING, ' ', EVENT_MANIPULATION, ' ON ',"
                + " EVENT_OBJECT_TABLE, ': ', ACTION_STATEMENT) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = " + s
                + " UNION ALL SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME, ': ', ROUTINE_DEFINITION) FROM information_schema.ROUTINES"
                + " WHERE ROUTINE_SCHEMA = " + s
                + " UNION ALL SELECT CONCAT('COUNTER ', TABLE_NAME, '=', IFNULL(AUTO_INCREMENT, 'none')) FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = " + s + " AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1");
    }

    static String createTable(javax.sql.DataSource ds, String schema, String table) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE TABLE `" + schema + "`.`" + table + "`")) {
            rs.next();
            return rs.getString(2).replaceAll(" AUTO_INCREMENT=\\d+", "");
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A small CiviCRM-like schema: domain, contacts, emails, a log table without key, triggers, the function, a multilingual view. */
    static void civicrmSchema(javax.sql.DataSource ds, String version) {
        exec(ds,
                "CREATE TABLE civicrm_domain (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64),"
                        + " config_backend TEXT, version VARCHAR(32), contact_id INT UNSIGNED) ENGINE=InnoDB",
                "INSERT INTO civicrm_domain (name, version) VALUES ('Default Domain Name', " + (version == null ? "NULL" : "'" + version + "'") + ")",
                "CREATE TABLE civicrm_contact (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, contact_type VARCHAR(64),"
                        + " display_name VARCHAR(128), sort_name VARCHAR(128), phone_numeric VARCHAR(32), is_deleted TINYINT NOT NULL DEFAULT 0,"
                        + " created_date TIMESTAMP NULL DEFAULT NULL) ENGINE=InnoDB",
                "CREATE TABLE civicrm_email (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, contact_id INT UNSIGNED,"
                        + " email VARCHAR(254), is_primary TINYINT DEFAULT 0, CONSTRAINT FK_civicrm_email_contact_id FOREIGN KEY (contact_id)"
                        + " REFERENCES civicrm_contact (id) ON DELETE CASCADE) ENGINE=InnoDB",
                "CREATE TABLE log_civicrm_contact (id INT UNSIGNED, contact_type VARCHAR(64), display_name VARCHAR(128),"
                        + " log_date TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, log_conn_id VARCHAR(17), log_user_id INT,"
                        + " log_action ENUM('Initialization','Insert','Update','Delete')) ENGINE=InnoDB",
                "CREATE TRIGGER civicrm_contact_after_insert AFTER INSERT ON civicrm_contact FOR EACH ROW BEGIN"
                        + " INSERT INTO log_civicrm_contact (id, contact_type, display_name, log_conn_id, log_action)"
                        + " VALUES (NEW.id, NEW.contact_type, NEW.display_name, CONNECTION_ID(), 'Insert'); END",
                "CREATE TRIGGER civicrm_contact_after_update AFTER UPDATE ON civicrm_contact FOR EACH ROW BEGIN"
                        + " INSERT INTO log_civicrm_contact (id, contact_type, display_name, log_conn_id, log_action)"
                        + " VALUES (NEW.id, NEW.contact_type, NEW.display_name, CONNECTION_ID(), 'Update'); END",
                "CREATE FUNCTION civicrm_strip_non_numeric(input VARCHAR(255)) RETURNS VARCHAR(255) CHARSET utf8mb4"
                        + " NO SQL DETERMINISTIC BEGIN DECLARE output VARCHAR(255) DEFAULT ''; DECLARE iterator INT DEFAULT 1;"
                        + " WHILE iterator < (LENGTH(input) + 1) DO IF SUBSTRING(input, iterator, 1) IN ('0','1','2','3','4','5','6','7','8','9')"
                        + " THEN SET output = CONCAT(output, SUBSTRING(input, iterator, 1)); END IF; SET iterator = iterator + 1; END WHILE;"
                        + " RETURN output; END",
                "CREATE VIEW civicrm_contact_en_US AS SELECT id, contact_type, display_name, sort_name FROM civicrm_contact",
                "INSERT INTO civicrm_contact (contact_type, display_name, sort_name, phone_numeric, created_date) VALUES"
                        + " ('Individual', 'Zoë 😀 Tab\\tand\\\\slash', 'Zoë', civicrm_strip_non_numeric('+41 (0)44 123'), '2021-10-31 01:30:00'),"
                        + " ('Organization', 'Acme', 'Acme', NULL, NULL)",
                "INSERT INTO civicrm_email (contact_id, email, is_primary) VALUES (1, 'zoe@example.org', 1), (2, 'info@acme.test', 1)");
    }
}
