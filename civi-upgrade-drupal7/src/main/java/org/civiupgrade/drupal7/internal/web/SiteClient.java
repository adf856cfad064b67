package org.civiupgrade.drupal7.internal.web;

import org.civiupgrade.spi.support.IoProblems;

import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;

/**
 * HTTP to one Drupal site and nowhere else: every request, and every redirect followed, must have
 * the base URL's scheme, host and port; a redirect elsewhere is refused. Carries the session
 * cookie (and cookies the site sets) like a browser's cookie jar for this one site, builds Drupal
 * paths with clean URLs ({@code /civicrm/upgrade}) or without ({@code /?q=civicrm/upgrade}, as
 * Drupal 7's {@code url()} writes them), and bounds each request by a time-out and by the run's
 * deadline. Messages name URLs, never the cookie.
 */
public final class SiteClient {
    private static final int MAX_REDIRECTS = 5;

    private final URI base;
    private final boolean cleanUrls;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Instant deadline;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** One page as received after redirects: status, final URL, body. */
    public record Page(int status, URI uri, String body) {
        /** Whether the status is 2xx. */
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * @param base           the site's base URL (path ends with {@code /})
     * @param cleanUrls      whether to write paths as clean URLs
     * @param requestTimeout the longest one request may take
     * @param deadline       when the whole upgrade must be over
     */
    public SiteClient(URI base, boolean cleanUrls, Duration requestTimeout, Instant deadline) {
        this.base = normalise(base);
        this.cleanUrls = cleanUrls;
        this.requestTimeout = requestTimeout;
        this.deadline = deadline;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(requestTimeout.compareTo(Duration.ofSeconds(30)) < 0 ? requestTimeout : Duration.ofSeconds(30)).build();
    }

    /** The base URL with a path ending in {@code /}, without query or fragment. */
    public static URI normalise(URI base) {
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || base.getHost() == null) {
            throw new UpgradeException(ErrorCode.INVALID_INPUT, "The site's base URL '" + base + "' is not an http:// or https:// URL with a host.",
                    "Give the URL the site is served at, e.g. https://example.org/ (or set CIVICRM_UF_BASEURL in civicrm.settings.php).", null);
        }
        String path = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        return URI.create(scheme + "://" + base.getRawAuthority() + path);
    }

    /** The base URL. */
    public URI base() {
        return base;
    }

    /** Adds a cookie sent with every request (not logged). */
    public void cookie(String name, String value) {
        cookies.put(name, value);
    }

    /** A cookie's value, for tests of this package. */
    String cookieValue(String name) {
        return cookies.get(name);
    }

    /** The URL of a Drupal path with an optional query ({@code a=b&c=d}, already encoded). */
    public URI url(String drupalPath, String query) {
        String q = query == null || query.isEmpty() ? "" : query;
        if (cleanUrls) {
            return base.resolve(drupalPath + (q.isEmpty() ? "" : "?" + q));
        }
        return URI.create(base + "?q=" + drupalPath + (q.isEmpty() ? "" : "&" + q));
    }

    /** GET a Drupal path, following redirects within the site. */
    public Page get(String drupalPath, String query, String what) {
        return send(url(drupalPath, query), null, what);
    }

    /** GET a URL of the site (e.g. one the site handed out), following redirects within the site. */
    public Page get(URI uri, String what) {
        return send(base.resolve(uri), null, what);
    }

    /** POST a form to a URL of the site; a redirect answer is followed with GET. */
    public Page post(URI uri, Map<String, String> form, String what) {
        return send(base.resolve(uri), form, what);
    }

    /** Whether a URL has the base URL's scheme, host and port. */
    public boolean sameOrigin(URI uri) {
        return uri.getScheme() != null && uri.getScheme().equalsIgnoreCase(base.getScheme()) && uri.getHost() != null
                && uri.getHost().equalsIgnoreCase(base.getHost()) && port(uri) == port(base);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private Page send(URI uri, Map<String, String> form, String what) {
        URI current = uri;
        Map<String, String> body = form;
        for (int hop = 0; ; hop++) {
            if (!sameOrigin(current)) {
                throw new UpgradeException(ErrorCode.PROCESS_FAILED, (hop == 0 ? "The request for " + what + " goes to "
                        : "The site redirected the request for " + what + " to ") + redact(current)
                        + ", outside its base URL " + base + "; the web upgrader only talks to the site itself.",
                        "Give the base URL the site really answers at (scheme, host and port as in its own links), "
                                + "or fix the site's redirect (settings.php $base_url, a proxy or .htaccess rule).", null);
            }
            HttpResponse<String> r = exchange(current, body, what);
            for (String set : r.headers().allValues("set-cookie")) {
                for (HttpCookie c : parseCookie(set)) {
                    if (c.getMaxAge() == 0 || "deleted".equals(c.getValue())) {
                        cookies.remove(c.getName());
                    } else {
                        cookies.put(c.getName(), c.getValue());
                    }
                }
            }
            int status = r.statusCode();
            if (status >= 300 && status < 400 && r.headers().firstValue("location").isPresent()) {
                if (hop >= MAX_REDIRECTS) {
                    throw new UpgradeException(ErrorCode.PROCESS_FAILED, "The site redirected " + what + " more than " + MAX_REDIRECTS
                            + " times (last to " + redact(current) + ").", "Open " + redact(uri) + " in a browser to see the loop and fix it.", null);
                }
                current = current.resolve(r.headers().firstValue("location").get().trim());
                body = null;
                continue;
            }
            return new Page(status, current, r.body() == null ? "" : r.body());
        }
    }

    private static List<HttpCookie> parseCookie(String header) {
        try {
            return HttpCookie.parse(header);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private HttpResponse<String> exchange(URI uri, Map<String, String> form, String what) {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw timeout(uri, what, "the upgrade's time-out was reached");
        }
        Duration timeout = left.compareTo(requestTimeout) < 0 ? left : requestTimeout;
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", form == null
                ? "text/html,application/xhtml+xml" : "application/json, text/javascript, */*; q=0.01")
                .header("User-Agent", "civi-upgrade");
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        if (form == null) {
            b.GET();
        } else {
            b.header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8").header("X-Requested-With", "XMLHttpRequest")
                    .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"))));
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw timeout(uri, what, "no answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new UpgradeException(ErrorCode.PROCESS_FAILED, "Cannot connect to " + redact(uri) + " (" + what + "): "
                    + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ".",
                    "Check that the web server of " + base + " is running and reachable from this machine.", e);
        } catch (IOException e) {
            throw new UpgradeException(ErrorCode.PROCESS_FAILED, "The request for " + what + " to " + redact(uri) + " failed: "
                    + IoProblems.describe(e), "Check that the web server of " + base + " is running; its error log may say more.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpgradeException(ErrorCode.INTERRUPTED, "Interrupted while waiting for " + what + ".", e);
        }
    }

    private UpgradeException timeout(URI uri, String what, String why) {
        return new UpgradeException(ErrorCode.PROCESS_FAILED, "The site did not answer " + what + " at " + redact(uri) + ": " + why + ".",
                "CiviCRM may still be working on it: look at the web server's and PHP's error logs (max_execution_time, "
                        + "memory_limit), then run again with a longer time-out. The database will be restored from the backup.", null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The URL without user info (never a credential in a message). */
    static String redact(URI u) {
        if (u.getRawUserInfo() == null) {
            return u.toString();
        }
        return u.toString().replace(u.getRawUserInfo() + "@", "");
    }
}
