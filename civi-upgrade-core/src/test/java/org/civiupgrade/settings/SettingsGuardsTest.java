package org.civiupgrade.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.junit.jupiter.api.Test;

/** The settings reader resolves guards as PHP does for a web request, or says the value depends on run time. */
class SettingsGuardsTest {
    private static SettingsFile parse(String s) {
        return SettingsFile.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void installerFileReadsAsPhpWouldForAWebRequest() {
        SettingsFile f = parse(GuardCorpus.installer());
        assertThat(f.define("CIVICRM_UF")).contains("Drupal");
        DatabaseCoordinates civi = f.civicrmDsn();
        assertThat(civi.user()).isEqualTo("civi_user");
        assertThat(civi.password().reveal()).isEqualTo("c1v1pass");
        assertThat(civi.host()).isEqualTo("127.0.0.1");
        assertThat(civi.port()).isEqualTo(3306);
        assertThat(civi.database()).isEqualTo("civi_db");
        DatabaseCoordinates uf = f.requireDatabase("CIVICRM_UF_DSN", "civicrm.settings.php");
        assertThat(uf.user()).isEqualTo("drupal_user");
        assertThat(uf.password().reveal()).isEqualTo("dr@pass");
        assertThat(uf.host()).isEqualTo("localhost");
        assertThat(uf.database()).isEqualTo("drupal_db");
        assertThat(f.define("CIVICRM_LOGGING_DSN")).isEqualTo(f.define("CIVICRM_DSN"));
        assertThat(f.define("CIVICRM_SITE_KEY")).contains("sitekey0123456789abcdef0123456789");
        assertThat(f.civicrmRoot()).contains("/var/www/drupal/sites/all/modules/civicrm/");
        assertThat(f.definitions()).filteredOn(d -> d.name().equals("CIVICRM_DSN")).extracting(Definition::state)
                .containsExactly(Definition.State.NOT_TAKEN, Definition.State.ACTIVE);
        assertThat(f.definitions()).filteredOn(d -> d.name().equals("CIVICRM_UF")).extracting(Definition::state)
                .containsExactly(Definition.State.NOT_TAKEN, Definition.State.ACTIVE);
        assertThat(f.problems()).isEmpty();
    }

    @Test
    void everyGuardFormYieldsTheRealDsn() {
        for (Map.Entry<String, String> e : GuardCorpus.all().entrySet()) {
            SettingsFile f = parse(e.getValue());
            assertThat(f.define("CIVICRM_DSN")).as(e.getKey()).contains(GuardCorpus.CIVI);
            assertThat(f.define("CIVICRM_LOGGING_DSN")).as(e.getKey()).contains(GuardCorpus.CIVI);
            assertThat(f.resolveDefine("CIVICRM_DSN").status()).as(e.getKey()).isEqualTo(ResolvedDefine.Status.KNOWN);
            assertThat(f.define("CIVICRM_UF")).as(e.getKey()).contains("Drupal");
            assertThat(f.problems()).as(e.getKey()).isEmpty();
        }
    }

    @Test
    void braceLessGuardsAreWrappedDefines() {
        SettingsFile f = parse(GuardCorpus.all().get("brace-less guards"));
        assertThat(f.activeDefine("CIVICRM_DSN").orElseThrow().wrapped()).isTrue();
        assertThat(f.activeDefine("CIVICRM_LOGGING_DSN").orElseThrow().span().line()).isEqualTo(4);
        assertThat(f.define("CIVICRM_SITE_KEY")).contains("k3y");
    }

    @Test
    void laterDefinesOfADefinedConstantAreShadowed() {
        SettingsFile f = parse(GuardCorpus.all().get("duplicate defines: the first wins"));
        assertThat(f.definitions()).filteredOn(d -> d.name().equals("CIVICRM_DSN")).extracting(Definition::state)
                .containsExactly(Definition.State.ACTIVE, Definition.State.SHADOWED, Definition.State.SHADOWED);
    }

    @Test
    void aFileThatMakesItselfUnitTestsTakesTheTestBranch() {
        SettingsFile f = parse("<?php\ndefine('CIVICRM_UF', 'UnitTests');\nif (!defined('CIVICRM_UF_DSN') && CIVICRM_UF !== 'UnitTests') {\n"
                + "  define('CIVICRM_UF_DSN', 'mysql://u:p@h/uf');\n}\nif (!defined('CIVICRM_DSN')) {\n"
                + "  if (CIVICRM_UF === 'UnitTests' && isset($GLOBALS['_CV']['TEST_DB_DSN'])) {\n"
                + "    define('CIVICRM_DSN', $GLOBALS['_CV']['TEST_DB_DSN']);\n  }\n  elseif (CIVICRM_UF === 'UnitTests') {\n"
                + "    throw new \\Exception('no test database');\n  }\n  else {\n    define('CIVICRM_DSN', 'mysql://u:p@h/civi');\n  }\n}\n"
                + "define('CIVICRM_SITE_KEY', 'abc');\n");
        assertThat(f.resolveDefine("CIVICRM_UF_DSN").status()).isEqualTo(ResolvedDefine.Status.MISSING);
        assertThat(f.resolveDefine("CIVICRM_DSN").status()).isEqualTo(ResolvedDefine.Status.MISSING);
        assertThat(f.resolveDefine("CIVICRM_SITE_KEY").status()).as("after an exception always thrown")
                .isEqualTo(ResolvedDefine.Status.MISSING);
        assertThat(f.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("always stops"));
    }

    @Test
    void runTimeConditionsAreNeverGuessed() {
        SettingsFile f = parse("<?php\ndefine('CIVICRM_UF', 'Drupal');\nif (file_exists('/etc/staging')) {\n"
                + "  define('CIVICRM_DSN', 'mysql://s:secretS@h/staging');\n} else {\n  define('CIVICRM_DSN', 'mysql://p:secretP@h/prod');\n}\n"
                + "if (!defined('CIVICRM_LOGGING_DSN')) {\n  define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);\n}\n");
        ResolvedDefine r = f.resolveDefine("CIVICRM_DSN");
        assertThat(r.status()).isEqualTo(ResolvedDefine.Status.DEPENDS_ON_RUN_TIME);
        assertThat(r.line()).isEqualTo(4);
        assertThat(f.resolveDefine("CIVICRM_LOGGING_DSN").status()).isEqualTo(ResolvedDefine.Status.COMPUTED);
        assertThatThrownBy(f::civicrmDsn).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SETTINGS_INVALID);
            assertThat(e.getMessage()).contains("depends on run time").contains("lines 4, 6").doesNotContain("secret");
            assertThat(e.remedy()).contains("line 4").contains("define('CIVICRM_DSN'");
        });
    }

    @Test
    void anInvalidDsnsRemedyShowsTheFormOnceAndNeverThePassword() {
        for (String dsn : new String[] {"mysql//civi:Zq9x#?PwD@127.0.0.1:3306/civicrm", "mysql://civi:Zq9x#?PwD@127.0.0.1:33a06/civicrm",
                "mysql://civi:Zq9:/x#?%PwD127.0.0.1:3306/civicrm?new_link=true", "mysql://civi:Zq9xPwD@127.0.0.1:3306",
                "pgsql://civi:Zq9xPwD@127.0.0.1/civicrm", "mysql://civi:Zq9xPwD@unix(/run/mysqld.sock)/civicrm",
                "mysql://civi:Zq9xPwD@[::1/civicrm", "mysql://civi:Zq9xPwD@ssh+db/civicrm"}) {
            SettingsFile f = parse("<?php\ndefine('CIVICRM_DSN', '" + dsn + "');\n");
            assertThatThrownBy(() -> f.requireDatabase("CIVICRM_DSN", "civicrm.settings.php")).as(dsn)
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.getMessage()).contains("civicrm.settings.php line 2", "CIVICRM_DSN is not a valid DSN")
                                .doesNotContain("Zq9");
                        assertThat(e.remedy()).as(dsn).doesNotContain("Zq9");
                        assertThat(e.remedy().split("mysql://user:password@", -1)).as("%s: %s", dsn, e.remedy()).hasSize(2);
                    });
        }
    }

    @Test
    void computedAndMissingDsnsAreRefusedWithLineAndFix() {
        SettingsFile computed = parse("<?php\ndefine('CIVICRM_DSN', 'mysql://u:' . rawurlencode('p@ss') . '@h/db');\n");
        assertThatThrownBy(() -> computed.requireDatabase("CIVICRM_DSN", "sites/default/civicrm.settings.php"))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.getMessage()).contains("sites/default/civicrm.settings.php").contains("only PHP can compute")
                            .contains("line 2").doesNotContain("p@ss");
                    assertThat(e.remedy()).contains("literal string");
                });
        SettingsFile commented = parse("<?php\n// define('CIVICRM_DSN', 'mysql://u:hidden@h/db');\ndefine('CIVICRM_UF', 'Drupal');\n");
        assertThatThrownBy(commented::civicrmDsn).isInstanceOfSatisfying(UpgradeException.class, e -> {
            assertThat(e.getMessage()).contains("not defined").contains("line 2").doesNotContain("hidden");
            assertThat(e.remedy()).contains("define('CIVICRM_DSN'");
        });
        SettingsFile empty = parse("<?php\ndefine('CIVICRM_DSN', '');\n");
        assertThatThrownBy(empty::civicrmDsn).hasMessageContaining("line 2").hasMessageContaining("empty");
    }

    @Test
    void conditionsDecidableFromKnownConstantsAreDecided() {
        SettingsFile f = parse("<?php\ndefine('A', 'x');\ndefine('N', 0);\n"
                + "if (A == 'x' && N == '' ) { define('R1', 'loose-string-vs-int-false'); } else { define('R1', 'php8'); }\n"
                + "if (N == '0') { define('R2', 'numeric'); }\nif (A != 'y' and !defined('B')) define('R3', 'yes');\n"
                + "if (defined('A') ? A === 'x' : FALSE) { define('R4', 'ternary'); }\n");
        assertThat(f.define("R1")).contains("php8");
        assertThat(f.define("R2")).contains("numeric");
        assertThat(f.define("R3")).contains("yes");
        assertThat(f.define("R4")).contains("ternary");
        assertThat(f.definitions()).noneMatch(d -> d.state() == Definition.State.CONDITIONAL);
    }
}
