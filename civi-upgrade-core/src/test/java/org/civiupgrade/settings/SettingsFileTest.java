package org.civiupgrade.settings;

import org.civiupgrade.php.PhpValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.junit.jupiter.api.Test;

class SettingsFileTest {
    static final String PLAIN_44 = """
            <?php
            /*
             | CiviCRM version 4.4 (header kept from an older install)
             */
            define( 'CIVICRM_UF'               , 'Drupal'        );
            define( 'CIVICRM_UF_DSN'           , 'mysql://drupal:dr%40pw@localhost/drupal?new_link=true' );
            define( 'CIVICRM_DSN'          , 'mysql://civi:it\\'s\\\\x@db.example.org:3307/civicrm?new_link=true' );
            define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);
            /* old values:
            define( 'CIVICRM_DSN'          , 'mysql://old:old@localhost/old?new_link=true' );
            */
            global $civicrm_root;

            $civicrm_root = '/var/www/drupal/sites/all/modules/civicrm/';
            define( 'CIVICRM_TEMPLATE_COMPILEDIR', '/var/www/drupal/sites/default/files/civicrm/templates_c/' );
            define( 'CIVICRM_UF_BASEURL'      , 'http://www.example.org/' );
            define( 'CIVICRM_SITE_KEY', null );
            define( 'CIVICRM_IDS_ENABLE', 1);
            // define( 'CIVICRM_MAIL_LOG', '/tmp/mail.log' );
            define( 'CIVICRM_DOMAIN_ID'      , 1 );
            define('URL Preferences.customCSSURL', "http://www.example.org/custom.css");
            $include_path = '.'           . PATH_SEPARATOR .
                            $civicrm_root . PATH_SEPARATOR .
                            get_include_path( );
            if ( set_include_path( $include_path ) === false ) {
               echo "Could not set the include path<p>";
               exit( );
            }
            if ( function_exists( 'variable_get' ) && variable_get('clean_url', '0') != '0' ) {
                define( 'CIVICRM_CLEANURL', 1 );
            } else {
                define( 'CIVICRM_CLEANURL', 0 );
            }
            require_once 'CRM/Core/ClassLoader.php';
            CRM_Core_ClassLoader::singleton()->register();
            ?>
            """;

    static final String WRAPPED_5 = """
            <?php
            global $civicrm_root, $civicrm_setting, $civicrm_paths;
            if (!defined('CIVICRM_UF')) {
              define('CIVICRM_UF', 'Drupal');
            }
            if (!defined('CIVICRM_DSN')) {
              define( 'CIVICRM_DSN', "mysql://civi:p\\"w\\$1@localhost/civicrm?new_link=true");
            }
            if (!defined('CIVICRM_LOGGING_DSN')) {
              define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);
            }
            $civicrm_root = 'sites/all/modules/civicrm/';
            $civicrm_setting['domain']['userFrameworkResourceURL'] = 'http://example.org/sites/all/modules/civicrm';
            $civicrm_setting['domain']['userFrameworkResourceURL'] = 'http://new.example.org/civicrm';
            $civicrm_paths['civicrm.files']['path'] = '/srv/files/civicrm/';
            if (!defined('CIVICRM_SITE_KEY')) {
              define( 'CIVICRM_SITE_KEY', 'abc123');
            }
            """;

