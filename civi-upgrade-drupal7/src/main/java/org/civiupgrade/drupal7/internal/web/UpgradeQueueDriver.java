package org.civiupgrade.drupal7.internal.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.Version;

/**
 * Drives CiviCRM's web upgrade the way a browser and the page's JavaScript do, task by task.
 *
 * <p>The protocol, from CiviCRM's sources (civicrm/civicrm-core):
 * <ol>
 * <li>{@code GET civicrm/upgrade?reset=1} ({@code CRM/Upgrade/Page/Upgrade.php} {@code runIntro()}):
 *     the page of {@code templates/CRM/common/success.tpl} with a form posting {@code action=begin}
 *     back to the same URL;</li>
 * <li>{@code POST action=begin} ({@code runBegin()}): drops the triggers, builds the queue
 *     ({@code CRM/Upgrade/Form.php} {@code buildQueue()}, queue name {@code CRM_Upgrade}) and
 *     redirects to {@code civicrm/upgrade/queue/runner?reset=1&qrid=CRM_Upgrade}
 *     ({@code CRM/Queue/Runner.php} {@code runAllViaWeb()});</li>
 * <li>the runner page ({@code CRM/Queue/Page/Runner.php}, {@code templates/CRM/Queue/Page/Runner.tpl})
 *     hands the JavaScript {@code queueRunnerData}: {@code qrid}, {@code runNextAjax},
 *     {@code onEndAjax};</li>
 * <li>{@code POST qrid=CRM_Upgrade} to {@code runNextAjax} ({@code CRM/Queue/Page/AJAX.php}
 *     {@code runNext()}) runs one task and answers JSON ({@code CRM_Queue_Runner::formatTaskResult()}):
 *     {@code is_error} (0/1), {@code is_continue} (0/1), {@code numberOfItems} (tasks left),
 *     {@code last_task_title}, {@code exception} (HTML, on error). Repeated while
 *     {@code is_continue}; when none are left, {@code POST} to {@code onEndAjax}, which answers
 *     {@code redirect_url};</li>
 * <li>{@code GET} the {@code redirect_url} ({@code civicrm/upgrade?action=finish}, {@code runFinish()}):
 *     in 4.x this is where CiviCRM writes the final version and rebuilds the triggers, so it is
 *     always requested.</li>
 * </ol>
 * A task's failure ends the run with its title and exception text; an answer that is not the
 * queue runner's JSON (a PHP fatal error, HTTP 500) ends it with the status and the body's text.
 */
public final class UpgradeQueueDriver {
    /** CiviCRM's upgrade queue name ({@code CRM_Upgrade_Form::QUEUE_NAME}), the runner's {@code qrid}. */
    public static final String QUEUE = "CRM_Upgrade";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TASKS = 100_000;
    private static final int OPEN_ATTEMPTS = 5;
    private static final java.time.Duration RETRY_PAUSE = java.time.Duration.ofSeconds(3);

    private final SiteClient client;
    private final Consumer<String> output;

    public UpgradeQueueDriver(SiteClient client, Consumer<String> output) {
        this.client = client;
        this.output = output;
    }

