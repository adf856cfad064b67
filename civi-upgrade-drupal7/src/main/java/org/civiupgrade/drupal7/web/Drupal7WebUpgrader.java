package org.civiupgrade.drupal7.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.civiupgrade.CheckResult;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.drupal7.internal.web.DrupalSessionCookie;
import org.civiupgrade.drupal7.internal.web.DrupalSiteFacts;
import org.civiupgrade.drupal7.internal.web.RemoveDrupalSession;
import org.civiupgrade.drupal7.internal.web.SiteClient;
import org.civiupgrade.drupal7.internal.web.UpgradeQueueDriver;
import org.civiupgrade.php.PhpFile;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.settings.ResolvedDefine;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.SchemaUpgrader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * CiviCRM's database upgrade through its own web upgrader, {@code civicrm/upgrade?reset=1}, over
 * HTTP(S), for a Drupal 7 site: what an administrator does in a browser, without a password.
 *
 * <p><b>Login.</b> The run writes a Drupal session for an active administrator (uid 1, or the lowest
 * uid whose roles grant {@code administer CiviCRM}, {@code access CiviCRM} and {@code access site
 * in maintenance mode}) straight into Drupal's {@code {sessions}} table, with the table prefix,
 * the id stored hashed where the site hashes ids, {@code ssid} on HTTPS, and sends it as the
 * cookie Drupal expects (see {@code DrupalSessionCookie} for the formats and their source in
 * Drupal's {@code includes/bootstrap.inc} and {@code includes/session.inc}). Before the row is
 * written, a compensation that removes it ({@code drupal7.remove-session}) is journaled, so a
 * failure, a crash and recovery remove it; the upgrader removes it itself when it ends, whether it
 * succeeded or not. The session id stays in memory: it never reaches the journal (which keeps only
 * a SHA-256 of the stored form, enough to find the row and useless as a cookie), the output, the
 * events, the log or a message.
 *
 * <p><b>Requests</b> go only to the base URL's scheme, host and port; a redirect elsewhere is
 * refused. Paths are clean ({@code /civicrm/upgrade}) when Drupal's {@code clean_url} variable is
 * on, {@code /?q=civicrm/upgrade} when it is off, and, when it is not set, clean first and the
 * {@code ?q=} form after a 404. The base URL is the one given, or {@code CIVICRM_UF_BASEURL} from
 * {@code civicrm.settings.php}. A site in maintenance mode works: Drupal lets an administrator with
 * {@code access site in maintenance mode} through.
 *
 * <p><b>Upgrade.</b> Opens the upgrade page (checking it is CiviCRM's, not a login, access-denied,
 * maintenance or error page), starts the upgrade and drives CiviCRM's upgrade queue the way the
 * page's JavaScript does, one task per request, each task's title an output line (and so a progress
 * event), then requests the finish page (see {@code UpgradeQueueDriver} for the protocol and its
 * source files in CiviCRM). A failing task fails the upgrade with its title and CiviCRM's message;
 * a PHP fatal error (HTTP 500, an answer that is not the queue's JSON) and a time-out fail it with
 * what was asked and what to do. The calling step then checks {@code civicrm_domain.version}.
 *
 * <p><b>Dry run.</b> CiviCRM builds its task list only when the upgrade begins, and beginning
 * already drops the triggers, so the web upgrader cannot list the tasks without running them. A
 * dry run creates no login and sends no request; it says so and lists nothing.
 *
 * <pre>{@code
 * Upgrade.of(site).to(release).standard().upgrader(new Drupal7WebUpgrader(URI.create("https://example.org/")))
 * }</pre>
 */
public final class Drupal7WebUpgrader implements SchemaUpgrader {
    private static final Logger LOG = org.civiupgrade.internal.redact.Logs.get(Drupal7WebUpgrader.class);
    /** The longest one request (one task) may take unless set otherwise: 10 minutes. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);

    private final @Nullable URI baseUrl;
    private final Duration requestTimeout;
    private final @Nullable Boolean cleanUrls;

    /** Uses the base URL {@code CIVICRM_UF_BASEURL} of the site's {@code civicrm.settings.php}. */
    public Drupal7WebUpgrader() {
        this(builder());
    }

    /**
     * @param baseUrl the site's base URL, {@code http://} or {@code https://}, e.g.
     *                {@code https://example.org/} or {@code http://example.org:8080/drupal/}
     */
    public Drupal7WebUpgrader(URI baseUrl) {
        this(builder().baseUrl(baseUrl));
    }

    private Drupal7WebUpgrader(Builder b) {
        this.baseUrl = b.baseUrl == null ? null : SiteClient.normalise(b.baseUrl);
        this.requestTimeout = b.requestTimeout;
        this.cleanUrls = b.cleanUrls;
    }

    /**
     * For the command line: a base URL as text, or null/empty for {@code CIVICRM_UF_BASEURL}.
     *
     * @throws UpgradeException {@link ErrorCode#INVALID_INPUT} when it is not an http(s) URL
     */
    public static Drupal7WebUpgrader forBaseUrl(@Nullable String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            return new Drupal7WebUpgrader();
        }
        try {
            return new Drupal7WebUpgrader(new URI(baseUrl.trim()));
        } catch (java.net.URISyntaxException e) {
            throw new UpgradeException(ErrorCode.INVALID_INPUT, "'" + baseUrl + "' is not a URL: " + e.getReason() + ".",
                    "Give the site's base URL, e.g. https://example.org/.", e);
        }
    }

    /** Starts configuring a web upgrader. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link Drupal7WebUpgrader}. */
    public static final class Builder {
        private @Nullable URI baseUrl;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private @Nullable Boolean cleanUrls;

        private Builder() {
        }

        /** The site's base URL; without one, {@code CIVICRM_UF_BASEURL} is used. */
        public Builder baseUrl(URI url) {
            this.baseUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** The longest one request (one upgrade task) may take; the whole upgrade is bounded by the step's time-out. */
        public Builder requestTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be positive");
            }
            this.requestTimeout = timeout;
            return this;
        }

        /** Forces clean URLs on or off instead of reading Drupal's {@code clean_url} variable. */
        public Builder cleanUrls(boolean on) {
            this.cleanUrls = on;
            return this;
        }

        /** The upgrader. */
        public Drupal7WebUpgrader build() {
            return new Drupal7WebUpgrader(this);
        }
    }

    @Override
    public String name() {
        return "web";
    }

    @Override
    public String describe(Site site) {
        String base = baseUrl != null ? baseUrl.toString() : resolveBaseUrl(site).map(URI::toString).orElse("CIVICRM_UF_BASEURL");
        return "CiviCRM's web upgrader at " + base + " (civicrm/upgrade?reset=1), as a Drupal administrator through a login the run"
                + " creates and removes";
    }

    /**
     * Offers itself for a Drupal 7 site whose base URL is known (10, below cv, drush and the php runner: a web
     * request is bounded by the web server's limits), and not otherwise (-1).
     */
    @Override
    public int priority(Site site) {
        return "Drupal".equalsIgnoreCase(site.cmsName()) && site.cmsVersion().startsWith("7") && resolveBaseUrl(site).isPresent() ? 10 : -1;
    }

    /** The base URL: the one given, else {@code CIVICRM_UF_BASEURL}; empty when neither is known. */
    public Optional<URI> resolveBaseUrl(Site site) {
        if (baseUrl != null) {
            return Optional.of(baseUrl);
        }
        try {
            SettingsFile settings = SettingsFile.read(site.civicrmSettingsFile());
            ResolvedDefine r = settings.resolveDefine("CIVICRM_UF_BASEURL");
            if (r.status() != ResolvedDefine.Status.KNOWN) {
                return Optional.empty();
            }
            return settings.define("CIVICRM_UF_BASEURL").filter(s -> !s.isBlank()).map(s -> SiteClient.normalise(URI.create(s.trim())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private URI requireBaseUrl(Site site) {
        return resolveBaseUrl(site).orElseThrow(() -> new UpgradeException(ErrorCode.INVALID_INPUT,
                "The web upgrader needs the site's base URL: none was given and CIVICRM_UF_BASEURL in "
                        + site.civicrmSettingsFile() + " is not a literal http(s) URL.",
                "Give the base URL to the web upgrader (new Drupal7WebUpgrader(URI.create(\"https://example.org/\"))), "
                        + "or set CIVICRM_UF_BASEURL in civicrm.settings.php.", null));
    }

    @Override
    public List<CheckResult> check(PlanContext context) {
        List<CheckResult> out = new ArrayList<>();
        try {
            Site site = context.site();
            Optional<URI> base = resolveBaseUrl(site);
            if (base.isEmpty()) {
                out.add(CheckResult.blocker("web.base-url", "No base URL for the web upgrader: none was given and CIVICRM_UF_BASEURL in "
                        + site.civicrmSettingsFile() + " is not a literal http(s) URL.",
                        "Give the site's base URL to the web upgrader, or set CIVICRM_UF_BASEURL in civicrm.settings.php."));
            } else {
                reachable(base.get()).ifPresent(out::add);
            }
            try (Connection c = context.resources().cmsDatabase().getConnection()) {
                if (DrupalSiteFacts.administrator(c, site.cmsDatabase().tablePrefix()).isEmpty()) {
                    out.add(CheckResult.blocker("web.administrator", "The Drupal site has no active administrator for the web upgrader"
                            + " (uid 1, or an account whose roles grant " + String.join(", ", DrupalSiteFacts.REQUIRED_PERMISSIONS) + ").",
                            "Unblock uid 1, or give an active account a role with those permissions."));
                }
            }
        } catch (SQLException | RuntimeException e) {
            out.add(CheckResult.blocker("web.administrator", "Cannot look for a Drupal administrator: " + e.getMessage(),
                    ErrorCode.DATABASE_ERROR.remedy()));
        }
        return out;
    }

    private static Optional<CheckResult> reachable(URI base) {
        try {
            SiteClient.Page p = new SiteClient(base, true, Duration.ofSeconds(15), Instant.now().plusSeconds(20)).get(base, "the front page");
            LOG.debug("{} answered HTTP {}", base, p.status());
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(CheckResult.blocker("web.reachable", "The site's base URL " + base + " is not reachable: " + e.getMessage(),
                    "Start the web server, or give the base URL this machine reaches the site at."));
        }
    }

    @Override
    public List<String> upgrade(Request request) throws Exception {
        Site site = request.site();
        if (request.dryRun()) {
            request.output().accept("CiviCRM's web upgrader builds its task list only when the upgrade begins (which already drops the"
                    + " triggers), so a dry run cannot list the tasks: no login was created and no request was sent.");
            return List.of();
        }
        URI base = requireBaseUrl(site);
        String prefix = site.cmsDatabase().tablePrefix();
        DataSource cms = request.resources().cmsDatabase();
        long uid;
        boolean hashed;
        Optional<Boolean> clean;
        try (Connection c = cms.getConnection()) {
            OptionalLong admin = DrupalSiteFacts.administrator(c, prefix);
            if (admin.isEmpty()) {
                throw new UpgradeException(ErrorCode.PROCESS_FAILED, "The Drupal site has no active administrator to run CiviCRM's web"
                        + " upgrade as (uid 1, or an account whose roles grant " + String.join(", ", DrupalSiteFacts.REQUIRED_PERMISSIONS) + ").",
                        "Unblock uid 1, or give an active account a role with those permissions, then run again.", null);
            }
            uid = admin.getAsLong();
            hashed = DrupalSiteFacts.hashedSessionIds(c, prefix);
            clean = cleanUrls != null ? Optional.of(cleanUrls) : DrupalSiteFacts.cleanUrls(c, prefix);
        }
        Path settingsPhp = site.siteDir().resolve("settings.php");
        DrupalSessionCookie cookie = DrupalSessionCookie.create(base, settingsString(settingsPhp, "cookie_domain"),
                settingsString(settingsPhp, "base_url"), hashed);
        RemoveDrupalSession remove = new RemoveDrupalSession(prefix, uid, cookie.lookupDigest());
        request.journal().accept(remove);
        try {
            try (Connection c = cms.getConnection()) {
                DrupalSiteFacts.insertSession(c, prefix, uid, cookie);
            }
            request.output().accept("Logged in to " + base + " as Drupal uid " + uid + " through a session the run removes at the end.");
            Instant deadline = Instant.now().plus(request.timeout());
            SiteClient client;
            if (clean.isPresent()) {
                client = client(base, clean.get(), deadline, cookie);
            } else {
                client = client(base, true, deadline, cookie);
                boolean notFound = client.get("civicrm/upgrade", "reset=1", "CiviCRM's upgrade page").status() == 404;
                request.output().accept("Drupal's clean_url variable is not set; clean URLs " + (notFound ? "answer 404: using ?q=." : "answer."));
                if (notFound) {
                    client = client(base, false, deadline, cookie);
                }
            }
            UpgradeQueueDriver driver = new UpgradeQueueDriver(client, request.output());
            Optional<SiteClient.Page> intro = driver.open(request.codeVersion());
            return intro.isEmpty() ? List.of() : driver.run(intro.get());
        } finally {
            try {
                int n = remove.remove(cms);
                LOG.info("Removed the administrator login of the web upgrade ({} row)", n);
            } catch (SQLException e) {
                LOG.warn("Could not remove the administrator login of the web upgrade now ({}); the run's compensation removes it", e.getMessage());
            }
        }
    }

    private SiteClient client(URI base, boolean clean, Instant deadline, DrupalSessionCookie cookie) {
        SiteClient c = new SiteClient(base, clean, requestTimeout, deadline);
        cookie.addTo(c);
        return c;
    }

    /** A literal string assigned to a settings.php variable; empty when unset; an error when set by an expression. */
    private static Optional<String> settingsString(Path settingsPhp, String variable) throws IOException {
        if (!Files.isRegularFile(settingsPhp)) {
            return Optional.empty();
        }
        Optional<PhpFile.Value> v = PhpFile.read(Files.readString(settingsPhp, StandardCharsets.UTF_8), "settings.php").variable(variable);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Optional<PhpValue> known = v.get().known();
        if (known.isPresent()) {
            return known.get() instanceof PhpValue.Null ? Optional.empty()
                    : known.get() instanceof PhpValue.Str str ? Optional.of(str.text()) : Optional.of(known.get().toString());
        }
        throw new UpgradeException(ErrorCode.SITE_INVALID, settingsPhp + " sets $" + variable + " by an expression this reader cannot"
                + " evaluate; the name of Drupal's session cookie depends on it.",
                "Set $" + variable + " to a literal string in settings.php (or remove it), or use cv or drush to upgrade.", null);
    }
}
