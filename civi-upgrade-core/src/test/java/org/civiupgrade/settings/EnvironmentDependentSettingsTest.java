package org.civiupgrade.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * getenv() in a civicrm.settings.php: a normal web request has no such variable, so a condition
 * or a fallback on getenv() reads as false (as CiviCRM's installer template expects). But a value
 * built from it (a password, a whole DSN) shows the web server is meant to set the variable: that
 * is refused, never read as an empty string.
 */
class EnvironmentDependentSettingsTest {
    private static SettingsFile file(String php) {
        return SettingsFile.parse(php.getBytes(StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "define('CIVICRM_DSN', 'mysql://civi:' . getenv('CIVI_DB_PW') . '@db.internal/civi');",
            "define('CIVICRM_DSN', 'mysql://' . getenv('CIVI_DB_USER') . ':pw@db.internal/civi');",
            "define('CIVICRM_DSN', getenv('CIVI_DSN') . '?new_link=true');",
            "define('CIVICRM_DSN', getenv('CIVI_DSN'));",
            "$pw = getenv('CIVI_DB_PW'); define('CIVICRM_DSN', \"mysql://civi:$pw@db.internal/civi\");",
    })
    void aDsnBuiltFromTheWebServersEnvironmentIsRefusedNeverGuessedEmpty(String define) {
        SettingsFile f = file("<?php\n" + define + "\n");
        assertThatThrownBy(() -> f.requireDatabase("CIVICRM_DSN", "civicrm.settings.php"))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SETTINGS_INVALID);
                    assertThat(e.getMessage()).contains("civicrm.settings.php", "CIVICRM_DSN");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "define('CIVICRM_DSN', getenv('CIVI_DSN') ?: 'mysql://civi:pw@db.internal/civi');",
            "define('CIVICRM_DSN', getenv('CIVI_DSN') ? getenv('CIVI_DSN') : 'mysql://civi:pw@db.internal/civi');",
            "if (getenv('STAGING')) { define('CIVICRM_DSN', 'mysql://civi:pw@staging/civi'); } else { define('CIVICRM_DSN', 'mysql://civi:pw@db.internal/civi'); }",
    })
    void aGetenvWithAFallbackReadsAsARequestWithoutThatVariable(String define) {
        SettingsFile f = file("<?php\n" + define + "\n");
        assertThat(f.requireDatabase("CIVICRM_DSN", "civicrm.settings.php").host()).isEqualTo("db.internal");
    }

    @Test
    void theInstallersCivicrmUfFromTheEnvironmentIsStillReadAsUnset() {
        SettingsFile f = file("<?php\nif (!defined('CIVICRM_UF')) {\n  if (getenv('CIVICRM_UF')) {\n"
                + "    define('CIVICRM_UF', getenv('CIVICRM_UF'));\n  }\n  else {\n    define('CIVICRM_UF', 'Drupal');\n  }\n}\n"
                + "if (!defined('CIVICRM_DSN')) {\n  if (CIVICRM_UF === 'UnitTests' && isset($GLOBALS['_CV']['TEST_DB_DSN'])) {\n"
                + "    define('CIVICRM_DSN', $GLOBALS['_CV']['TEST_DB_DSN']);\n  }\n  else {\n"
                + "    define('CIVICRM_DSN', 'mysql://civi:pw@db.internal/civi?new_link=true');\n  }\n}\n");
        assertThat(f.resolveDefine("CIVICRM_UF").status()).isEqualTo(ResolvedDefine.Status.KNOWN);
        assertThat(f.define("CIVICRM_UF")).contains("Drupal");
        assertThat(f.requireDatabase("CIVICRM_DSN", "civicrm.settings.php").database()).isEqualTo("civi");
    }
}
