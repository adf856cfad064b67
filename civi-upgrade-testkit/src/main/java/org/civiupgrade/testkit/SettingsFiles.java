package org.civiupgrade.testkit;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.civiupgrade.Version;
import org.jspecify.annotations.Nullable;

/**
 * Generates {@code civicrm.settings.php} files as CiviCRM's installer wrote them in each era,
 * with the hand edits real sites carry: an older version in the header, {@code /* *}{@code /}
 * blocks holding stale values, relative paths, a trailing {@code ?>} or none, CRLF line ends,
 * escaped quotes and backslashes in passwords, 4.1-style dotted overrides. Each generated file
 * comes with the values it defines, so a parser can be checked against the truth.
 *
 * <p>Layouts follow the installer templates: plain {@code define( 'X', ... );} with irregular
 * alignment up to 4.4, {@code if (!defined('X')) { ... }} wrappers from 4.5, the
 * {@code global $civicrm_root, $civicrm_setting, $civicrm_paths;} line and the installer's nested
 * guards from 4.7.31 (CIVICRM_UF from {@code getenv('CIVICRM_UF')} else {@code 'Drupal'},
 * CIVICRM_UF_DSN only when CIVICRM_UF is not {@code UnitTests}, CIVICRM_DSN from
 * {@code $GLOBALS['_CV']['TEST_DB_DSN']} for {@code UnitTests} else the site's, and from the
 * 5.5x templates on a {@code throw new \Exception(...)} branch for {@code UnitTests} without a test
 * database; the {@link Era#V6} layout carries it), the class
 * loader lines from 4.2, {@code CIVICRM_LOGGING_DSN = CIVICRM_DSN} from 3.4, {@code null} site key
 * in 2.2, {@code CIVICRM_IDS_ENABLE} up to 4.3, credential and signing keys in 6.x.
 */
public final class SettingsFiles {
    private SettingsFiles() {
    }

    /** Settings file layouts, each with a representative release. */
    public enum Era {
        /** CiviCRM 2.2, represented by 2.2.9. */
        V2_2("2.2.9"),
        /** CiviCRM 3.4, represented by 3.4.8. */
        V3_4("3.4.8"),
        /** CiviCRM 4.1, represented by 4.1.6. */
        V4_1("4.1.6"),
        /** CiviCRM 4.2, represented by 4.2.19. */
        V4_2("4.2.19"),
        /** CiviCRM 4.3, represented by 4.3.9. */
        V4_3("4.3.9"),
        /** CiviCRM 4.4, represented by 4.4.5. */
        V4_4("4.4.5"),
        /** CiviCRM 4.5, represented by 4.5.10. */
        V4_5("4.5.10"),
        /** CiviCRM 4.7, represented by 4.7.31. */
        V4_7("4.7.31"),
        /** CiviCRM 5, represented by 5.14.0. */
        V5("5.14.0"),
        /** CiviCRM 6, represented by 6.1.0. */
        V6("6.1.0");

        private final Version version;

        Era(String version) {
            this.version = Version.parse(version);
        }

        /** The release whose installer wrote this layout. */
        public Version version() {
            return version;
        }

        boolean atLeast(Era other) {
            return compareTo(other) >= 0;
        }
    }

