package org.civiupgrade.drupal7.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.junit.jupiter.api.Test;

class DrupalSettingsReaderTest {
    /** Bytes of PHP's own var_export(), as Drupal's installer writes them. */
    static final String INSTALLER = "<?php\n\n/**\n * @file\n * Drupal site-specific configuration file.\n */\n\n"
            + "$databases = array (\n  'default' => \n  array (\n    'default' => \n    array (\n"
            + "      'database' => 'civi_d7',\n      'username' => 'd7user',\n      'password' => 'p\\'a\\\\\\\\ss\"word',\n"
            + "      'host' => 'db.example.org',\n      'port' => '3307',\n      'driver' => 'mysql',\n      'prefix' => \n"
            + "      array (\n        'default' => 'd7_',\n        'users' => 'shared_',\n      ),\n    ),\n  ),\n);\n\n"
            + "$update_free_access = FALSE;\n$drupal_hash_salt = '';\n";

    @Test
    void readsTheInstallersVarExportForm() {
        DatabaseCoordinates c = DrupalSettingsReader.read(INSTALLER, "settings.php");
        assertThat(c.database()).isEqualTo("civi_d7");
        assertThat(c.user()).isEqualTo("d7user");
        assertThat(c.password().reveal()).isEqualTo("p'a\\\\ss\"word");
        assertThat(c.host()).isEqualTo("db.example.org");
        assertThat(c.port()).isEqualTo(3307);
        assertThat(c.tablePrefix()).isEqualTo("d7_");
    }

    @Test
    void readsHandWrittenAssignmentsAndIgnoresCommentedOnes() {
        String php = "<?php\n# $databases['default']['default'] = array('database' => 'wrong');\n"
                + "/* $databases['default']['default'] = array(\n 'database' => 'old',\n); */\n"
                + "$databases['default']['default'] = array(\n  'driver' => 'mysql',\n  'database' => \"drupal\",\n"
                + "  'username' => 'web', // the web user\n  'password' => \"s\\$cr\\\"et\",\n  'host' => 'localhost',\n"
                + "  'port' => 3306,\n  'prefix' => '',\n);\n$databases['default']['default']['prefix'] = 'main_';\n"
                + "$conf['site_name'] = variable_get('x', 'y');\n?>\n";
        DatabaseCoordinates c = DrupalSettingsReader.read(php, "settings.php");
        assertThat(c.database()).isEqualTo("drupal");
        assertThat(c.user()).isEqualTo("web");
        assertThat(c.password().reveal()).isEqualTo("s$cr\"et");
        assertThat(c.port()).isEqualTo(3306);
        assertThat(c.tablePrefix()).isEqualTo("main_");
    }

