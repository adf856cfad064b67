package org.civiupgrade.drupal7.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The session cookie's name and the stored id, against PHP computing them as Drupal 7's
 * {@code drupal_settings_initialize()} and {@code drupal_hash_base64()} do (the same hash,
 * substring and base64 calls), for HTTP and HTTPS, ports, sub-folders and {@code $cookie_domain}.
 */
class DrupalSessionCookieTest {
    record Case(String baseUrl, String cookieDomain, String settingsBaseUrl) {
    }

    static final List<Case> CASES = List.of(new Case("http://example.org/", null, null), new Case("https://example.org/", null, null),
            new Case("http://example.org:8080/drupal/", null, null), new Case("https://Example.org:8443/a/b", null, null),
            new Case("http://127.0.0.1:39729/", null, null), new Case("https://crm.example.org/", ".example.org", null),
            new Case("http://127.0.0.1:8080/", null, "https://www.example.org/drupal"));

    @Test
    void cookieNamesAndHashedIdsAreThoseDrupalComputes() throws Exception {
        String php = php("""
                function name($base, $cookie_domain, $settings_base) {
                  $https = strpos($base, 'https://') === 0;
                  $p = parse_url($base);
                  $host = strtolower($p['host']) . (isset($p['port']) ? ':' . $p['port'] : '');
                  $dir = isset($p['path']) ? rtrim($p['path'], '/') : '';
                  if ($cookie_domain) { $session_name = $cookie_domain; }
                  else { $base_url = $settings_base ? $settings_base : ($https ? 'https' : 'http') . '://' . $host . $dir;
                         list(, $session_name) = explode('://', $base_url, 2); }
                  return ($https ? 'SSESS' : 'SESS') . substr(hash('sha256', $session_name), 0, 32);
                }
                foreach (json_decode($argv[1], TRUE) as $c) { echo name($c[0], $c[1], $c[2]), "\\n"; }
                echo str_replace(array('+', '/', '='), array('-', '_', ''), base64_encode(hash('sha256', 'k2bJ2cRg6n6Xx0pO3nGmY/+', TRUE))), "\\n";
                """, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(CASES.stream()
                .map(c -> new String[] {c.baseUrl(), c.cookieDomain(), c.settingsBaseUrl()}).toList()));
        List<String> lines = php.lines().toList();
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            assertThat(DrupalSessionCookie.cookieName(URI.create(c.baseUrl()), Optional.ofNullable(c.cookieDomain()),
                    Optional.ofNullable(c.settingsBaseUrl()))).as("%s", c).isEqualTo(lines.get(i));
        }
        assertThat(DrupalSessionCookie.hashBase64("k2bJ2cRg6n6Xx0pO3nGmY/+")).isEqualTo(lines.get(CASES.size()));
    }

    @Test
    void theJournalGetsADigestNotTheIdNorTheStoredForm() {
        DrupalSessionCookie plain = DrupalSessionCookie.create(URI.create("https://example.org/"), Optional.empty(), Optional.empty(), false);
        DrupalSessionCookie hashed = DrupalSessionCookie.create(URI.create("http://example.org/"), Optional.empty(), Optional.empty(), true);
        assertThat(plain.name()).startsWith("SSESS").hasSize(37);
        assertThat(plain.https()).isTrue();
        assertThat(plain.storedId()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(hashed.storedId()).isEqualTo(DrupalSessionCookie.hashBase64(idOf(hashed)));
        for (DrupalSessionCookie c : List.of(plain, hashed)) {
            assertThat(c.lookupDigest()).hasSize(64).doesNotContain(c.storedId()).doesNotContain(idOf(c));
            assertThat(new RemoveDrupalSession("d7_", 1, c.lookupDigest()).toString()).doesNotContain(idOf(c)).doesNotContain(c.storedId());
            assertThat(c.toString()).doesNotContain(idOf(c));
        }
        assertThat(DrupalSessionCookie.create(URI.create("http://example.org/"), Optional.empty(), Optional.empty(), false).storedId())
                .as("random").isNotEqualTo(plain.storedId());
    }

    private static String idOf(DrupalSessionCookie c) {
        SiteClient client = new SiteClient(URI.create("http://example.org/"), true, java.time.Duration.ofSeconds(1), java.time.Instant.now());
        c.addTo(client);
        return client.cookieValue(c.name());
    }

    private static String php(String code, String arg) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("php", "-r", code, arg).redirectErrorStream(true).start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CIVI_UPGRADE_REQUIRE_PHP"))) {
                throw new AssertionError("php is required (CIVI_UPGRADE_REQUIRE_PHP=true) but not on the PATH", e);
            }
            assumeTrue(false, "php is not installed; Drupal's cookie name cannot be cross-checked");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
