package org.civiupgrade.internal.engine;

import java.util.ArrayList;
import java.util.List;
import org.civiupgrade.Secret;
import org.civiupgrade.Site;
import org.civiupgrade.internal.redact.Secrets;

/**
 * Masks a site's secrets in any text the engine passes on (events, results, journal, logs):
 * a message from a driver or a program may quote a password even though ours never do. The
 * site's database passwords are registered with {@link Secrets}, besides what the settings
 * readers registered when they read the site (keys, salts, DSNs), so every secret the process
 * has seen is masked.
 */
public final class Redactor {
    private Redactor() {
    }

    /** A redactor for the site's secrets (its database passwords in clear and URL-encoded forms, and all read secrets). */
    public static Redactor forSite(Site site) {
        List<Secret> all = new ArrayList<>(List.of(site.cmsDatabase().password(), site.civicrmDatabase().password()));
        site.civicrmLoggingDatabase().ifPresent(l -> all.add(l.password()));
        for (Secret s : all) {
            Secrets.register(s.reveal());
        }
        return new Redactor();
    }

    /** The text with every secret replaced by a mask; null stays null. */
    public String redact(String text) {
        return Secrets.redact(text);
    }
}
