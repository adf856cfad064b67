package org.civiupgrade.drupal7.internal.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import com.google.common.hash.Hashing;

/**
 * The Drupal 7 session cookie of an administrator login the run creates: its name, the random id
 * sent as its value, and the form of the id Drupal stores in {@code {sessions}}.
 *
 * <p>Formats, as Drupal 7 computes them (drupal/drupal 7.x, {@code includes/bootstrap.inc}
 * {@code drupal_settings_initialize()} and {@code drupal_hash_base64()}, {@code includes/session.inc}
 * {@code drupal_session_id()} and {@code _drupal_session_read()}):
 * <ul>
 * <li>session name: {@code $cookie_domain} from {@code settings.php} when set, otherwise the base
 *     URL without its scheme ({@code example.org}, {@code example.org:8080/drupal}); cookie name
 *     {@code SESS} (HTTP) or {@code SSESS} (HTTPS, {@code session.cookie_secure}) followed by the
 *     first 32 hex digits of SHA-256 of the session name;</li>
 * <li>stored id: the id itself, or, from 7.x releases that set the variable
 *     {@code hashed_session_ids_supported} (unless {@code do_not_hash_session_ids}), its
 *     {@code drupal_hash_base64}: base64 of the raw SHA-256 with {@code +/} as {@code -_} and no
 *     {@code =};</li>
 * <li>an HTTP request looks the row up by {@code sid}, an HTTPS one by {@code ssid}; the run
 *     writes the stored id to {@code sid}, and to {@code ssid} too on HTTPS.</li>
 * </ul>
 *
 * <p>The id is a credential for the whole site while the row exists. It is kept only in memory
 * and only ever sent in the {@code Cookie} header to the site's own origin; {@link #toString()}
 * hides it. What is journaled to remove the row is {@link #lookupDigest()}: the hex SHA-256 of
 * the stored id, from which neither the id nor the stored form can be recovered, so a journal
 * read by someone else opens nothing.
 */
public final class DrupalSessionCookie {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final String id;
    private final String storedId;
    private final boolean https;

    private DrupalSessionCookie(String name, String id, String storedId, boolean https) {
        this.name = name;
        this.id = id;
        this.storedId = storedId;
        this.https = https;
    }

    /**
     * A new random session for a site.
     *
     * @param baseUrl      the base URL requests go to ({@code http} or {@code https})
     * @param cookieDomain {@code $cookie_domain} from {@code settings.php}, when set
     * @param settingsBaseUrl {@code $base_url} from {@code settings.php}, when set (it replaces the
     *                     request's URL in the session name)
     * @param hashedIds    whether the site stores {@code drupal_hash_base64} of the id
     */
    public static DrupalSessionCookie create(URI baseUrl, Optional<String> cookieDomain, Optional<String> settingsBaseUrl,
                                             boolean hashedIds) {
        boolean https = "https".equalsIgnoreCase(baseUrl.getScheme());
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String id = base64Url(raw); // the shape of drupal_random_key() ids: 43 URL-safe characters
        return new DrupalSessionCookie(cookieName(baseUrl, cookieDomain, settingsBaseUrl), id,
                hashedIds ? hashBase64(id) : id, https);
    }

    /** {@code SESS}/{@code SSESS} + 32 hex digits, as {@code drupal_settings_initialize()} names the cookie. */
    public static String cookieName(URI baseUrl, Optional<String> cookieDomain, Optional<String> settingsBaseUrl) {
        boolean https = "https".equalsIgnoreCase(baseUrl.getScheme());
        String sessionName = cookieDomain.filter(d -> !d.isEmpty()).orElseGet(() -> withoutScheme(settingsBaseUrl.filter(u -> !u.isEmpty())
                .orElseGet(() -> requestBaseUrl(baseUrl))));
        String hex = Hashing.sha256().hashString(sessionName, StandardCharsets.UTF_8).toString().substring(0, 32);
        return (https ? "SSESS" : "SESS") + hex;
    }

    /** {@code $base_url} as Drupal derives it for a request: scheme, host[:port] and the path without a trailing slash. */
    static String requestBaseUrl(URI baseUrl) {
        String host = baseUrl.getHost().toLowerCase(Locale.ROOT);
        String port = baseUrl.getPort() < 0 ? "" : ":" + baseUrl.getPort();
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath().replaceAll("/+$", "");
        return baseUrl.getScheme().toLowerCase(Locale.ROOT) + "://" + host + port + path;
    }

    private static String withoutScheme(String url) {
        int i = url.indexOf("://");
        return i < 0 ? url : url.substring(i + 3);
    }

    /** {@code drupal_hash_base64()}: URL-safe base64 of the raw SHA-256, without padding. */
    public static String hashBase64(String data) {
        return base64Url(Hashing.sha256().hashString(data, StandardCharsets.UTF_8).asBytes());
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The hex SHA-256 of a stored id: what the journal keeps to find the row again. */
    public static String digest(String storedId) {
        return HexFormat.of().formatHex(Hashing.sha256().hashString(storedId, StandardCharsets.UTF_8).asBytes());
    }

    /** The cookie's name (not secret). */
    public String name() {
        return name;
    }

    /** Gives the cookie to the client that sends it to the site (and nowhere else). */
    public void addTo(SiteClient client) {
        client.cookie(name, id);
    }

    /** The value of {@code sessions.sid} (and, on HTTPS, {@code ssid}); a credential on sites that store ids unhashed. */
    String storedId() {
        return storedId;
    }

    /** Whether requests go over HTTPS ({@code ssid} is filled). */
    boolean https() {
        return https;
    }

    /** {@link #digest(String)} of the stored id: safe to journal. */
    public String lookupDigest() {
        return digest(storedId);
    }

    @Override
    public String toString() {
        return name + "=(hidden)";
    }
}
