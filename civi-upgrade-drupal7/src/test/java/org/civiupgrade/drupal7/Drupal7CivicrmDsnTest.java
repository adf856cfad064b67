package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.PhpCli;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CiviCRM's database is read from civicrm.settings.php as PHP reads it, or the site is refused
 * naming the file, the line and the fix: Drupal's database is never taken for CiviCRM's.
 */
@WithTestDatabase
class Drupal7CivicrmDsnTest {
    private static final String HEAD = "<?php\nglobal $civicrm_root, $civicrm_setting, $civicrm_paths;\n"
            + "if (!defined('CIVICRM_UF')) {\n  if (getenv('CIVICRM_UF')) {\n    define('CIVICRM_UF', getenv('CIVICRM_UF'));\n  }\n"
            + "  else {\n    define('CIVICRM_UF', 'Drupal');\n  }\n}\n";
    private static final String TAIL = "if (!defined('CIVICRM_TEMPLATE_COMPILEDIR')) {\n"
            + "  define('CIVICRM_TEMPLATE_COMPILEDIR', '/srv/site/files/civicrm/templates_c/');\n}\n"
            + "require_once 'CRM/Core/ClassLoader.php';\nCRM_Core_ClassLoader::singleton()->register();\n";

    @TempDir
    Path tmp;

    private Site detectWith(TestDatabase db, String dsnPart) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().create(tmp, db);
        Files.writeString(fake.siteDir().resolve("civicrm.settings.php"), HEAD + dsnPart + TAIL, StandardCharsets.ISO_8859_1);
        return Site.detect(fake.root());
    }

    @Test
    void theInstallersNestedGuardsNameCivicrmsOwnDatabase(TestDatabase db) throws Exception {
        Site site = detectWith(db, "if (!defined('CIVICRM_DSN')) {\n"
                + "  if (CIVICRM_UF === 'UnitTests' && isset($GLOBALS['_CV']['TEST_DB_DSN'])) {\n"
                + "    define('CIVICRM_DSN', $GLOBALS['_CV']['TEST_DB_DSN']);\n  }\n  else {\n"
                + "    define('CIVICRM_DSN', 'mysql://civi_user:c1v1pass@127.0.0.1:3306/civi_db?new_link=true');\n  }\n}\n"
                + "if (!defined('CIVICRM_LOGGING_DSN')) {\n  define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);\n}\n");
        assertThat(site.civicrmDatabase().database()).isEqualTo("civi_db").isNotEqualTo(site.cmsDatabase().database());
        assertThat(site.civicrmDatabase().user()).isEqualTo("civi_user");
        assertThat(site.civicrmLoggingDatabase()).isEmpty();
        assertThat(site.attribute("civicrm.templateCompileDir")).contains("/srv/site/files/civicrm/templates_c");
    }

    private void assertRefused(TestDatabase db, String dsnPart, int line, String why) {
        assertThatThrownBy(() -> detectWith(db, dsnPart)).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.code()).isIn(ErrorCode.SETTINGS_INVALID, ErrorCode.SITE_INVALID);
            assertThat(e.getMessage()).contains("sites/default/civicrm.settings.php").contains(why).contains("line")
                    .contains(Integer.toString(line)).doesNotContain("s3cret");
            assertThat(e.remedy()).contains("define(").doesNotContain("s3cret");
        });
    }

    @Test
    void aMissingDsnIsRefusedNotReplacedByDrupalsDatabase(TestDatabase db) {
        assertRefused(db, "// define('CIVICRM_DSN', 'mysql://u:s3cret@h/civi');\n", 11, "not defined");
    }

    @Test
    void aDsnDependingOnRunTimeIsRefused(TestDatabase db) {
        assertRefused(db, "if (file_exists(__DIR__ . '/staging')) {\n  define('CIVICRM_DSN', 'mysql://u:s3cret@h/staging');\n}\n"
                + "else {\n  define('CIVICRM_DSN', 'mysql://u:s3cret@h/live');\n}\n", 12, "depends on run time");
    }

    @Test
    void aComputedDsnIsRefused(TestDatabase db) {
        assertRefused(db, "define('CIVICRM_DSN', 'mysql://u:' . rawurlencode('s3cret') . '@h/civi');\n", 11, "only PHP can compute");
    }

    @Test
    void aComputedLoggingDsnIsRefused(TestDatabase db) {
        assertRefused(db, "define('CIVICRM_DSN', 'mysql://u:s3cret@h/civi');\n"
                + "define('CIVICRM_LOGGING_DSN', getenv('LOG') ? 'x' : sprintf('mysql://u:s3cret@h/%s', 'log'));\n", 12,
                "CIVICRM_LOGGING_DSN");
    }

    @Test
    void aDsnOnlyForUnitTestsIsRefused(TestDatabase db) {
        assertRefused(db, "if (CIVICRM_UF === 'UnitTests') {\n  define('CIVICRM_DSN', 'mysql://u:s3cret@h/test');\n}\n", 12,
                "branch not taken");
    }

    @Test
    void withPhpTheRunTimeDsnIsWhatPhpDefines(TestDatabase db) throws Exception {
        Path php = PhpCli.require("a DSN only PHP can compute");
        FakeDrupalSite fake = FakeDrupalSite.builder().create(tmp, db);
        Files.writeString(fake.siteDir().resolve("civicrm.settings.php"), HEAD
                + "if (file_exists(__DIR__ . '/staging')) {\n  define('CIVICRM_DSN', 'mysql://u:s3cret@h/staging');\n}\n"
                + "else {\n  define('CIVICRM_DSN', 'mysql://u:s3cret@h:3307/live');\n}\n"
                + "define('CIVICRM_LOGGING_DSN', 'mysql://log:' . rawurlencode('l@g') . '@h/civi_log');\n" + TAIL,
                StandardCharsets.ISO_8859_1);
        Site site = Site.detect(fake.root(), null, php);
        assertThat(site.civicrmDatabase().database()).isEqualTo("live");
        assertThat(site.civicrmDatabase().port()).isEqualTo(3307);
        assertThat(site.civicrmLoggingDatabase()).get().satisfies(l -> {
            assertThat(l.database()).isEqualTo("civi_log");
            assertThat(l.password().reveal()).isEqualTo("l@g");
        });
        // the same file read by PHP on a host where the marker exists
        Files.writeString(fake.siteDir().resolve("staging"), "");
        assertThat(Site.detect(fake.root(), null, php).civicrmDatabase().database()).isEqualTo("staging");
        assertThatThrownBy(() -> Site.detect(fake.root())).hasMessageContaining("depends on run time");
    }

    @Test
    void aCompileDirThatCannotBeReadIsRefused(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().create(tmp, db);
        Files.writeString(fake.siteDir().resolve("civicrm.settings.php"), HEAD
                + "define('CIVICRM_DSN', 'mysql://u:s3cret@h/civi');\ndefine('CIVICRM_TEMPLATE_COMPILEDIR', dirname(__FILE__) . '/t/');\n",
                StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Site.detect(fake.root())).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.getMessage()).contains("CIVICRM_TEMPLATE_COMPILEDIR").contains("line 12");
            assertThat(e.remedy()).contains("define('CIVICRM_TEMPLATE_COMPILEDIR'");
        });
    }
}