    /**
     * Opens the upgrade page and checks it is CiviCRM's; a page that is not is an error naming
     * what it is and what to do. The page must speak of the code version: right after the code
     * swap, PHP's OPcache may still run the old release's files (it looks at them again only every
     * {@code opcache.revalidate_freq} seconds, never with {@code opcache.validate_timestamps=0}),
     * and CiviCRM then offers an upgrade to the old version or says it has nothing to do. The page
     * is asked again a few times, then that is an error naming the fix.
     *
     * @param codeVersion the version of the release's code
     * @return the page, or empty when CiviCRM says the database is already at the code version
     */
    public Optional<SiteClient.Page> open(Version codeVersion) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            SiteClient.Page intro = client.get("civicrm/upgrade", "reset=1", "CiviCRM's upgrade page");
            UpgradePages.Kind kind = UpgradePages.classify(intro);
            Optional<Version> offered;
            switch (kind) {
                case UPGRADE_FORM -> {
                    offered = UpgradePages.targetVersion(intro.body());
                    if (offered.isEmpty() || offered.get().equals(codeVersion)) {
                        output.accept("Opened CiviCRM's upgrade page " + intro.uri() + ": "
                                + UpgradePages.upgradeSentence(intro.body()).orElse(UpgradePages.title(intro.body()).orElse("")));
                        return Optional.of(intro);
                    }
                }
                case ALREADY_UPGRADED -> {
                    offered = UpgradePages.targetVersion(intro.body());
                    if (offered.isEmpty() || offered.get().equals(codeVersion)) {
                        output.accept("CiviCRM's upgrade page says: " + UpgradePages.text(intro.body()));
                        return Optional.empty();
                    }
                }
                default -> throw notTheUpgradePage(intro, kind);
            }
            String stale = "CiviCRM's upgrade page at " + intro.uri() + " speaks of version " + offered.get() + ", not of the new code's "
                    + codeVersion + ": the web server still runs the old code";
            if (attempt >= OPEN_ATTEMPTS) {
                throw new UpgradeException(ErrorCode.PROCESS_FAILED, stale + " (PHP's OPcache).",
                        "Reset PHP's OPcache (restart PHP-FPM or the web server, or set opcache.validate_timestamps=1), check that the "
                                + "web server serves this Drupal root, then run again. The database will be restored from the backup.", null);
            }
            output.accept(stale + "; asking again in " + RETRY_PAUSE.toSeconds() + " s.");
            Thread.sleep(RETRY_PAUSE.toMillis());
        }
    }

    /** Why a page met instead of the upgrade page (or the runner) stops the run, with the fix. */
    UpgradeException notTheUpgradePage(SiteClient.Page page, UpgradePages.Kind kind) {
        String at = " (" + page.uri() + ", HTTP " + page.status() + ")";
        return switch (kind) {
            case LOGIN -> new UpgradeException(ErrorCode.PROCESS_FAILED, "The site did not accept the administrator login the run created: "
                    + "it answered with Drupal's login form" + at + ".",
                    "Check that the base URL is the one the site's cookies are made for (settings.php $base_url and $cookie_domain) "
                            + "and that no module or proxy replaces Drupal's session handling.", null);
            case ACCESS_DENIED -> new UpgradeException(ErrorCode.PROCESS_FAILED, "The site refused CiviCRM's upgrade page to the administrator"
                    + " login the run created: access denied" + at + ".",
                    "Give the administrator the permissions 'administer CiviCRM' and 'access CiviCRM', and check that the base URL "
                            + "is the site's own (its session cookie name depends on it).", null);
            case MAINTENANCE -> new UpgradeException(ErrorCode.PROCESS_FAILED, "The site answered with its maintenance page" + at
                    + ": the administrator may not use the site in maintenance mode.",
                    "Grant 'access site in maintenance mode' to the administrator's role, or let the run use uid 1.", null);
            case ERROR -> new UpgradeException(ErrorCode.PROCESS_FAILED, "CiviCRM's upgrade page failed" + at + ": "
                    + UpgradePages.text(page.body()), "Read CiviCRM's message above; the web server's and CiviCRM's logs "
                    + "(files/civicrm/ConfigAndLog) say more. The database will be restored from the backup.", null);
            default -> new UpgradeException(ErrorCode.PROCESS_FAILED, "The page at " + page.uri() + " (HTTP " + page.status()
                    + ") is not CiviCRM's upgrade page" + UpgradePages.title(page.body()).map(t -> " but '" + t + "'").orElse("") + ".",
                    "Check the base URL (it must be the Drupal site with CiviCRM) and whether clean URLs work; "
                            + "open civicrm/upgrade?reset=1 there in a browser.", null);
        };
    }

    /** Begins the upgrade on the intro page and runs every task, then the finish page. Returns the titles of the tasks run. */
    public List<String> run(SiteClient.Page intro) {
        SiteClient.Page runner = client.post(intro.uri(), Map.of("action", "begin", "upgrade", ""), "the start of the upgrade");
        Optional<String> runNext = queueUrl(runner.body(), "runNextAjax");
        if (!runner.ok() || runNext.isEmpty() && !runner.body().contains("queueRunnerData")) {
            UpgradePages.Kind kind = UpgradePages.classify(runner);
            throw kind == UpgradePages.Kind.OTHER
                    ? new UpgradeException(ErrorCode.PROCESS_FAILED, "Starting the upgrade did not lead to CiviCRM's queue runner but to "
                    + runner.uri() + " (HTTP " + runner.status() + "): " + UpgradePages.text(runner.body()),
                    "Open civicrm/upgrade?reset=1 in a browser to see what CiviCRM says. The database will be restored from the backup.", null)
                    : notTheUpgradePage(runner, kind);
        }
        String qrid = queueData(runner.body(), "qrid").orElse(QUEUE);
        URI next = URI.create(runNext.orElseGet(() -> client.url("civicrm/upgrade/queue/ajax/runNext", null).toString()));
        URI end = URI.create(queueUrl(runner.body(), "onEndAjax").orElseGet(() -> client.url("civicrm/upgrade/queue/ajax/onEnd", null).toString()));
        output.accept("Running CiviCRM's upgrade tasks (queue " + qrid + ")"
                + queueData(runner.body(), "numberOfItems").map(n -> ": " + n + " to do").orElse(""));
        List<String> titles = new ArrayList<>();
        String last = null;
        for (int i = 0; i < MAX_TASKS; i++) {
            JsonNode r = ajax(next, qrid, last == null ? "the first upgrade task" : "the upgrade task after " + last);
            String title = r.path("last_task_title").asText("");
            if (r.path("is_error").asInt(0) != 0) {
                String message = UpgradePages.text(r.path("exception").asText(""));
                throw new UpgradeException(ErrorCode.PROCESS_FAILED, (title.isEmpty() ? "CiviCRM's queue runner failed"
                        : "The upgrade failed at task \"" + title + "\"") + ": "
                        + (message.isEmpty() ? "(CiviCRM gave no message)" : message),
                        "Fix the cause CiviCRM names, then run the upgrade again; CiviCRM's log (files/civicrm/ConfigAndLog) has the "
                                + "whole back-trace. The database will be restored from the backup.", null);
            }
            titles.add(title);
            output.accept(title);
            last = "\"" + title + "\"";
            if (r.path("is_continue").asInt(0) != 0) {
                continue;
            }
            if (r.path("numberOfItems").asInt(0) != 0) {
                throw new UpgradeException(ErrorCode.PROCESS_FAILED, "CiviCRM's queue runner stopped after task " + last + " with "
                        + r.path("numberOfItems").asInt() + " tasks left and no error.", "Open civicrm/upgrade?reset=1 in a browser "
                        + "to see the state. The database will be restored from the backup.", null);
            }
            finish(ajax(end, qrid, "the end of the upgrade queue"));
            return titles;
        }
        throw new UpgradeException(ErrorCode.PROCESS_FAILED, "CiviCRM's queue runner ran more than " + MAX_TASKS + " tasks without ending.",
                "Open civicrm/upgrade?reset=1 in a browser to see the state. The database will be restored from the backup.", null);
    }

    private void finish(JsonNode onEnd) {
        if (onEnd.path("is_error").asInt(0) != 0) {
            throw new UpgradeException(ErrorCode.PROCESS_FAILED, "CiviCRM failed ending the upgrade queue: "
                    + UpgradePages.text(onEnd.path("exception").asText("")), "Read CiviCRM's message above; its log says more.", null);
        }
        String redirect = onEnd.path("redirect_url").asText("");
        SiteClient.Page page = redirect.isEmpty() ? client.get("civicrm/upgrade", "action=finish", "CiviCRM's upgrade finish page")
                : client.get(URI.create(redirect), "CiviCRM's upgrade finish page");
        UpgradePages.Kind kind = UpgradePages.classify(page);
        if (!page.ok() || kind != UpgradePages.Kind.OTHER && kind != UpgradePages.Kind.ALREADY_UPGRADED) {
            throw kind == UpgradePages.Kind.OTHER ? new UpgradeException(ErrorCode.PROCESS_FAILED, "CiviCRM's upgrade finish page "
                    + page.uri() + " answered HTTP " + page.status() + ": " + UpgradePages.text(page.body()),
                    "Read CiviCRM's message above; its log says more. The database will be restored from the backup.", null)
                    : notTheUpgradePage(page, kind);
        }
        output.accept("CiviCRM's upgrade finish page: " + UpgradePages.text(page.body()));
    }

    private JsonNode ajax(URI url, String qrid, String what) {
        SiteClient.Page p = client.post(url, Map.of("qrid", qrid), what);
        JsonNode n = null;
        try {
            n = JSON.readTree(p.body());
        } catch (Exception e) {
            // not JSON: reported below
        }
        if (n == null || !n.isObject() || !n.has("is_error")) {
            UpgradePages.Kind kind = UpgradePages.classify(p);
            if (kind == UpgradePages.Kind.LOGIN || kind == UpgradePages.Kind.ACCESS_DENIED || kind == UpgradePages.Kind.MAINTENANCE) {
                throw notTheUpgradePage(p, kind);
            }
            throw new UpgradeException(ErrorCode.PROCESS_FAILED, "CiviCRM's upgrade did not give its queue runner's answer for "
                    + what + " (HTTP " + p.status() + " from " + p.uri() + "); PHP probably stopped with a fatal error: "
                    + (p.body().isBlank() ? "(an empty answer)" : UpgradePages.text(p.body())),
                    "Read PHP's error above and in the web server's error log (memory_limit, max_execution_time, a missing PHP "
                            + "extension); fix it and run again. The database will be restored from the backup.", null);
        }
        return n;
    }

    private static Optional<String> queueUrl(String html, String key) {
        return queueData(html, key);
    }

    /** A string or number of the runner page's {@code queueRunnerData} object, JSON-unescaped. */
    static Optional<String> queueData(String html, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+)").matcher(html);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(m.group(1)).asText());
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
