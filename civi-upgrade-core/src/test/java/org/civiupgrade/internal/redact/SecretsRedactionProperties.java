package org.civiupgrade.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.civiupgrade.CheckResult;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.settings.Dsn;
import org.civiupgrade.settings.SettingsFile;
import org.slf4j.Logger;

/**
 * Random passwords (special characters, non-ASCII, URL-encoded or not) in well-formed and
 * malformed CiviCRM DSNs: once civicrm.settings.php is read, no surface that can echo the DSN or
 * the password shows the password: the parse error, a check finding, an error, its JSON form,
 * a log line (message and logged exception) and the printable DSN.
 */
class SecretsRedactionProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logs.get(SecretsRedactionProperties.class);

    /** The ways real settings files break a DSN (user u, password p as the file writes it). */
    private static final List<BiFunction<String, String, String>> FORMS = List.of(
            (u, p) -> "mysql://" + u + ":" + p + "@localhost/civicrm?new_link=true",    // well-formed
            (u, p) -> "mysqli://" + u + ":" + p + "@db.example.org:3307/civicrm",       // mysqli
            (u, p) -> "mysql://" + u + ":" + p + "/civicrm?new_link=true",              // no @
            (u, p) -> "mysql:" + u + ":" + p + "@localhost/civicrm",                    // no //
            (u, p) -> "mysql:/" + u + ":" + p + "@localhost/civicrm",                   // one /
            (u, p) -> "mysql://" + u + ":" + p + "@/civicrm",                           // empty host
            (u, p) -> "mysql://" + u + ":" + p + "@:3306/civicrm",                      // empty host, port
            (u, p) -> "mysql://" + u + ":" + p + "@localhost:33o6/civicrm",             // bad port
            (u, p) -> "mysql://" + u + ":" + p + "@localhost:" + p + "/civicrm",        // the password as port
            (u, p) -> "mysql://" + u + ":" + p + "@localhost/civicrm?new_link=true?new_link=true",
            (u, p) -> " mysql://" + u + ":" + p + "@localhost/civicrm ",                // spaces around
            (u, p) -> "mysql://" + u + " : " + p + " @ localhost/civicrm",              // spaces inside
            (u, p) -> "mysql://" + u + ":" + p + "@localhost",                          // no database
            (u, p) -> "mysql://" + u + ":" + p);                                        // nothing after

    @Provide
    Arbitrary<String> passwords() {
        Arbitrary<String> plain = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> special = Arbitraries.strings().withChars("@/#?:% +&=!$'\"\\~-_.").ofMinLength(1).ofMaxLength(4);
        // whole code points (a settings file holds UTF-8, never a lone surrogate)
        Arbitrary<String> unicode = Arbitraries.of("", "\u00e9", "\u00fc\u00df", "\u20ac", "\u4e2d", "\ud83d\ude00");
        return net.jqwik.api.Combinators.combine(plain, special, unicode, plain).as((a, b, c, d) -> "Q" + a + b + c + d);
    }

    @Provide
    Arbitrary<BiFunction<String, String, String>> forms() {
        return Arbitraries.of(FORMS);
    }

    @Property(tries = 400)
    void noSurfaceShowsThePassword(@ForAll("passwords") String password, @ForAll("forms") BiFunction<String, String, String> form,
                                   @ForAll boolean encoded) throws Exception {
        String written = encoded ? rawurlencode(password) : password;
        String dsn = form.apply("civi", written);
        String php = "<?php\ndefine('CIVICRM_UF', 'Drupal');\ndefine('CIVICRM_DSN', '"
                + dsn.replace("\\", "\\\\").replace("'", "\\'") + "');\n";
        SettingsFile settings = SettingsFile.parse(php.getBytes(StandardCharsets.UTF_8));

        List<String> surfaces = new ArrayList<>();
        try {
            surfaces.add(settings.requireDatabase("CIVICRM_DSN", "civicrm.settings.php").toString());
        } catch (UpgradeException e) {
            surfaces.add(e.getMessage());
            surfaces.add(e.remedy());
        }
        surfaces.add(Dsn.redact(dsn));
        CheckResult finding = CheckResult.warning("settings.dsn", "cv printed " + dsn + " (password " + password + ")",
                "Fix " + written);
        surfaces.add(finding.message());
        surfaces.add(finding.remedy());
        surfaces.add(JSON.writeValueAsString(finding));
        UpgradeException error = new UpgradeException(ErrorCode.PROCESS_FAILED, "cv failed: Access denied with " + dsn,
                "Check " + password, new IllegalStateException("DSN " + dsn + " password " + password));
        surfaces.add(error.getMessage());
        surfaces.add(error.remedy());
        surfaces.add(capturedLog(() -> LOG.warn("upgrader said: {} / {}", dsn, password, error.getCause())));

        for (String s : surfaces) {
            assertThat(s).doesNotContain(password).doesNotContain(written);
        }
    }

    @Example
    void keysSaltsAndTheirEncodingsAreMaskedButShortValuesAreNot() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        String b64 = java.util.Base64.getEncoder().encodeToString(key);
        String hex = java.util.HexFormat.of().formatHex(key);
        String sign = "Zx" + java.util.HexFormat.of().formatHex(new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 42});
        SettingsFile.parse(("<?php\ndefine('CIVICRM_SITE_KEY', 'siteKeyAbc123xyz');\n"
                + "define('CIVICRM_CRED_KEYS', 'aes-cbc:hkdf-sha256:" + b64 + "');\n"
                + "define('CIVICRM_SIGN_KEYS', 'jwt-hs256:hkdf-sha256:" + sign + ",::otherSignKey77');\n"
                + "define('CIVICRM_DB_CACHE_PASSWORD', '1');\n").getBytes(StandardCharsets.UTF_8));
        assertThat(Secrets.redact("key siteKeyAbc123xyz")).isEqualTo("key ******");
        assertThat(Secrets.redact("cred " + b64 + " raw " + hex + " up " + hex.toUpperCase())).isEqualTo("cred ****** raw ****** up ******");
        assertThat(Secrets.redact("sign " + sign + " Kpqz otherSignKey77")).isEqualTo("sign ****** Kpqz ******");
        // a short secret is masked where it stands alone, not inside a word
        Secrets.register("Zk4");
        assertThat(Secrets.redact("pw Zk4, user:Zk4@host, Zk4x and xZk4")).isEqualTo("pw ******, user:******@host, Zk4x and xZk4");
        // a one-character password is no secret worth destroying every "1" for
        assertThat(Secrets.redact("version 1.1")).isEqualTo("version 1.1");
    }

    @Example
    void aWellFormedDsnsPasswordIsMaskedButNotItsHostOrDatabase() {
        SettingsFile.parse("<?php\ndefine('CIVICRM_DSN', 'mysql://civi:Zq%40w%2Frd9@dbhost:3306/civicrm_db?new_link=true');\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(Secrets.redact("password Zq@w/rd9 or Zq%40w%2Frd9 on dbhost:3306 database civicrm_db"))
                .isEqualTo("password ****** or ****** on dbhost:3306 database civicrm_db");
    }

    private static String capturedLog(Runnable r) {
        PrintStream original = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(original);
        }
        String log = out.toString(StandardCharsets.UTF_8);
        assertThat(log).as("the logger wrote (WARN is enabled in tests)").contains("upgrader said");
        return log;
    }

    private static String rawurlencode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }
}
