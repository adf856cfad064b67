package org.civiupgrade.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Fills an empty schema with a CiviCRM-like database, server-side ({@code INSERT ... SELECT} from
 * MariaDB's sequence tables, so generation costs no client transfer). Scale 1 is about 1 GB of
 * table data: 500k contacts with emails, phones and addresses, 1M activities, 500k
 * contributions, 2M mailing queue and delivery events, log tables (one without a primary key
 * per logged table, as CiviCRM's logging creates them), a multilingual view, the function
 * {@code civicrm_strip_non_numeric} and logging triggers (created after the data).
 */
public final class CiviDatabaseGenerator {
    private CiviDatabaseGenerator() {
    }

    static long n(double scale, long atOne) {
        return Math.max(10, Math.round(atOne * scale));
    }

    /** Generates the database at the scale into the data source's schema. */
    public static void generate(DataSource ds, double scale) throws SQLException {
        long contacts = n(scale, 500_000);
        long activities = n(scale, 1_000_000);
        long contributions = n(scale, 500_000);
        long queue = n(scale, 2_000_000);
        long opened = n(scale, 500_000);
        long logRows = n(scale, 800_000);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0");
            String archive = "InnoDB";
            try (var rs = st.executeQuery("SELECT SUPPORT FROM information_schema.ENGINES WHERE ENGINE = 'ARCHIVE'")) {
                if (rs.next() && !"NO".equals(rs.getString(1))) {
                    archive = "ARCHIVE";
                }
            }
            String[] ddl = {
                "CREATE TABLE civicrm_domain (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64), description VARCHAR(255),"
                    + " version VARCHAR(32), contact_id INT UNSIGNED, locales TEXT, locale_custom_strings TEXT) ENGINE=InnoDB",
                "CREATE TABLE civicrm_contact (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, contact_type VARCHAR(64),"
                    + " first_name VARCHAR(64), last_name VARCHAR(64), display_name VARCHAR(128), sort_name VARCHAR(128),"
                    + " email_greeting_display VARCHAR(255), hash VARCHAR(32), is_deleted TINYINT NOT NULL DEFAULT 0, birth_date DATE,"
                    + " created_date TIMESTAMP NULL DEFAULT NULL, modified_date TIMESTAMP NULL DEFAULT NULL,"
                    + " KEY index_sort_name (sort_name), KEY index_hash (hash)) ENGINE=InnoDB",
                "CREATE TABLE civicrm_email (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, contact_id INT UNSIGNED,"
                    + " location_type_id INT UNSIGNED, email VARCHAR(254), is_primary TINYINT DEFAULT 0, on_hold TINYINT NOT NULL DEFAULT 0,"
                    + " KEY index_email (email), CONSTRAINT FK_civicrm_email_contact_id FOREIGN KEY (contact_id)"
                    + " REFERENCES civicrm_contact (id) ON DELETE CASCADE) ENGINE=InnoDB",
                "CREATE TABLE civicrm_phone (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, contact_id INT UNSIGNED,"
                    + " phone VARCHAR(32), phone_numeric VARCHAR(32), phone_type_id INT UNSIGNED, is_primary TINYINT DEFAULT 0,"
                    + " KEY index_contact (contact_id), KEY index_phone_numeric (phone_numeric)) ENGINE=InnoDB",
                "CREATE TABLE civicrm_address (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, contact_id INT UNSIGNED,"
                    + " street_address VARCHAR(96), city VARCHAR(64), postal_code VARCHAR(64), country_id INT UNSIGNED,"
                    + " geo_code_1 DOUBLE, geo_code_2 DOUBLE, KEY index_contact (contact_id)) ENGINE=InnoDB",
                "CREATE TABLE civicrm_activity (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, activity_type_id INT UNSIGNED,"
                    + " subject VARCHAR(255), activity_date_time DATETIME, details LONGTEXT, status_id INT UNSIGNED,"
                    + " is_deleted TINYINT DEFAULT 0, KEY index_activity_date_time (activity_date_time)) ENGINE=InnoDB",
                "CREATE TABLE civicrm_activity_contact (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, activity_id INT UNSIGNED,"
                    + " contact_id INT UNSIGNED, record_type_id INT UNSIGNED, KEY index_activity (activity_id), KEY index_contact (contact_id))"
                    + " ENGINE=InnoDB",
                "CREATE TABLE civicrm_contribution (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, contact_id INT UNSIGNED,"
                    + " financial_type_id INT UNSIGNED, receive_date DATETIME, total_amount DECIMAL(20,2), fee_amount DECIMAL(20,2),"
                    + " currency VARCHAR(3), trxn_id VARCHAR(255), invoice_id VARCHAR(255), contribution_status_id INT UNSIGNED,"
                    + " KEY index_contact (contact_id), UNIQUE KEY UI_contrib_trxn_id (trxn_id)) ENGINE=InnoDB",
                "CREATE TABLE civicrm_mailing_event_queue (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, job_id INT UNSIGNED,"
                    + " email_id INT UNSIGNED, contact_id INT UNSIGNED, hash VARCHAR(255), KEY index_hash (hash), KEY index_job (job_id))"
                    + " ENGINE=InnoDB",
                "CREATE TABLE civicrm_mailing_event_delivered (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                    + " event_queue_id INT UNSIGNED, time_stamp TIMESTAMP NULL DEFAULT NULL, KEY index_queue (event_queue_id)) ENGINE=InnoDB",
                "CREATE TABLE civicrm_mailing_event_opened (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                    + " event_queue_id INT UNSIGNED, time_stamp TIMESTAMP NULL DEFAULT NULL, KEY index_queue (event_queue_id)) ENGINE=InnoDB",
                "CREATE TABLE civicrm_option_value (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, option_group_id INT UNSIGNED,"
                    + " label VARCHAR(512), value VARCHAR(512), name VARCHAR(255), weight INT, is_active TINYINT DEFAULT 1) ENGINE=InnoDB",
                "CREATE TABLE log_civicrm_contact (id INT UNSIGNED, contact_type VARCHAR(64), display_name VARCHAR(128), sort_name VARCHAR(128),"
                    + " log_date TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, log_conn_id VARCHAR(17), log_user_id INT,"
                    + " log_action ENUM('Initialization','Insert','Update','Delete')) ENGINE=InnoDB",
                "CREATE TABLE log_civicrm_activity (id INT UNSIGNED, subject VARCHAR(255), activity_date_time DATETIME,"
                    + " log_date TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, log_conn_id VARCHAR(17), log_user_id INT,"
                    + " log_action ENUM('Initialization','Insert','Update','Delete')) ENGINE=" + archive,
                "CREATE TABLE users (uid INT UNSIGNED NOT NULL PRIMARY KEY, name VARCHAR(60), mail VARCHAR(254)) ENGINE=InnoDB",
                "CREATE TABLE variable (name VARCHAR(128) NOT NULL PRIMARY KEY, value LONGBLOB NOT NULL) ENGINE=InnoDB",
            };
            for (String s : ddl) {
                st.execute(s);
            }
            st.execute("INSERT INTO civicrm_domain (name, version) VALUES ('Default Domain Name', '4.7.31')");
            st.execute("INSERT INTO civicrm_contact SELECT seq, ELT(1 + seq % 3, 'Individual', 'Organization', 'Household'),"
                    + " CONCAT('Fïrst', seq), CONCAT('Last', seq % 9973), CONCAT('Fïrst', seq, ' Last', seq % 9973),"
                    + " CONCAT('Last', seq % 9973, ', Fïrst', seq), CONCAT('Dear Fïrst', seq), MD5(seq), seq % 50 = 0,"
                    + " DATE('1940-01-01') + INTERVAL (seq % 25000) DAY, FROM_UNIXTIME(1300000000 + seq * 37),"
                    + " FROM_UNIXTIME(1400000000 + seq * 41) FROM seq_1_to_" + contacts);
            st.execute("INSERT INTO civicrm_email (contact_id, location_type_id, email, is_primary) SELECT seq, 1,"
                    + " CONCAT('person', seq, '@example.org'), 1 FROM seq_1_to_" + contacts);
            st.execute("INSERT INTO civicrm_email (contact_id, location_type_id, email, is_primary) SELECT seq, 2,"
                    + " CONCAT('work', seq, '@example.com'), 0 FROM seq_1_to_" + contacts + " WHERE seq % 5 = 0");
            st.execute("INSERT INTO civicrm_phone (contact_id, phone, phone_numeric, phone_type_id, is_primary) SELECT seq,"
                    + " CONCAT('+41 (0)44 ', seq), CONCAT('41044', seq), 1, 1 FROM seq_1_to_" + contacts);
            st.execute("INSERT INTO civicrm_address (contact_id, street_address, city, postal_code, country_id, geo_code_1, geo_code_2)"
                    + " SELECT seq, CONCAT(seq % 400, ' Main Street'), ELT(1 + seq % 4, 'Zürich', 'Genève', 'Basel', 'Bern'),"
                    + " LPAD(seq % 9999, 4, '0'), 1205, 47 + (seq % 1000) / 1000, 8 + (seq % 997) / 997 FROM seq_1_to_" + contacts);
            st.execute("INSERT INTO civicrm_activity SELECT seq, 1 + seq % 60, CONCAT('Activity ', seq, ' about things'),"
                    + " FROM_UNIXTIME(1300000000 + seq * 29), IF(seq % 4 = 0, REPEAT('Details\\tline\\n', 5), NULL), 1 + seq % 3, 0"
                    + " FROM seq_1_to_" + activities);
            st.execute("INSERT INTO civicrm_activity_contact (activity_id, contact_id, record_type_id) SELECT seq, 1 + seq % "
                    + contacts + ", 3 FROM seq_1_to_" + activities);
            st.execute("INSERT INTO civicrm_contribution SELECT seq, 1 + seq % " + contacts + ", 1 + seq % 4,"
                    + " FROM_UNIXTIME(1300000000 + seq * 53), (seq % 1000) + 0.5, (seq % 10) * 0.25, 'CHF', CONCAT('trxn_', seq),"
                    + " CONCAT('inv_', MD5(seq)), 1 FROM seq_1_to_" + contributions);
            st.execute("INSERT INTO civicrm_mailing_event_queue SELECT seq, 1 + seq % 40, seq % " + contacts + " + 1, seq % "
                    + contacts + " + 1, SUBSTRING(SHA1(seq), 1, 16) FROM seq_1_to_" + queue);
            st.execute("INSERT INTO civicrm_mailing_event_delivered (event_queue_id, time_stamp) SELECT seq,"
                    + " FROM_UNIXTIME(1500000000 + seq * 3) FROM seq_1_to_" + queue);
            st.execute("INSERT INTO civicrm_mailing_event_opened (event_queue_id, time_stamp) SELECT seq * 3,"
                    + " FROM_UNIXTIME(1500000000 + seq * 7) FROM seq_1_to_" + opened);
            st.execute("INSERT INTO civicrm_option_value (option_group_id, label, value, name, weight) SELECT 1 + seq % 80,"
                    + " CONCAT('Label ', seq), seq, CONCAT('name_', seq), seq FROM seq_1_to_2000");
            st.execute("INSERT INTO log_civicrm_contact (id, contact_type, display_name, sort_name, log_date, log_conn_id, log_action)"
                    + " SELECT 1 + seq % " + contacts + ", 'Individual', CONCAT('Name ', seq), CONCAT('Sort ', seq),"
                    + " FROM_UNIXTIME(1300000000 + seq * 13), LPAD(HEX(seq % 5000), 13, '0'), ELT(1 + seq % 3, 'Insert', 'Update', 'Delete')"
                    + " FROM seq_1_to_" + logRows);
            st.execute("INSERT INTO log_civicrm_activity (id, subject, activity_date_time, log_date, log_conn_id, log_action)"
                    + " SELECT 1 + seq % " + activities + ", CONCAT('Activity ', seq), FROM_UNIXTIME(1300000000 + seq * 29),"
                    + " FROM_UNIXTIME(1300000000 + seq * 11), LPAD(HEX(seq % 5000), 13, '0'), 'Update' FROM seq_1_to_" + (logRows / 2));
            st.execute("INSERT INTO users SELECT seq, CONCAT('user', seq), CONCAT('user', seq, '@example.net') FROM seq_0_to_200");
            st.execute("INSERT INTO variable VALUES ('site_frontpage', 's:4:\"node\";'), ('maintenance_mode', 'i:0;')");
            st.execute("CREATE FUNCTION civicrm_strip_non_numeric(input VARCHAR(255)) RETURNS VARCHAR(255) CHARSET utf8mb4"
                    + " NO SQL DETERMINISTIC BEGIN DECLARE output VARCHAR(255) DEFAULT ''; DECLARE iterator INT DEFAULT 1;"
                    + " WHILE iterator < (LENGTH(input) + 1) DO IF SUBSTRING(input, iterator, 1) IN ('0','1','2','3','4','5','6','7','8','9')"
                    + " THEN SET output = CONCAT(output, SUBSTRING(input, iterator, 1)); END IF; SET iterator = iterator + 1; END WHILE;"
                    + " RETURN output; END");
            st.execute("CREATE VIEW civicrm_contact_en_US AS SELECT id, contact_type, first_name, last_name, display_name, sort_name"
                    + " FROM civicrm_contact");
            for (String action : new String[] {"insert", "update", "delete"}) {
                String row = action.equals("delete") ? "OLD" : "NEW";
                st.execute("CREATE TRIGGER civicrm_contact_after_" + action + " AFTER " + action.toUpperCase() + " ON civicrm_contact"
                        + " FOR EACH ROW INSERT INTO log_civicrm_contact (id, contact_type, display_name, sort_name, log_conn_id, log_action)"
                        + " VALUES (" + row + ".id, " + row + ".contact_type, " + row + ".display_name, " + row + ".sort_name,"
                        + " CONNECTION_ID(), '" + Character.toUpperCase(action.charAt(0)) + action.substring(1) + "')");
            }
            st.execute("CREATE TRIGGER civicrm_phone_before_insert BEFORE INSERT ON civicrm_phone FOR EACH ROW"
                    + " SET NEW.phone_numeric = civicrm_strip_non_numeric(NEW.phone)");
            st.execute("ANALYZE TABLE civicrm_contact, civicrm_activity, civicrm_mailing_event_queue");
        }
    }
}