    @Test
    void aConnectionSetUnderAConditionIsRefusedNotGuessed() {
        String[] forms = {
            INSTALLER + "if ($_SERVER['HTTP_HOST'] == 'staging.example.org') {\n  $databases['default']['default']['database'] = 'staging';\n}\n",
            INSTALLER + "if (getenv('STAGING'))\n  $databases['default']['default']['host'] = 'staging-db';\n",
            INSTALLER + "if (FALSE) {\n} else $databases['default']['default']['password'] = 'other';\n",
            "<?php\nswitch (php_uname('n')) {\n  case 'live':\n    $databases = array('default' => array('default' => array('database' => 'x')));\n}\n",
        };
        for (String php : forms) {
            assertThatThrownBy(() -> DrupalSettingsReader.read(php, "sites/default/settings.php"))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SITE_INVALID);
                        assertThat(e.getMessage()).contains("sites/default/settings.php line").contains("under a condition")
                                .doesNotContain("ss\"word");
                        assertThat(e.remedy()).contains("unconditionally");
                    });
        }
    }

    @Test
    void anIncludeThatMayChangeTheConnectionIsRefusedAndOneBeforeAWholeConnectionIsNot() {
        String after = INSTALLER + "if (file_exists(__DIR__ . '/settings.local.php')) {\n  include __DIR__ . '/settings.local.php';\n}\n";
        assertThatThrownBy(() -> DrupalSettingsReader.read(after, "settings.php")).isInstanceOfSatisfying(UpgradeException.class,
                e -> assertThat(e.getMessage()).contains("settings.php line 31 includes another PHP file"));
        String only = "<?php\nrequire_once '/etc/drupal/db.php';\n";
        assertThatThrownBy(() -> DrupalSettingsReader.read(only, "settings.php")).hasMessageContaining("line 2 includes");
        String before = "<?php\ninclude_once DRUPAL_ROOT . '/sites/all/common.settings.php';\n" + INSTALLER.substring("<?php\n".length());
        assertThat(DrupalSettingsReader.read(before, "settings.php").database()).isEqualTo("civi_d7");
    }

    @Test
    void readsShortArraySyntaxAndConcatenation() {
        String php = "<?php\n$databases = ['default' => ['default' => ['database' => 'd' . '7', 'username' => 'u',"
                + " 'password' => '', 'host' => '127.0.0.1', 'driver' => 'mysql', 'prefix' => ['default' => 'x_']]]];\n";
        DatabaseCoordinates c = DrupalSettingsReader.read(php, "settings.php");
        assertThat(c.database()).isEqualTo("d7");
        assertThat(c.tablePrefix()).isEqualTo("x_");
        assertThat(c.port()).isEqualTo(3306);
    }

    @Test
    void readsADrupal6DbUrlLeftover() {
        String php = "<?php\n$db_url = 'mysql://old%40user:p%3Ass%40@db:3308/legacy';\n$db_prefix = 'd6_';\n";
        DatabaseCoordinates c = DrupalSettingsReader.read(php, "settings.php");
        assertThat(c.user()).isEqualTo("old@user");
        assertThat(c.password().reveal()).isEqualTo("p:ss@");
        assertThat(c.host()).isEqualTo("db");
        assertThat(c.port()).isEqualTo(3308);
        assertThat(c.database()).isEqualTo("legacy");
        assertThat(c.tablePrefix()).isEqualTo("d6_");
    }

    @Test
    void refusesAFileWithoutLiteralCredentialsWithoutShowingThePassword() {
        String php = "<?php\n$databases['default']['default'] = getenv('DB');\n$other = 'hunter2';\n";
        assertThatThrownBy(() -> DrupalSettingsReader.read(php, "sites/default/settings.php"))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SITE_INVALID);
                    assertThat(e.getMessage()).contains("sites/default/settings.php").doesNotContain("hunter2");
                });
        assertThatThrownBy(() -> DrupalSettingsReader.read("<?php\n$databases['default']['default'] = array('driver' => 'pgsql',"
                + " 'database' => 'd', 'password' => 'hunter2');\n", "settings.php"))
                .hasMessageContaining("pgsql").hasMessageNotContaining("hunter2");
    }

    @Test
    void anUnterminatedStringNamesTheLineNotTheValue() {
        String php = "<?php\n$databases['default']['default'] = array(\n  'password' => 'hunter2,\n);\n";
        assertThatThrownBy(() -> DrupalSettingsReader.read(php, "settings.php"))
                .isInstanceOf(UpgradeException.class).hasMessageContaining("line 3").hasMessageNotContaining("hunter2");
    }

    @Property(tries = 300)
    void anyCredentialsWrittenByVarExportReadBack(
            @ForAll @StringLength(min = 1, max = 20) @CharRange(from = ' ', to = '~') String password,
            @ForAll @StringLength(min = 1, max = 12) @CharRange(from = 'a', to = 'z') String database,
            @ForAll @StringLength(max = 8) @CharRange(from = ' ', to = '~') String user,
            @ForAll("prefixes") String prefix) {
        String php = "<?php\n$databases = array (\n  'default' => \n  array (\n    'default' => \n    array (\n"
                + "      'database' => " + varExport(database) + ",\n      'username' => " + varExport(user) + ",\n"
                + "      'password' => " + varExport(password) + ",\n      'host' => 'localhost',\n      'port' => '',\n"
                + "      'driver' => 'mysql',\n      'prefix' => " + varExport(prefix) + ",\n    ),\n  ),\n);\n";
        DatabaseCoordinates c = DrupalSettingsReader.read(php, "settings.php");
        assertThat(c.password().reveal()).isEqualTo(password);
        assertThat(c.user()).isEqualTo(user);
        assertThat(c.database()).isEqualTo(database);
        assertThat(c.tablePrefix()).isEqualTo(prefix);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> prefixes() {
        return net.jqwik.api.Arbitraries.of("", "d7_", "drupal_", "x");
    }

    @Property(tries = 300)
    void aMalformedDbUrlIsRefusedWithoutAnyPartOfItsUserInfo(
            @ForAll @StringLength(max = 8) @CharRange(from = 'a', to = 'z') String userTail,
            @ForAll @StringLength(max = 8) @CharRange(from = '0', to = '9') String pwTail,
            @ForAll("dbUrlBreakages") String shape) {
        String user = "Us" + userTail + "R5";
        String password = "Pw" + pwTail + "x?Q7";
        String url = shape.replace("USER", user).replace("PASS", password);
        String php = "<?php\n$db_url = " + varExport(url) + ";\n$db_prefix = 'd6_';\n";
        assertThatThrownBy(() -> DrupalSettingsReader.read(php, "sites/default/settings.php"))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(password).doesNotContain(user);
                    }
                    assertThat(e.remedy()).doesNotContain(password).doesNotContain(user);
                });
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> dbUrlBreakages() {
        return net.jqwik.api.Arbitraries.of("mysqli://USER:PASS/drupal6", "mysql://USER:PASS@db:PASS/drupal6", "mysql:USER:PASS@db/d6",
                "mysqli://USER:PASS@db", "mysql://USER:PASS@unix(/run/mysqld/mysqld.sock)/d6", "mysql://USER:PASS%E9@db/d6",
                "mysql://USER@PASS:PASS@db:PASS/d6", "pgsql://USER:PASS@db/d6", "mysql://USER:PASS@:0/d6");
    }

    @Test
    void aLatin1PasswordInSettingsPhpIsRefusedWithoutPrintingIt() throws Exception {
        byte[] databases = "<?php\n$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'd7', 'username' => 'u',"
                .concat(" 'password' => 'Bl\u00e5b\u00e6r', 'host' => 'h');\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] dbUrl = "<?php\n$db_url = 'mysqli://u:Bl\u00e5b\u00e6r@h/d6';\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.nio.file.Path root = java.nio.file.Files.createTempDirectory("drupal");
        java.nio.file.Path settings = java.nio.file.Files.createDirectories(root.resolve("sites/default")).resolve("settings.php");
        for (byte[] file : new byte[][] {databases, dbUrl}) {
            java.nio.file.Files.write(settings, file);
            assertThatThrownBy(() -> DrupalSettingsReader.read(settings, root, "sites/default/settings.php"))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.getMessage()).contains("not valid UTF-8").doesNotContain("Bl");
                        assertThat(e.remedy()).contains("UTF-8").doesNotContain("Bl");
                    });
        }
        // the same password saved as UTF-8 reads back exactly
        java.nio.file.Files.write(settings, new String(databases, java.nio.charset.StandardCharsets.ISO_8859_1)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(DrupalSettingsReader.read(settings, root, "sites/default/settings.php").password().reveal())
                .isEqualTo("Bl\u00e5b\u00e6r");
    }

    /** PHP's var_export() of a string without NUL bytes. */
    static String varExport(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