    /**
     * What to generate.
     *
     * @param era            the layout
     * @param drupalRoot     absolute Drupal root ({@code /var/www/drupal})
     * @param baseUrl        site URL with trailing slash
     * @param dbHost         database host (with {@code :port} if any)
     * @param dbName         CiviCRM database
     * @param dbUser         CiviCRM database user
     * @param dbPassword     CiviCRM database password (raw; URL-encoded and PHP-escaped as needed)
     * @param crlf           CRLF line ends
     * @param closeTag       end with {@code ?>}
     * @param trailingNewline end with a line break
     * @param olderHeader    header names an older version than the layout
     * @param staleBlock     a {@code /* *}{@code /} block with old values near the DSN
     * @param relativeRoot   {@code $civicrm_root} relative to the Drupal root
     * @param overrides      4.1-style {@code define('Group.name', ...)} overrides
     * @param doubleQuotedDsn write CIVICRM_DSN with double quotes
     * @param siteKey        the site key ({@code null} writes {@code null}; ignored for 2.2, which always has null)
     * @param duplicateDefine a second, hand-added define of {@code CIVICRM_UF_BASEURL} further down (PHP keeps the first)
     */
    public record Spec(Era era, String drupalRoot, String baseUrl, String dbHost, String dbName, String dbUser,
                       String dbPassword, boolean crlf, boolean closeTag, boolean trailingNewline, boolean olderHeader,
                       boolean staleBlock, boolean relativeRoot, boolean overrides, boolean doubleQuotedDsn,
                       @Nullable String siteKey, boolean duplicateDefine) {
        public Spec {
            Objects.requireNonNull(era, "era");
        }

        /** A plain file of the era as the installer wrote it. */
        public static Spec of(Era era) {
            return new Spec(era, "/var/www/drupal", "http://www.example.org/", "localhost", "civicrm", "civi",
                    "s3cret", false, era.compareTo(Era.V4_2) < 0, true, false, false, false, false, false,
                    era == Era.V2_2 ? null : "k3yK3yK3yK3y", false);
        }

        /** The same with another site key ({@code null} for none). */
        public Spec withSiteKey(@Nullable String key) {
            return new Spec(era, drupalRoot, baseUrl, dbHost, dbName, dbUser, dbPassword, crlf, closeTag, trailingNewline,
                    olderHeader, staleBlock, relativeRoot, overrides, doubleQuotedDsn, key, duplicateDefine);
        }

        /** The same with another database password. */
        public Spec withDbPassword(String password) {
            return new Spec(era, drupalRoot, baseUrl, dbHost, dbName, dbUser, password, crlf, closeTag, trailingNewline,
                    olderHeader, staleBlock, relativeRoot, overrides, doubleQuotedDsn, siteKey, duplicateDefine);
        }

        /** The same with other hand edits. */
        public Spec withHandEdits(boolean crlf, boolean closeTag, boolean staleBlock, boolean relativeRoot,
                                  boolean overrides, boolean duplicateDefine) {
            return new Spec(era, drupalRoot, baseUrl, dbHost, dbName, dbUser, dbPassword, crlf, closeTag, trailingNewline,
                    olderHeader, staleBlock, relativeRoot, overrides, doubleQuotedDsn, siteKey, duplicateDefine);
        }

        /** A file of the era with random hand edits and an awkward password. */
        public static Spec random(Era era, Random r) {
            String[] passwords = {"s3cret", "it's", "back\\slash", "q\"uote", "p@ss:w/rd", "%41bc", "caf\u00e9 \u20ac",
                "a'b\\'c\\\\d", "$dollar{x}", "semi;colon?"};
            String[] hosts = {"localhost", "db.example.org:3307", "127.0.0.1", "localhost:3306"};
            return new Spec(era, r.nextBoolean() ? "/var/www/drupal" : "/srv/www/site.example.org/htdocs",
                    r.nextBoolean() ? "http://www.example.org/" : "https://crm.example.org/drupal/",
                    hosts[r.nextInt(hosts.length)], r.nextBoolean() ? "civicrm" : "drupal_crm",
                    r.nextBoolean() ? "civi" : "crm_user", passwords[r.nextInt(passwords.length)], r.nextBoolean(),
                    r.nextBoolean(), r.nextInt(4) != 0, r.nextBoolean(), r.nextBoolean(), r.nextInt(3) == 0,
                    era.compareTo(Era.V4_2) < 0 ? r.nextBoolean() : r.nextInt(6) == 0, r.nextInt(4) == 0,
                    r.nextInt(4) == 0 ? null : "Key" + Long.toHexString(r.nextLong()), r.nextInt(5) == 0);
        }
    }

