package org.civiupgrade.examples.backdrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backdrop's settings.php in the forms its shipped file and its documentation give, read without PHP. */
class BackdropSettingsTest {
    @TempDir
    Path root;

    private BackdropSettings read(String settings) throws Exception {
        Files.writeString(root.resolve("settings.php"), settings);
        return BackdropSettings.read(root);
    }

    @Test
    void theSingleDsnFormWithPrefixAndTheShippedConfigFolder() throws Exception {
        BackdropSettings s = read("<?php\n/**\n * @code\n * $config_directories['active'] = '../config/active';\n * @endcode\n */\n"
                + "$database = 'mysql://backdrop:s%40cret@db.example.org:3307/bd_site';\n$database_prefix = 'bd_';\n"
                + "// $database = 'mysql://user:pass@localhost/database_name';\n"
                + "$config_directories['active'] = 'files/config_' . md5($database) . '/active';\n");

        assertThat(s.database().host()).isEqualTo("db.example.org");
        assertThat(s.database().port()).isEqualTo(3307);
        assertThat(s.database().database()).isEqualTo("bd_site");
        assertThat(s.database().user()).isEqualTo("backdrop");
        assertThat(s.database().password().reveal()).isEqualTo("s@cret");
        assertThat(s.database().tablePrefix()).isEqualTo("bd_");
        // md5('mysql://backdrop:s%40cret@db.example.org:3307/bd_site'), as PHP computes it
        assertThat(s.activeConfigDir()).contains("files/config_" + BackdropSettings.md5Hex(
                "mysql://backdrop:s%40cret@db.example.org:3307/bd_site") + "/active");
        assertThat(BackdropSettings.md5Hex("")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void theDatabasesArrayInSettingsLocalPhpAndALiteralConfigFolder() throws Exception {
        Files.writeString(root.resolve("settings.local.php"), "<?php\n$databases['default']['default'] = array(\n"
                + "  'driver' => 'mysql',\n  'database' => 'local_db',\n  'username' => 'local',\n  'password' => 'pw',\n"
                + "  'host' => '127.0.0.1',\n  'port' => '3308',\n  'prefix' => 'x_',\n);\n"
                + "$config_directories['active'] = '../config/active';\n");
        BackdropSettings s = read("<?php\n$database_prefix = '';\n"
                + "if (file_exists(__DIR__ . '/settings.local.php')) {\n  include __DIR__ . '/settings.local.php';\n}\n");

        assertThat(s.database().database()).isEqualTo("local_db");
        assertThat(s.database().port()).isEqualTo(3308);
        assertThat(s.database().tablePrefix()).isEqualTo("x_");
        assertThat(s.activeConfigDir()).contains("../config/active");
    }

    @Test
    void noDatabaseIsRefusedWithTheFix() {
        assertThatThrownBy(() -> read("<?php\n// $database = 'mysql://user:pass@localhost/database_name';\n"))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SITE_INVALID);
                    assertThat(e.getMessage()).contains("neither $database nor $databases");
                    assertThat(e.remedy()).contains("$database = 'mysql://");
                });
    }
}
