package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.civiupgrade.php.PhpSerialization;
import org.civiupgrade.php.PhpValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithTestDatabase
class FakeDrupalSiteTest {
    @TempDir
    Path tmp;

    @Test
    void writesARealDrupal7TreeAndTables(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.7.31").tablePrefix("d7_").multisite("crm.example.org")
                .withBundledIntegrationModules().withContribIntegrationModules().frontPage("civicrm/dashboard")
                .maintenanceMode("s:1:\"1\";").contacts(1200).create(tmp, db);
        Path root = fake.root();
        assertThat(Files.readString(root.resolve("includes/bootstrap.inc"))).contains("define('VERSION', '7.105');");
        assertThat(Files.readString(root.resolve("sites/default/settings.php")))
                .contains("$databases = array (\n  'default' => \n  array (\n    'default' => \n    array (\n")
                .contains("      'prefix' => 'd7_',\n");
        assertThat(root.resolve("sites/crm.example.org/civicrm.settings.php")).exists();
        assertThat(Files.readString(root.resolve("sites/all/modules/civicrm/civicrm-version.php"))).contains("'4.7.31'");
        assertThat(Files.readString(root.resolve("sites/all/modules/civicrm/drupal/civicrm.info")))
                .contains("name = CiviCRM\n").contains("version = 4.7.31\n").contains("core = 7.x\n");
        assertThat(Files.readString(fake.siteDir().resolve("civicrm.settings.php")))
                .contains("CRM_Core_ClassLoader::singleton()->register();");
        try (var s = Files.list(fake.templatesC().resolve("en_US"))) {
            assertThat(s.count()).isEqualTo(3);
        }

        assertThat(fake.variable("maintenance_mode")).isEqualTo("s:1:\"1\";".getBytes(StandardCharsets.UTF_8));
        assertThat(fake.variable("site_frontpage")).isEqualTo("s:17:\"civicrm/dashboard\";".getBytes(StandardCharsets.UTF_8));
        PhpValue.Array info = (PhpValue.Array) PhpSerialization.unserialize(
                db.queryBytes("SELECT info FROM d7_system WHERE name = 'webform_civicrm'"));
        assertThat(info.getString("package")).contains("CiviCRM");
        assertThat(info.get("dependencies")).contains(PhpValue.Array.listOf(java.util.List.of("webform (>=7.x-4.0)", "civicrm (>=4.4)")));
        assertThat(info.get("mtime")).isPresent();
        assertThat(db.queryString("SELECT filename FROM d7_system WHERE name = 'civicrm'"))
                .isEqualTo("sites/all/modules/civicrm/drupal/civicrm.module");
        assertThat(fake.cacheIds("cache_bootstrap")).contains("variables", "system_list", "module_implements", "bootstrap_modules");
        PhpValue vars = PhpSerialization.unserialize(db.queryBytes("SELECT data FROM d7_cache_bootstrap WHERE cid = 'variables'"));
        assertThat(((PhpValue.Array) vars).getString("site_frontpage")).contains("civicrm/dashboard");
        assertThat(fake.cacheIds("cache_views")).isNotEmpty();
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.7.31");
        assertThat(db.queryString("SELECT COUNT(*) FROM civicrm_contact")).isEqualTo("1200");
        assertThat(db.queryString("SELECT COUNT(*) FROM log_civicrm_contact")).as("logging triggers fired").isEqualTo("1200");
        assertThat(db.queryColumn("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1"))
                .containsExactly("civicrm_contact_after_delete", "civicrm_contact_after_insert", "civicrm_contact_after_update");
        assertThat(db.queryString("SELECT civicrm_strip_non_numeric('+41 (0)44-123')")).isEqualTo("41044123");
        assertThat(db.queryString("SELECT COUNT(*) FROM civicrm_contact_en_US")).isEqualTo("1200");
        assertThat(db.queryString("SELECT COUNT(*) FROM civicrm_value_membership_extras_1")).isEqualTo("1200");
        assertThat(db.queryColumn("SHOW TABLES LIKE 'civicrm_domain'")).hasSize(1);
        assertThat(db.queryColumn("SHOW TABLES LIKE 'd7_civicrm%'")).isEmpty();
    }
}