    /**
     * A generated file and the values its active definitions hold.
     *
     * @param spec     what was asked
     * @param bytes    the file
     * @param defines  active defines with their PHP string values ({@code null} for PHP null)
     * @param root     the value of {@code $civicrm_root}
     * @param settings {@code $civicrm_setting} entries as "Group/name" to value
     */
    public record Generated(Spec spec, byte[] bytes, Map<String, @Nullable String> defines, String root, Map<String, String> settings) {
        /** The file as text. */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "settings file " + spec.era() + (spec.crlf() ? " crlf" : "") + (spec.closeTag() ? " ?>" : "")
                    + (spec.staleBlock() ? " stale-block" : "") + (spec.relativeRoot() ? " relative-root" : "")
                    + (spec.overrides() ? " overrides" : "") + (spec.duplicateDefine() ? " duplicate" : "")
                    + " (" + bytes.length + " bytes)";
        }
    }

    /**
     * The CiviCRM database password as CiviCRM reads it from a generated file: the password as
     * typed, except that a double quote written by {@code addslashes()} into a single-quoted PHP
     * string keeps its backslash (a quirk of the installer that real files carry).
     */
    public static String effectivePassword(Spec spec) {
        return spec.doubleQuotedDsn() ? spec.dbPassword() : spec.dbPassword().replace("\"", "\\\"");
    }

    /** A plain file of the era. */
    public static Generated generate(Era era) {
        return generate(Spec.of(era));
    }

    /** A file of the era with random hand edits. */
    public static Generated generate(Era era, long seed) {
        return generate(Spec.random(era, new Random(seed)));
    }

    /** Generates a file. */
    public static Generated generate(Spec s) {
        return new Writer(s).write();
    }

    /** URL-encodes like PHP's rawurlencode. */
    static String rawUrlEncode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    static String single(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** PHP's addslashes(). */
    static String addslashes(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'").replace("\"", "\\\"").replace("\0", "\\0");
    }

    static String dbl(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + "\"";
    }

    private static final class Writer {
        private final Spec s;
        private final Era e;
        private final StringBuilder out = new StringBuilder();
        private final Map<String, String> defines = new LinkedHashMap<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final boolean wrap;
        /** The installer's nested guards (4.7.31 on): CIVICRM_UF from the environment, DSNs by CIVICRM_UF. */
        private final boolean installer;
        private String root;

        Writer(Spec s) {
            this.s = s;
            this.e = s.era();
            this.wrap = e.atLeast(Era.V4_5);
            this.installer = e.atLeast(Era.V4_7);
        }

        private void line(String l) {
            out.append(l).append('\n');
        }

        /** A define in the era's style; value is a PHP literal, shownValue what PHP makes of it. */
        private void define(String name, String literal, String value, String pad) {
            if (wrap) {
                line("if (!defined('" + name + "')) {");
                line("  define( '" + name + "'" + pad + ", " + literal + ");");
                line("}");
            } else {
                line("define( '" + name + "'" + pad + ", " + literal + " );");
            }
            defines.putIfAbsent(name, value);
        }

        private void define(String name, String value) {
            define(name, single(value), value, "");
        }

        private void comment(String... lines) {
            line("");
            line("/**");
            for (String l : lines) {
                line(" * " + l);
            }
            line(" */");
        }

        Generated write() {
            // the installer writes the password as typed (escaped for PHP, not URL-encoded); one with a
            // '%' must be URL-encoded by hand, since CiviCRM URL-decodes it
            String pw = s.dbPassword().contains("%") ? rawUrlEncode(s.dbPassword()) : s.dbPassword();
            String dsnBody = "mysql://" + s.dbUser() + ":" + pw + "@" + s.dbHost() + "/" + s.dbName() + "?new_link=true";
            String ufDsn = "mysql://drupal:" + rawUrlEncode("dr-" + s.dbPassword()) + "@" + s.dbHost() + "/drupal?new_link=true";
            String codeDir = s.drupalRoot() + "/sites/all/modules/civicrm/";
            root = s.relativeRoot() ? "sites/all/modules/civicrm/" : codeDir;
            String compileDir = s.drupalRoot() + "/sites/default/files/civicrm/templates_c/";

            line("<?php");
            String headerVersion = s.olderHeader() ? olderHeader() : e.version().majorMinor();
            line("/*");
            line(" +--------------------------------------------------------------------+");
            line(" | CiviCRM version " + headerVersion + pad(52 - headerVersion.length()) + "|");
            line(" +--------------------------------------------------------------------+");
            line(" | Settings for this site; generated by the installer, edited since.  |");
            line(" +--------------------------------------------------------------------+");
            line("*/");
            if (installer) {
                line("");
                line("global $civicrm_root, $civicrm_setting, $civicrm_paths;");
            }
            comment("Which CMS hosts CiviCRM:", "     define( 'CIVICRM_UF', 'Drupal' );");
            if (installer) {
                // the CMS from the environment when a test runner sets it, else the one installed
                line("if (!defined('CIVICRM_UF')) {");
                line("  if (getenv('CIVICRM_UF')) {");
                line("    define('CIVICRM_UF', getenv('CIVICRM_UF'));");
                line("  }");
                line("  else {");
                line("    define('CIVICRM_UF', 'Drupal');");
                line("  }");
                line("}");
                defines.put("CIVICRM_UF", "Drupal");
            } else {
                define("CIVICRM_UF", "'Drupal'", "Drupal", "               ");
            }
            if (e == Era.V2_2) {
                define("CIVICRM_UF_VERSION", "'6.x'", "6.x", "       ");
                define("CIVICRM_UF_URLVAR", "'q'", "q", "        ");
            }
            comment("The CMS database, as mysql://user:password@host/database?new_link=true");
            if (installer) {
                line("if (!defined('CIVICRM_UF_DSN') && CIVICRM_UF !== 'UnitTests') {");
                line("  define( 'CIVICRM_UF_DSN'           , " + single(ufDsn) + ");");
                line("}");
                defines.put("CIVICRM_UF_DSN", ufDsn);
            } else {
                define("CIVICRM_UF_DSN", single(ufDsn), ufDsn, "           ");
            }
            comment("The CiviCRM database. Example:",
                    "     define( 'CIVICRM_DSN', 'mysql://civicrm:YOUR_PASSWORD@localhost/civicrm?new_link=true' );");
            if (s.staleBlock()) {
                line("/*");
                line("define( 'CIVICRM_DSN'          , 'mysql://olduser:oldpass@oldhost/oldcivi?new_link=true' );");
                line("$civicrm_root = '/home/old/public_html/sites/all/modules/civicrm/';");
                line("*/");
            }
            // addslashes() inside single quotes: \' and \\ are unescaped by PHP, \" stays as written
            String dsnLiteral = s.doubleQuotedDsn() ? dbl(dsnBody) : "'" + addslashes(dsnBody) + "'";
            if (!s.doubleQuotedDsn()) {
                dsnBody = dsnBody.replace("\"", "\\\"");
            }
            if (installer) {
                // the test runner's database when CIVICRM_UF is UnitTests, else the site's
                line("if (!defined('CIVICRM_DSN')) {");
                line("  if (CIVICRM_UF === 'UnitTests' && isset($GLOBALS['_CV']['TEST_DB_DSN'])) {");
                line("    define('CIVICRM_DSN', $GLOBALS['_CV']['TEST_DB_DSN']);");
                line("  }");
                if (e.atLeast(Era.V6)) {
                    line("  elseif (CIVICRM_UF === 'UnitTests') {");
                    line("    throw new \\Exception('CIVICRM_UF is UnitTests, but the test database (TEST_DB_DSN) is not known.');");
                    line("  }");
                }
                line("  else {");
                line("    define('CIVICRM_DSN', " + dsnLiteral + ");");
                line("  }");
                line("}");
                defines.put("CIVICRM_DSN", dsnBody);
            } else {
                define("CIVICRM_DSN", dsnLiteral, dsnBody, "          ");
            }
            if (e.atLeast(Era.V3_4)) {
                comment("A separate database for the change log, if wanted; by default the CiviCRM database.");
                if (e.atLeast(Era.V5) && s.siteKey() != null && s.siteKey().hashCode() % 2 == 0) {
                    line("// define('CIVICRM_LOGGING_DSN', 'mysql://log:log@localhost/civicrm_log?new_link=true');");
                } else if (wrap) {
                    line("if (!defined('CIVICRM_LOGGING_DSN')) {");
                    line("  define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);");
                    line("}");
                    defines.put("CIVICRM_LOGGING_DSN", dsnBody);
                } else {
                    line("define('CIVICRM_LOGGING_DSN', CIVICRM_DSN);");
                    defines.put("CIVICRM_LOGGING_DSN", dsnBody);
                }
            }
            comment("Where the CiviCRM code and the compiled templates are. Example:",
                    "     $civicrm_root = '/var/www/htdocs/drupal/sites/all/modules/civicrm/';");
            line("");
            if (!e.atLeast(Era.V5)) {
                line("global $civicrm_root;");
                line("");
            }
            line("$civicrm_root = " + single(root) + ";");
            define("CIVICRM_TEMPLATE_COMPILEDIR", single(compileDir), compileDir, "");
            if (e.atLeast(Era.V5)) {
                comment("Paths and URLs CiviCRM derives from the CMS; override them here if needed.");
                line("// $civicrm_paths['cms.root']['url'] = 'http://example.org/';");
                line("$civicrm_paths['civicrm.files']['path'] = " + single(s.drupalRoot() + "/sites/default/files/civicrm/") + ";");
            }
            comment("The site's home URL, with a trailing slash.");
            define("CIVICRM_UF_BASEURL", single(s.baseUrl()), s.baseUrl(), "      ");
            comment("Key for command-line scripts; 16-32 letters, digits and punctuation.");
            if (e == Era.V2_2 || s.siteKey() == null) {
                define("CIVICRM_SITE_KEY", "null", null, "");
            } else {
                define("CIVICRM_SITE_KEY", single(s.siteKey()), s.siteKey(), "");
            }
            if (e.atLeast(Era.V3_4) && !e.atLeast(Era.V4_4)) {
                comment("Set to 0 to turn IDS off.");
                if (wrap) {
                    define("CIVICRM_IDS_ENABLE", "1", "1", "");
                } else {
                    line("define( 'CIVICRM_IDS_ENABLE', 1);");
                    defines.put("CIVICRM_IDS_ENABLE", "1");
                }
            } else if (e == Era.V4_4 && s.olderHeader()) {
                // carried over from the 4.3 file the site started with
                line("define( 'CIVICRM_IDS_ENABLE', 1);");
                defines.put("CIVICRM_IDS_ENABLE", "1");
            }
            if (e.atLeast(Era.V3_4)) {
                comment("Send mail through Smarty.");
                define("CIVICRM_MAIL_SMARTY", "0", "0", "");
            }
            comment("Log mail to a file instead of sending it; keep this commented out in production.");
            line("// define( 'CIVICRM_MAIL_LOG', '" + compileDir + "mail.log' );");
            line("");
            define("CIVICRM_DOMAIN_ID", "1", "1", "      ");
            if (e.atLeast(Era.V5)) {
                line("define('CIVICRM_DEADLOCK_RETRIES', 3);");
                defines.put("CIVICRM_DEADLOCK_RETRIES", "3");
                line("if (strtoupper(substr(PHP_OS, 0, 3)) !== 'WIN' && !defined('CIVICRM_EXCLUDE_DIRS_PATTERN')) {");
                line("  define('CIVICRM_EXCLUDE_DIRS_PATTERN', '@/(\\.|node_modules|js/|css/|bower_components|packages/)@');");
                line("}");
            }
            if (e == Era.V2_2) {
                define("CIVICRM_MYSQL_VERSION", "4.1", "4.1", "");
                if (s.olderHeader()) {
                    // a 1.x leftover: a multi-line string value
                    String eol = s.crlf() ? "\r\n" : "\n";
                    line("define( 'CIVICRM_ADDRESS_FORMAT' , '");
                    line("{street_address}");
                    line("{city}{, }{state_province}{ }{postal_code}");
                    line("' );");
                    defines.put("CIVICRM_ADDRESS_FORMAT", eol + "{street_address}" + eol
                            + "{city}{, }{state_province}{ }{postal_code}" + eol);
                }
                define("CIVICRM_MYSQL_PATH", "'/usr/bin/'", "/usr/bin/", "");
                define("CIVICRM_USE_MEMCACHE", "0", "0", "");
            } else {
                comment("Cache: ArrayCache, Memcache, Memcached, APCcache, Redis or NoCache.");
                define("CIVICRM_DB_CACHE_CLASS", "'ArrayCache'", "ArrayCache", "");
                define(e.atLeast(Era.V4_4) ? "CIVICRM_DB_CACHE_HOST" : "CIVICRM_MEMCACHE_HOST", "'localhost'", "localhost", "");
                define(e.atLeast(Era.V4_4) ? "CIVICRM_DB_CACHE_PORT" : "CIVICRM_MEMCACHE_PORT", "11211", "11211", "");
            }
            define("CIVICRM_MEMCACHE_TIMEOUT", "3600", "3600", "");
            define("CIVICRM_MEMCACHE_PREFIX", "''", "", "");
            if (e == Era.V6) {
                comment("Keys for encrypting credentials and signing tokens (required from 6.10).");
                define("CIVICRM_CRED_KEYS", "'aes-cbc:hkdf-sha256:Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy'",
                        "aes-cbc:hkdf-sha256:Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy", "");
                define("CIVICRM_SIGN_KEYS", "'jwt-hs256:hkdf-sha256:cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9v'",
                        "jwt-hs256:hkdf-sha256:cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9v", "");
            }
            if (s.overrides()) {
                line("");
                line("# overrides added by hand");
                line("define('URL Preferences.userFrameworkResourceURL', '" + s.baseUrl() + "sites/all/modules/civicrm/');");
                line("define( 'Directory Preferences.customTemplateDir' , \"" + s.drupalRoot() + "/civi-templates/\" );");
                defines.put("URL Preferences.userFrameworkResourceURL", s.baseUrl() + "sites/all/modules/civicrm/");
                defines.put("Directory Preferences.customTemplateDir", s.drupalRoot() + "/civi-templates/");
            }
            if (s.duplicateDefine()) {
                line("");
                line("// moved to the new server");
                line("define('CIVICRM_UF_BASEURL', 'http://old-server.example.org/');");
            }
            if (e.atLeast(Era.V4_7)) {
                comment("Settings may be fixed here, e.g.:",
                        "     $civicrm_setting['domain']['userFrameworkResourceURL'] = 'http://example.org/civicrm';");
                line("$civicrm_setting['domain']['debug_enabled'] = 0;");
                line("$civicrm_setting['Directory Preferences']['customPHPPathDir'] = '" + s.drupalRoot() + "/civi-php/';");
                settings.put("domain/debug_enabled", "0");
                if (e.atLeast(Era.V5)) {
                    // a copy for testing: outbound mail disabled
                    line(e == Era.V6
                            ? "$civicrm_setting['Mailing Preferences']['mailing_backend'] = ['outBound_option' => 5, 'smtpServer' => '', ];"
                            : "$civicrm_setting['Mailing Preferences']['mailing_backend'] = array ( 'outBound_option' => 5, 7 => TRUE, 'x', \"8\" => NULL );");
                    line("$civicrm_setting['domain']['ext_repo_url'] = FALSE;");
                    settings.put("Mailing Preferences/mailing_backend", "Array");
                    settings.put("domain/ext_repo_url", "");
                }
                settings.put("Directory Preferences/customPHPPathDir", s.drupalRoot() + "/civi-php/");
            }
            comment("", "Keep what follows as it is.", "");
            line("");
            line("$include_path = '.'           . PATH_SEPARATOR .");
            line("                $civicrm_root . PATH_SEPARATOR .");
            line("                $civicrm_root . DIRECTORY_SEPARATOR . 'packages' . PATH_SEPARATOR .");
            line("                get_include_path( );");
            line("if ( set_include_path( $include_path ) === false ) {");
            line("   echo \"Could not set the include path<p>\";");
            line("   exit( );");
            line("}");
            line("");
            if (e.atLeast(Era.V5)) {
                line("if (!defined('CIVICRM_CLEANURL')) {");
                line("  if (function_exists('variable_get') && variable_get('clean_url', '0') != '0') {");
                line("    define('CIVICRM_CLEANURL', 1 );");
                line("  }");
                line("  elseif ( function_exists('config_get') && config_get('system.core', 'clean_url') != 0) {");
                line("    define('CIVICRM_CLEANURL', 1 );");
                line("  }");
                line("  elseif( function_exists('get_option') && get_option('permalink_structure') != '' ) {");
                line("    define('CIVICRM_CLEANURL', 1 );");
                line("  }");
                line("  else {");
                line("    define('CIVICRM_CLEANURL', 0);");
                line("  }");
                line("}");
                line("if (version_compare(PHP_VERSION, '8.1') < 0) {");
                line("  ini_set('auto_detect_line_endings', '1');");
                line("}");
            } else {
                line("if ( function_exists( 'variable_get' ) && variable_get('clean_url', '0') != '0' ) {");
                line("    define( 'CIVICRM_CLEANURL', 1 );");
                line("} else {");
                line("    define( 'CIVICRM_CLEANURL', 0 );");
                line("}");
                line("");
                line("// let PHP detect old Mac line ends");
                line("ini_set('auto_detect_line_endings', '1');");
            }
            line("");
            line("$memLimitString = trim(ini_get('memory_limit'));");
            line("$memLimitUnit   = strtolower(substr($memLimitString, -1));");
            line("$memLimit       = (int) $memLimitString;");
            line("switch ($memLimitUnit) {");
            line("    case 'g': $memLimit *= 1024;");
            line("    case 'm': $memLimit *= 1024;");
            line("    case 'k': $memLimit *= 1024;");
            line("}");
            line("if ($memLimit >= 0 and $memLimit < 134217728) {");
            line("    ini_set('memory_limit', '128M');");
            line("}");
            if (e.atLeast(Era.V4_2)) {
                line("");
                line("require_once 'CRM/Core/ClassLoader.php';");
                line("CRM_Core_ClassLoader::singleton()->register();");
            }
            if (s.closeTag()) {
                out.append("?>");
                if (s.trailingNewline()) {
                    out.append('\n');
                }
            } else if (!s.trailingNewline()) {
                out.setLength(out.length() - 1);
            }
            String text = out.toString();
            if (s.crlf()) {
                text = text.replace("\n", "\r\n");
            }
            return new Generated(s, text.getBytes(StandardCharsets.UTF_8), java.util.Collections.unmodifiableMap(defines),
                    root, java.util.Collections.unmodifiableMap(settings));
        }

        private String olderHeader() {
            Era[] all = Era.values();
            return all[Math.max(0, e.ordinal() - 2)].version().majorMinor();
        }

        private static String pad(int n) {
            return " ".repeat(Math.max(1, n));
        }
    }
}
