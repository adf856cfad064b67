package org.civiupgrade.internal.engine;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.civiupgrade.Secret;
import org.civiupgrade.Site;

/**
 * Masks a site's secrets in any text the engine passes on (events, results, journal, logs):
 * a message from a driver or a program may quote a password even though ours never do.
 */
public final class Redactor {
    private static final String MASK = "******";
    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** A redactor for the site's database passwords, in clear and URL-encoded forms. */
    public static Redactor forSite(Site site) {
        Set<String> values = new LinkedHashSet<>();
        List<Secret> all = new java.util.ArrayList<>(List.of(site.cmsDatabase().password(), site.civicrmDatabase().password()));
        site.civicrmLoggingDatabase().ifPresent(l -> all.add(l.password()));
        for (Secret s : all) {
            if (s.reveal().length() >= 3) {
                values.add(s.reveal());
                values.add(URLEncoder.encode(s.reveal(), StandardCharsets.UTF_8));
                values.add(URLEncoder.encode(s.reveal(), StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        // Longest first, so that a secret containing another is masked whole.
        return new Redactor(values.stream().sorted((a, b) -> b.length() - a.length()).toList());
    }

    /** The text with every secret replaced by a mask; null stays null. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }
}
