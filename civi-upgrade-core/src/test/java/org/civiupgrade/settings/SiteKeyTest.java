package org.civiupgrade.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adding a site key never changes an effective existing one, whatever form its define has. */
class SiteKeyTest {
    private static final String BASE = "<?php\ndefine('CIVICRM_UF', 'Drupal');\ndefine('CIVICRM_UF_BASEURL', 'http://example.org/');\n";
    private static final String KEY = "existingKey0123456789";

    private static SettingsFile parse(String s) {
        return SettingsFile.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void everyFormOfAnExistingKeyCountsAsExisting() {
        List<String> forms = List.of(
                "define('CIVICRM_SITE_KEY', '" + KEY + "');\n",
                "if (!defined('CIVICRM_SITE_KEY')) {\n  define( 'CIVICRM_SITE_KEY', '" + KEY + "');\n}\n",
                "if (!defined('CIVICRM_SITE_KEY')) define('CIVICRM_SITE_KEY', '" + KEY + "');\n",
                "if (!defined('CIVICRM_SITE_KEY'))\n  define('CIVICRM_SITE_KEY', \"" + KEY + "\");\n",
                "if (CIVICRM_UF !== 'UnitTests') {\n  if (!defined('CIVICRM_SITE_KEY')) {\n    define('CIVICRM_SITE_KEY', '" + KEY + "');\n  }\n}\n",
                "if (!defined('CIVICRM_SITE_KEY')):\n  define('CIVICRM_SITE_KEY', '" + KEY + "');\nendif;\n",
                "if (getenv('SITE_KEY')) {\n  define('CIVICRM_SITE_KEY', getenv('SITE_KEY'));\n} else {\n  define('CIVICRM_SITE_KEY', '" + KEY + "');\n}\n",
                "define('CIVICRM_SITE_KEY', getenv('SITE_KEY') ?: '" + KEY + "');\n");
        for (String form : forms) {
            SettingsFile f = parse(BASE + form);
            assertThat(f.define("CIVICRM_SITE_KEY")).as(form).contains(KEY);
            assertThat(SettingsEdits.addSiteKey(f, new SecureRandom())).as(form).isEmpty();
        }
    }

    @Test
    void aKeyOnlyKnownAtRunTimeIsNeverOverridden() {
        List<String> forms = List.of(
                "if (file_exists('/etc/civicrm.key')) {\n  define('CIVICRM_SITE_KEY', '" + KEY + "');\n}\n",
                "define('CIVICRM_SITE_KEY', trim(file_get_contents('/etc/civicrm.key')));\n",
                "if (!defined('CIVICRM_SITE_KEY')) {\n  define('CIVICRM_SITE_KEY', $_SERVER['SITE_KEY']);\n}\n");
        for (String form : forms) {
            SettingsFile f = parse(BASE + form);
            assertThat(f.resolveDefine("CIVICRM_SITE_KEY").status()).as(form)
                    .isIn(ResolvedDefine.Status.COMPUTED, ResolvedDefine.Status.DEPENDS_ON_RUN_TIME);
            assertThat(SettingsEdits.addSiteKey(f, new SecureRandom())).as(form).isEmpty();
            assertThat(SettingsUpgrade.plan(f, org.civiupgrade.Version.parse("5.50.0"), org.civiupgrade.Version.parse("5.56.0"),
                    SettingsOptions.defaults().withAddSiteKey(true), new SecureRandom()).edits()).as(form).isEmpty();
        }
    }

    @Test
    void aMissingOrEmptyKeyIsAddedOrFilledWhereItTakesEffect() {
        List<String> forms = List.of(
                "",
                "// define('CIVICRM_SITE_KEY', 'commentedKey');\n",
                "if (CIVICRM_UF === 'UnitTests') {\n  define('CIVICRM_SITE_KEY', 'testsOnly');\n}\n",
                "if (!defined('CIVICRM_SITE_KEY')) {\n  define('CIVICRM_SITE_KEY', '');\n}\n",
                "if (CIVICRM_UF !== 'UnitTests') {\n  if (!defined('CIVICRM_SITE_KEY')) define('CIVICRM_SITE_KEY', NULL);\n}\n");
        for (String form : forms) {
            SettingsFile f = parse(BASE + form);
            SettingsEdit e = SettingsEdits.addSiteKey(f, new SecureRandom()).orElseThrow(() -> new AssertionError(form));
            SettingsFile g = f.apply(e);
            ResolvedDefine r = g.resolveDefine("CIVICRM_SITE_KEY");
            assertThat(r.status()).as(form).isEqualTo(ResolvedDefine.Status.KNOWN);
            assertThat(r.value().orElseThrow().asPhpString()).as(form).matches("[A-Za-z0-9]{32}");
            assertThat(e.description()).doesNotContain(r.value().orElseThrow().asPhpString());
            assertThat(g.problems()).as(form).isEmpty();
            assertThat(SettingsEdits.addSiteKey(g, new SecureRandom())).as(form).isEmpty();
            assertThat(g.apply(e.inverse(f)).bytes()).isEqualTo(f.bytes());
        }
    }
}
