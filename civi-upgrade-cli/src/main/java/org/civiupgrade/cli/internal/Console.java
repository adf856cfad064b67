package org.civiupgrade.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.cli.ExitCodes;
import org.civiupgrade.internal.redact.Secrets;

/**
 * Where a command writes: lines for people on the error writer (none with {@code --json} but
 * errors), the JSON report on the output writer. Every text passes through the redaction of every
 * secret the library has read (database passwords, DSNs, site, credential and signing keys, the
 * hash salt), a second line of defence behind the library's own rule that messages carry no secret.
 */
final class Console {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean jsonOnly;
    private final boolean verbose;
    private final String command;

    Console(PrintWriter out, PrintWriter err, boolean jsonOnly, boolean verbose, String command) {
        this.out = out;
        this.err = err;
        this.jsonOnly = jsonOnly;
        this.verbose = verbose;
        this.command = command;
    }

    /** Makes sure the site's passwords are masked (detecting the site has registered them already). */
    void hideSecretsOf(Site site) {
        for (String s : List.of(site.cmsDatabase().password().reveal(), site.civicrmDatabase().password().reveal())) {
            Secrets.register(s);
        }
    }

    String redact(String text) {
        return Secrets.redact(text);
    }

    boolean jsonOnly() {
        return jsonOnly;
    }

    /** A line for people (progress, summaries); dropped with {@code --json}. */
    void human(String line) {
        if (!jsonOnly) {
            err.println(redact(line));
            err.flush();
        }
    }

    /** The JSON report: a pretty-printed document on the output writer. */
    void report(String json) {
        out.println(redact(json));
        out.flush();
    }

    /** The JSON report of a map of plain values. */
    void report(Map<String, ?> document) {
        try {
            report(JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the report as JSON", e);
        }
    }

    /** A report document starting with the command's name. */
    Map<String, Object> document() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        return m;
    }

    /**
     * Reports an error the library raised: message and remedy on the error writer (always, even with
     * {@code --json}), a JSON error document on the output writer, the stack trace only with
     * {@code --verbose}.
     */
    int fail(UpgradeException e) {
        return fail(e.code(), e.getMessage(), e.remedy(), e);
    }

    /** Reports an unexpected failure as {@link ErrorCode#INTERNAL}. */
    int unexpected(RuntimeException e) {
        return fail(ErrorCode.INTERNAL, "Unexpected error: " + e, ErrorCode.INTERNAL.remedy(), e);
    }

    private int fail(ErrorCode code, String message, String remedy, Throwable e) {
        int exit = ExitCodes.of(code);
        String fix = forCommandLine(remedy);
        err.println(redact("error: " + message));
        if (!fix.isEmpty()) {
            err.println(redact("remedy: " + fix));
        }
        if (verbose) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(redact(trace.toString()));
        }
        err.flush();
        Map<String, Object> doc = document();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("message", message);
        error.put("remedy", fix);
        doc.put("error", error);
        doc.put("exitCode", exit);
        report(doc);
        return exit;
    }

    /**
     * The library's remedies speak of its API (they are written for library callers); on the
     * command line the same advice names the command's flags and subcommands. Each rule maps one
     * API wording to its command-line wording; a rule for a whole call comes before the rule for
     * its start, so that text cut at a concatenation is mapped too.
     */
    static final List<Map.Entry<Pattern, String>> CLI_WORDING = List.of(
            rule("Upgrade\\.recover\\(site\\)", "'civi-upgrade recover DRUPAL_ROOT --work-dir DIR'"),
            rule("(?i)(call )?acceptRisk\\(\"([^\"]*)\"\\)", "pass --accept-risk=$2"),
            rule("(?i)(call )?acceptRisk\\(\"", "pass --accept-risk="),
            rule("(with )?acceptRisk\\(\\.\\.\\.\\) on the builder", "with --accept-risk"),
            rule("Call to\\(Release\\.tarball\\(path\\)\\) on the builder\\.", "Give the release with --release."),
            rule("and add them with via\\(Release\\.tarball\\(\\.\\.\\.\\)\\)", "and upgrade to each of them first, "
                    + "oldest first, with its own 'civi-upgrade run'"),
            rule("were given with via\\(\\)", "were given"),
            rule(";? in Java Site\\.detect\\(root, site, php\\)", ""),
            rule("(, or )?Release\\.tarball\\(path, sha256\\)", ""),
            rule(" or Site\\.withWorkDir", ""),
            rule("\\(Site\\.withWorkDir\\)", "(--work-dir)"),
            rule("Site\\.detect\\(root, \"([^\"]*)\"\\)", "--site $1"),
            rule("Site\\.detect\\(root, \"", "--site "),
            rule(" or Upgrade\\.Builder\\.upgrader\\(\\.\\.\\.\\)", ""),
            rule("(give one with |with )?Upgrade\\.Builder\\.dialect\\(\\.\\.\\.\\)", "civi-upgrade-mysql on the class path"),
            rule("Enable the permission fix of the code swap", "Pass --fix-files-permissions"),
            rule("(set from|given with) to\\(\\.\\.\\.\\)", "$1 --release"),
            rule("allow it explicitly", "allow it explicitly with --allow-same-or-older"),
            rule("allow re-installing the same version explicitly", "pass --allow-same-or-older"));

    private static Map.Entry<Pattern, String> rule(String api, String cli) {
        return Map.entry(Pattern.compile(api), cli);
    }

    /** A remedy (or message) in the command line's words: {@link #CLI_WORDING} applied in order. */
    static String forCommandLine(String remedy) {
        if (remedy == null) {
            return "";
        }
        String t = remedy;
        for (Map.Entry<Pattern, String> r : CLI_WORDING) {
            t = r.getKey().matcher(t).replaceAll(r.getValue());
        }
        return t;
    }
}
