package org.civiupgrade.settings;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Printing CiviCRM DSNs without their password. Parse them with {@code DatabaseCoordinates.fromDsn}. */
public final class Dsn {
    private static final Pattern URL = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)(.*)$", Pattern.DOTALL);

    /** A host part that cannot hold a password: host[:port], [ipv6][:port], unix(path) or tcp(host[:port]), then /... */
    private static final Pattern CLEAN_HOST = Pattern.compile(
            "^(?:[A-Za-z0-9._-]*(?::[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](?::[0-9]{1,5})?|(?:unix|tcp)\\([^()]*\\))(?:[/?].*)?$",
            Pattern.DOTALL);

    private Dsn() {
    }

    /**
     * The DSN with its password replaced by {@code ******}:
     * {@code mysql://civi:******@localhost/civicrm?new_link=true}. The user-info ends at the last
     * {@code @} and the password starts after the first {@code :}, as CiviCRM reads it. A value
     * that is not a DSN is fully masked; so is everything after the scheme when the DSN has no
     * {@code @}, or a host part that is not {@code host[:port]} (the password may sit there).
     */
    public static String redact(String dsn) {
        if (dsn == null) {
            return "null";
        }
        Matcher m = URL.matcher(dsn);
        if (!m.matches()) {
            return dsn.isEmpty() ? "" : "******";
        }
        String scheme = m.group(1);
        String rest = m.group(2) + m.group(3);
        // the user-info ends at the last '@' of the whole DSN, as PEAR DB (and CiviCRM) read it
        int at = rest.lastIndexOf('@');
        if (at < 0) {
            // no user-info as CiviCRM reads it; a password missing its '@' may be anywhere
            return CLEAN_HOST.matcher(rest).matches() ? scheme + rest : scheme + "******";
        }
        String userInfo = rest.substring(0, at);
        int colon = userInfo.indexOf(':');
        String user = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
        String afterAt = rest.substring(at + 1);
        // a host part that is not host[:port] may hold the password (e.g. in the port's place)
        return scheme + user + (colon >= 0 ? ":******" : "") + "@" + (CLEAN_HOST.matcher(afterAt).matches() ? afterAt : "******");
    }

    /** True when a define of this name holds a secret (a DSN, a key or a password). */
    public static boolean isSecretName(String name) {
        String n = name.toUpperCase(java.util.Locale.ROOT);
        return n.contains("DSN") || n.contains("KEY") || n.contains("PASS") || n.contains("SECRET") || n.contains("TOKEN");
    }

    /** How a value of this name may be shown: DSNs redacted, other secrets masked. */
    public static String printable(String name, String value) {
        String n = name.toUpperCase(java.util.Locale.ROOT);
        if (n.contains("DSN")) {
            return redact(value);
        }
        return isSecretName(name) ? "******" : value;
    }
}