    static SettingsFile parse(String s) {
        return SettingsFile.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsPlainDefinesWithEscapesAndResolvesConstantReferences() {
        SettingsFile f = parse(PLAIN_44);
        assertThat(f.define("CIVICRM_UF")).contains("Drupal");
        assertThat(f.define("CIVICRM_DSN")).contains("mysql://civi:it's\\x@db.example.org:3307/civicrm?new_link=true");
        assertThat(f.define("CIVICRM_LOGGING_DSN")).isEqualTo(f.define("CIVICRM_DSN"));
        assertThat(f.define("CIVICRM_DOMAIN_ID")).contains("1");
        assertThat(f.define("CIVICRM_SITE_KEY")).isEmpty();
        assertThat(f.defineValue("CIVICRM_SITE_KEY")).contains(new PhpValue.Null());
        assertThat(f.define("CIVICRM_MAIL_LOG")).isEmpty();
        assertThat(f.define("CIVICRM_CLEANURL")).isEmpty();
        assertThat(f.civicrmRoot()).contains("/var/www/drupal/sites/all/modules/civicrm/");
        assertThat(f.define("URL Preferences.customCSSURL")).contains("http://www.example.org/custom.css");
        assertThat(f.registersClassLoader()).isTrue();
        assertThat(f.problems()).isEmpty();
        DatabaseCoordinates db = f.civicrmDsn();
        assertThat(db.host()).isEqualTo("db.example.org");
        assertThat(db.port()).isEqualTo(3307);
        assertThat(db.user()).isEqualTo("civi");
        assertThat(db.password().reveal()).isEqualTo("it's\\x");
        assertThat(f.database("CIVICRM_UF_DSN").orElseThrow().password().reveal()).isEqualTo("dr@pw");
    }

    @Test
    void commentedAndConditionalDefinitionsAreReportedButNotActive() {
        SettingsFile f = parse(PLAIN_44);
        assertThat(f.definitions()).filteredOn(d -> d.name().equals("CIVICRM_DSN"))
                .extracting(Definition::state)
                .containsExactly(Definition.State.ACTIVE, Definition.State.COMMENTED);
        assertThat(f.definitions()).filteredOn(d -> d.name().equals("CIVICRM_MAIL_LOG"))
                .singleElement().satisfies(d -> {
                    assertThat(d.state()).isEqualTo(Definition.State.COMMENTED);
                    assertThat(d.stringValue()).contains("/tmp/mail.log");
                });
        assertThat(f.definitions()).filteredOn(d -> d.name().equals("CIVICRM_CLEANURL"))
                .extracting(Definition::state).containsOnly(Definition.State.CONDITIONAL).hasSize(2);
    }

    @Test
    void readsWrappedDefinesAndSettingArrays() {
        SettingsFile f = parse(WRAPPED_5);
        assertThat(f.define("CIVICRM_DSN")).contains("mysql://civi:p\"w$1@localhost/civicrm?new_link=true");
        assertThat(f.define("CIVICRM_LOGGING_DSN")).isEqualTo(f.define("CIVICRM_DSN"));
        assertThat(f.activeDefine("CIVICRM_UF").orElseThrow().wrapped()).isTrue();
        assertThat(f.civicrmRoot()).contains("sites/all/modules/civicrm/");
        assertThat(f.setting("domain", "userFrameworkResourceURL")).contains(PhpValue.of("http://new.example.org/civicrm"));
        assertThat(f.settings()).containsOnlyKeys("domain");
        assertThat(f.definitions()).filteredOn(d -> d.kind() == Definition.Kind.PATH).singleElement()
                .satisfies(d -> assertThat(d.stringValue()).contains("/srv/files/civicrm/"));
        assertThat(f.problems()).isEmpty();
    }

    @Test
    void arraysAreEvaluatedWithPhpKeyRules() {
        SettingsFile f = parse("<?php\n$civicrm_setting['Mailing Preferences']['mailing_backend'] = "
                + "array('outBound_option' => 5, 7 => TRUE, 'x', \"8\" => NULL, [1, 2,],);\n"
                + "$civicrm_setting['a']['b'] = array(CRM_Mailing_Config::OUTBOUND_OPTION_DISABLED);\n");
        PhpValue.Array expected = PhpValue.Array.builder()
                .put("outBound_option", new PhpValue.Int(5))
                .put(7, new PhpValue.Bool(true))
                .put(8, new PhpValue.Null())
                .put(9, PhpValue.Array.list(new PhpValue.Int(1), new PhpValue.Int(2)))
                .build();
        assertThat(f.setting("Mailing Preferences", "mailing_backend")).contains(expected);
        assertThat(f.setting("a", "b")).isEmpty();
        assertThat(f.settingDefinition("a", "b").orElseThrow().valueSource()).isEqualTo("array(CRM_Mailing_Config::OUTBOUND_OPTION_DISABLED)");
    }

    @Test
    void printIsByteIdenticalEvenForBrokenInput() {
        String broken = "<?php\r\ndefine('A', 'unterminated);\r\n$x = ;; } ] ) ?> tail <?php /* open";
        SettingsFile f = parse(broken);
        assertThat(f.print()).isEqualTo(broken.getBytes(StandardCharsets.UTF_8));
        assertThat(f.problems()).isNotEmpty();
    }

    @Test
    void missingDsnIsASettingsError() {
        assertThatThrownBy(() -> parse("<?php\ndefine('CIVICRM_UF', 'Drupal');\n").civicrmDsn())
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SETTINGS_INVALID));
    }

    @Test
    void definitionsAndDsnsPrintWithoutPasswords() {
        SettingsFile f = parse(PLAIN_44);
        assertThat(f.definitions().toString()).doesNotContain("it's").doesNotContain("dr%40pw");
        assertThat(Dsn.redact("mysql://u:p@ss:w@rd@h/db?new_link=true")).isEqualTo("mysql://u:******@h/db?new_link=true");
        assertThat(Dsn.redact("mysql://u@h/db")).isEqualTo("mysql://u@h/db");
        assertThat(Dsn.redact("mysql://u:a?b@c@h/db?new_link=true")).isEqualTo("mysql://u:******@h/db?new_link=true");
    }

    @Test
    void rawQuestionMarkAndAtInThePasswordAreReadLikeCiviCrmDoes() {
        SettingsFile f = parse("<?php\ndefine('CIVICRM_DSN', 'mysql://civi:p?a@ss@db.example.org:3307/civicrm?new_link=true');\n");
        DatabaseCoordinates db = f.civicrmDsn();
        assertThat(db.password().reveal()).isEqualTo("p?a@ss");
        assertThat(db.host()).isEqualTo("db.example.org");
        assertThat(db.port()).isEqualTo(3307);
        assertThat(db.database()).isEqualTo("civicrm");
        assertThat(db.options()).containsEntry("new_link", "true");
    }
}
