package org.civiupgrade.settings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings files of every guard form real sites have: the installer's nested guards (4.7.x to 5.x),
 * brace-less sysadmin guards, else/elseif, getenv fallbacks, constant-to-constant defines,
 * duplicate defines, the alternative syntax, commented blocks and the plain eras before 4.5.
 * Values are made up.
 */
final class GuardCorpus {
    static final String CIVI = "mysql://civi_user:c1v1pass@127.0.0.1:3306/civi_db?new_link=true";
    static final String UF = "mysql://drupal_user:dr%40pass@localhost/drupal_db?new_link=true";

    private GuardCorpus() {
    }

    static String installer() {
        try (InputStream in = GuardCorpus.class.getResourceAsStream("/settings/installer-dsn.php")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file, by name. */
    static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("installer nested guards", installer());
        m.put("plain 2.2-4.4 era", "<?php\ndefine( 'CIVICRM_UF'               , 'Drupal'        );\n"
                + "define( 'CIVICRM_UF_DSN'           , '" + UF + "' );\ndefine( 'CIVICRM_DSN'          , '" + CIVI + "' );\n"
                + "define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);\n$civicrm_root = '/var/www/sites/all/modules/civicrm/';\n?>\n");
        m.put("wrapped 4.5 era", "<?php\nif (!defined('CIVICRM_UF')) {\n  define( 'CIVICRM_UF', 'Drupal');\n}\n"
                + "if (!defined('CIVICRM_DSN')) {\n  define( 'CIVICRM_DSN'          , '" + CIVI + "');\n}\n"
                + "if (!defined('CIVICRM_LOGGING_DSN')) {\n  define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);\n}\n");
        m.put("brace-less guards", "<?php\nif (!defined('CIVICRM_UF')) define('CIVICRM_UF', 'Drupal');\n"
                + "if ( ! defined( \"CIVICRM_DSN\" ) ) define( 'CIVICRM_DSN', '" + CIVI + "' );\n"
                + "if (!defined('CIVICRM_LOGGING_DSN'))\n  define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);\n"
                + "if (!defined('CIVICRM_SITE_KEY')) define('CIVICRM_SITE_KEY', 'k3y');\n");
        m.put("duplicate defines: the first wins", "<?php\ndefine('CIVICRM_UF', 'Drupal');\ndefine('CIVICRM_DSN', '" + CIVI + "');\n"
                + "define('CIVICRM_DSN', 'mysql://other:x@otherhost/other_db');\n"
                + "if (!defined('CIVICRM_DSN')) { define('CIVICRM_DSN', 'mysql://third:x@h/third_db'); }\n"
                + "define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);\n");
        m.put("elseif chain and else if", "<?php\nif (!defined('CIVICRM_UF')) {\n  if (getenv('CIVICRM_UF')) {\n"
                + "    define('CIVICRM_UF', getenv('CIVICRM_UF'));\n  }\n  elseif (defined('CIVICRM_TEST')) {\n"
                + "    define('CIVICRM_UF', 'UnitTests');\n  }\n  else if (isset($GLOBALS['_CV']['UF'])) {\n"
                + "    define('CIVICRM_UF', 'Backdrop');\n  }\n  else {\n    define('CIVICRM_UF', 'Drupal');\n  }\n}\n"
                + "if (CIVICRM_UF == 'UnitTests' || !empty($GLOBALS['_CV']['TEST_DB_DSN'])) {\n"
                + "  define('CIVICRM_DSN', 'mysql://test:x@h/test_db');\n} elseif (CIVICRM_UF != 'Drupal') {\n"
                + "  define('CIVICRM_DSN', 'mysql://wrong:x@h/wrong_db');\n} else {\n  define('CIVICRM_DSN', '" + CIVI + "');\n}\n"
                + "define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);\n");
        m.put("getenv fallbacks", "<?php\ndefine('CIVICRM_UF', getenv('CIVICRM_UF') ?: 'Drupal');\n"
                + "define('CIVICRM_DSN', getenv('CIVICRM_DSN') ? getenv('CIVICRM_DSN') : '" + CIVI + "');\n"
                + "if (!defined('CIVICRM_LOGGING_DSN')) {\n  define('CIVICRM_LOGGING_DSN', getenv('LOG_DSN') ?: CIVICRM_DSN);\n}\n"
                + "define('CIVICRM_UF_DSN', $GLOBALS['_CV']['UF_DSN'] ?? '" + UF + "');\n");
        m.put("alternative syntax", "<?php\nif (!defined('CIVICRM_UF')):\n  define('CIVICRM_UF', 'Drupal');\nendif;\n"
                + "if (CIVICRM_UF === 'UnitTests'):\n  define('CIVICRM_DSN', 'mysql://test:x@h/test_db');\n"
                + "elseif (CIVICRM_UF === 'WordPress'):\n  define('CIVICRM_DSN', 'mysql://wp:x@h/wp_db');\nelse:\n"
                + "  define('CIVICRM_DSN', '" + CIVI + "');\nendif;\ndefine('CIVICRM_LOGGING_DSN', CIVICRM_DSN);\n");
        m.put("commented-out blocks", "<?php\ndefine('CIVICRM_UF', 'Drupal');\n/*\nif (!defined('CIVICRM_DSN')) {\n"
                + "  define('CIVICRM_DSN', 'mysql://old:x@oldhost/old_db');\n}\n*/\n// define('CIVICRM_DSN', 'mysql://older:x@h/older_db');\n"
                + "# define('CIVICRM_LOGGING_DSN', 'mysql://log:x@h/log_db');\ndefine('CIVICRM_DSN', '" + CIVI + "');\n"
                + "define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);\n");
        m.put("5.5x exception branch not taken", "<?php\nglobal $civicrm_root, $civicrm_setting, $civicrm_paths;\n"
                + "if (!defined('CIVICRM_UF')) {\n  if (getenv('CIVICRM_UF')) {\n    define('CIVICRM_UF', getenv('CIVICRM_UF'));\n  }\n"
                + "  else {\n    define('CIVICRM_UF', 'Drupal');\n  }\n}\nif (!defined('CIVICRM_DSN')) {\n"
                + "  if (CIVICRM_UF === 'UnitTests') {\n    if (isset($GLOBALS['_CV']['TEST_DB_DSN'])) {\n"
                + "      define('CIVICRM_DSN', $GLOBALS['_CV']['TEST_DB_DSN']);\n    }\n    else {\n"
                + "      throw new \\Exception('CIVICRM_UF is UnitTests but no TEST_DB_DSN is set.');\n    }\n  }\n"
                + "  else {\n    define('CIVICRM_DSN', '" + CIVI + "');\n  }\n}\n"
                + "if (!defined('CIVICRM_LOGGING_DSN')) {\n  define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);\n}\n"
                + "$civicrm_root = '/var/www/sites/all/modules/civicrm/';\n");
        m.put("and/or words and strict comparisons", "<?php\nif (!defined('CIVICRM_UF') and !getenv('CIVICRM_UF')) "
                + "{ define('CIVICRM_UF', 'Drupal'); }\nif (CIVICRM_UF !== 'UnitTests' or defined('NEVER_DEFINED')) {\n"
                + "  if (!defined('CIVICRM_DSN')) define('CIVICRM_DSN', '" + CIVI + "');\n}\n"
                + "if (!(CIVICRM_UF === 'UnitTests') && !defined('CIVICRM_LOGGING_DSN')) define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);\n");
        return m;
    }
}
