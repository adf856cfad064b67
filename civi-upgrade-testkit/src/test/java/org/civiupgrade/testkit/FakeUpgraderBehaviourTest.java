package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import org.civiupgrade.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the fake upgrader does like CiviCRM's, on a fake site's tables: snapshot tables recreated
 * on a retry, the indexed and foreign-key columns added once however often the task runs, and the
 * Drupal rows the cache flush rewrites.
 */
@WithTestDatabase
class FakeUpgraderBehaviourTest {
    @TempDir
    Path tmp;

    @Test
    void snapshotTablesAreRecreatedOnARetryAndColumnsAreAddedOnce(TestDatabase db) throws Exception {
        FakeDrupalSite.builder().civicrmVersion("5.50.1").create(tmp.resolve("site"), db);
        try (Connection c = TestDatabase.connect(db.coordinates())) {
            FakeSchemaUpgrader.snapshot(c, Version.parse("5.51.0"));
            db.execute("INSERT INTO civicrm_contact (contact_type, sort_name) VALUES ('Individual', 'Later, Ann')");
            FakeSchemaUpgrader.snapshot(c, Version.parse("5.51.0"));
            FakeSchemaUpgrader.addColumns(c);
            FakeSchemaUpgrader.addColumns(c);
        }
        assertThat(db.queryString("SELECT COUNT(*) FROM snap_civicrm_v5_51_contact"))
                .as("the retry dropped and recreated the snapshot").isEqualTo(db.queryString("SELECT COUNT(*) FROM civicrm_contact"));
        assertThat(db.queryColumn("SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = 'civicrm_contact' AND COLUMN_NAME = 'modified_date'")).containsExactly("index_modified_date");
        assertThat(db.queryColumn("SELECT CONCAT(COLUMN_NAME, '->', REFERENCED_TABLE_NAME) FROM information_schema.KEY_COLUMN_USAGE"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'civicrm_participant' AND CONSTRAINT_NAME = 'FK_civicrm_participant_created_id'"))
                .containsExactly("created_id->civicrm_contact");
        assertThat(db.queryString("SELECT COUNT(*) FROM civicrm_participant WHERE created_id = contact_id")).isNotEqualTo("0");
    }

    @Test
    void theCacheFlushRewritesDrupalRowsWithThePrefix(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("5.50.1").tablePrefix("d7_").create(tmp.resolve("site"), db);
        java.util.List<String> links = db.queryColumn("SELECT link_path FROM d7_menu_links");
        try (Connection c = TestDatabase.connect(db.coordinates())) {
            DrupalCacheFlush.run(c, "d7_", Version.parse("5.56.1"));
        }
        assertThat(new String(fake.variable("css_js_query_string"), StandardCharsets.UTF_8)).matches("s:6:\"[0-9a-f]{6}\";");
        assertThat(new String(db.queryBytes("SELECT info FROM d7_system WHERE name = 'civicrm'"), StandardCharsets.UTF_8))
                .contains("s:7:\"version\";s:10:\"7.x-5.56.1\";");
        assertThat(db.queryColumn("SELECT name FROM d7_registry WHERE module = 'civicrm'")).contains("civicrm_api4_menu");
        assertThat(db.queryColumn("SELECT link_path FROM d7_menu_links")).hasSize(links.size() + 1).contains("civicrm/ajax/api4");
        assertThat(fake.cacheIds("cache_page")).isEmpty();
        assertThat(fake.cacheIds("cache_bootstrap")).containsExactly("system_list");
    }
}
