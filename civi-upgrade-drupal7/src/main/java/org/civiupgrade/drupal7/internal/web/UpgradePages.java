package org.civiupgrade.drupal7.internal.web;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civiupgrade.Version;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Recognises the pages a browser meets on the way to CiviCRM's upgrade: the upgrade page itself
 * (CiviCRM's {@code templates/CRM/common/success.tpl}, whose form posts {@code action=begin}),
 * Drupal's login form ({@code user/login}, form id {@code user-login}), its access-denied and
 * maintenance pages, and CiviCRM's error page ({@code templates/CRM/common/fatal.tpl}). Texts
 * taken from HTML drop scripts, styles and back-traces ({@code <pre>}) and are cut to a readable
 * length.
 */
public final class UpgradePages {
    /** The longest text quoted from a page or a task's exception. */
    public static final int MAX_TEXT = 600;

    private UpgradePages() {
    }

    /** What a page is. */
    public enum Kind {
        /** CiviCRM's upgrade page with its "Upgrade Now" form. */
        UPGRADE_FORM,
        /** CiviCRM's page saying the database is already at the code version. */
        ALREADY_UPGRADED,
        /** Drupal's login form: the session was not accepted. */
        LOGIN,
        /** Drupal's access-denied page. */
        ACCESS_DENIED,
        /** Drupal's maintenance page. */
        MAINTENANCE,
        /** CiviCRM's (or PHP's) error page. */
        ERROR,
        /** Anything else. */
        OTHER
    }

    /** Classifies a page by its status, URL and HTML. */
    public static Kind classify(SiteClient.Page page) {
        String body = page.body();
        Document d = Jsoup.parse(body);
        String text = d.text();
        String where = page.uri().toString();
        if (text.contains("has already been upgraded to CiviCRM")) {
            return Kind.ALREADY_UPGRADED;
        }
        if (!d.select("input[name=action][value=begin]").isEmpty()) {
            return Kind.UPGRADE_FORM;
        }
        if (where.matches(".*(/|q=)user/login\\b.*") || !d.select("form#user-login, form#user-login-form").isEmpty()) {
            return Kind.LOGIN;
        }
        if (page.status() == 403) {
            return Kind.ACCESS_DENIED;
        }
        if (page.status() == 503 || !d.select("body.maintenance-page, body.in-maintenance").isEmpty()) {
            return Kind.MAINTENANCE;
        }
        if (page.status() >= 500 || !d.select(".crm-error, .messages.error").isEmpty() || text.contains("non-recoverable error")
                || text.contains("Fatal error")) {
            return Kind.ERROR;
        }
        return Kind.OTHER;
    }

    /** The page's title ({@code <title>} or first {@code <h1>}), if any. */
    public static Optional<String> title(String html) {
        Document d = Jsoup.parse(html);
        Element h1 = d.selectFirst("h1");
        String t = h1 != null && !h1.text().isBlank() ? h1.text() : d.title();
        return t == null || t.isBlank() ? Optional.empty() : Optional.of(cut(t.trim()));
    }

    /**
     * The readable text of an HTML fragment (a page's main part, or a task's exception as CiviCRM's
     * {@code CRM_Core_Error::formatHtmlException()} writes it), without back-traces, cut to
     * {@link #MAX_TEXT} characters.
     */
    public static String text(String html) {
        Document d = Jsoup.parse(html == null ? "" : html);
        d.select("script, style, pre, head").remove();
        Element main = d.selectFirst(".crm-error, .messages.error, #crm-container, #content, main");
        String t = (main != null && !main.text().isBlank() ? main : d.body()).text().replaceAll("\\s+", " ").trim();
        return cut(t);
    }

    /** The intro's "The database will be upgraded from A to B." sentence, if present. */
    public static Optional<String> upgradeSentence(String html) {
        String t = Jsoup.parse(html).text();
        int i = t.indexOf("The database will be upgraded from");
        if (i < 0) {
            return Optional.empty();
        }
        int end = t.indexOf('.', t.indexOf(" to ", i) + 4);
        while (end > 0 && end + 1 < t.length() && Character.isDigit(t.charAt(end + 1))) {
            end = t.indexOf('.', end + 1);
        }
        return Optional.of(end < 0 ? cut(t.substring(i)) : t.substring(i, end + 1));
    }

    /**
     * The version a CiviCRM upgrade page speaks of: the target of "The database will be upgraded
     * from A to B." or "Upgrade CiviCRM to Version B", or the version of "has already been upgraded
     * to CiviCRM B".
     */
    public static Optional<Version> targetVersion(String html) {
        String t = Jsoup.parse(html).text();
        for (Pattern p : List.of(Pattern.compile("upgraded from \\S+ to (\\d+\\.\\d+\\.[0-9A-Za-z.]*?)\\.?(?:\\s|$)"),
                Pattern.compile("already been upgraded to CiviCRM (\\d+\\.\\d+\\.[0-9A-Za-z.]*?)\\.?(?:\\s|$)"),
                Pattern.compile("Upgrade CiviCRM to Version (\\d+\\.\\d+\\.[0-9A-Za-z.]*?)\\.?(?:\\s|$)"))) {
            Matcher m = p.matcher(t);
            if (m.find()) {
                Optional<Version> v = Version.tryParse(m.group(1));
                if (v.isPresent()) {
                    return v;
                }
            }
        }
        return Optional.empty();
    }

    static String cut(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }
}
