package org.civiupgrade.internal.redact;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.UpgradeException;
import org.jspecify.annotations.Nullable;

/**
 * The secrets this process has read from sites (database passwords, DSNs, CiviCRM's site, credential
 * and signing keys, Drupal's hash salt), masked in every text the library writes: log lines,
 * events, results, the journal and the command line's output. Settings readers register what they
 * read as soon as they read it, before anything can fail, so that a refusal of a malformed value
 * cannot echo it either.
 *
 * <p>Minimum lengths, so that masking never destroys ordinary text: a password or key of fewer than
 * {@value #MIN_LENGTH} characters is not registered (a one- or two-character password would mask
 * that character everywhere; such a password is no protection anyway), and one shorter than
 * {@value #WORD_LENGTH} characters is masked only where it is not part of a longer word (a
 * password {@code old} is masked in {@code user:old@host} and {@code password old}, not in
 * {@code folder}); one made of letters only needs {@value #WORD_ONLY_LENGTH} characters (a
 * password {@code other} would mask that word in every message). A binary key's other
 * encodings (hex for a base64 key, base64 for a hex key) are registered when the key has at least
 * {@value #MIN_KEY_BYTES} bytes. A malformed DSN's candidate passwords that are 1-5 digits (a port)
 * are not registered.
 */
public final class Secrets {
    /** The fewest characters a secret needs to be masked. */
    public static final int MIN_LENGTH = 3;
    /** Secrets shorter than this are masked only where they stand alone, not inside a longer word. */
    public static final int WORD_LENGTH = 8;
    /** A secret of letters only needs this many characters to be masked (a shorter one is an ordinary word). */
    public static final int WORD_ONLY_LENGTH = 6;
    /** The fewest bytes a binary key needs for its other encodings to be masked. */
    public static final int MIN_KEY_BYTES = 8;
    /** What a secret is replaced by. */
    public static final String MASK = "******";

    private static final Pattern KEY_SEPARATORS = Pattern.compile("[\\s,]+");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]+=*");
    private static final Pattern HEX = Pattern.compile("(?:[0-9A-Fa-f]{2})+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Object LOCK = new Object();
    /** Every secret form, by its first two characters, longest first: redaction stays fast with many secrets. */
    private static final java.util.concurrent.ConcurrentHashMap<String, List<String>> BY_PREFIX =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final Set<String> ALL = new java.util.HashSet<>();

    private Secrets() {
    }

    /**
     * Registers a password or key and its URL-encoded forms (as a DSN or a query string would carry it).
     *
     * @param secret the clear value; null or shorter than {@link #MIN_LENGTH} is ignored
     */
    public static void register(@Nullable String secret) {
        addAll(forms(secret));
    }

    private static List<String> forms(@Nullable String secret) {
        if (secret == null || secret.strip().length() < MIN_LENGTH
                || (secret.strip().length() < WORD_ONLY_LENGTH && secret.strip().chars().allMatch(Character::isLetter))) {
            return List.of();
        }
        List<String> forms = new ArrayList<>();
        forms.add(secret);
        forms.add(secret.strip());
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.add(form);
        forms.add(form.replace("+", "%20"));
        forms.add(form.toLowerCase(Locale.ROOT).equals(form) ? form : lowerEscapes(form));
        forms.add(lowerEscapes(form.replace("+", "%20")));
        return forms;
    }

    /**
     * Registers CiviCRM's {@code CIVICRM_CRED_KEYS} or {@code CIVICRM_SIGN_KEYS}: a list of keys
     * separated by spaces or commas, each {@code [tag:]...:key} (e.g.
     * {@code aes-cbc:hkdf-sha256:<base64>}, {@code jwt-hs256::<key>}, {@code ::<key>}), as CiviCRM's
     * {@code CRM_Utils_Crypto} registry reads them. Each whole entry, its key material after the
     * last {@code :}, and the key's hex and base64 forms are registered.
     *
     * @param keys the define's value; null is ignored
     */
    public static void registerKeyList(@Nullable String keys) {
        if (keys == null) {
            return;
        }
        register(keys);
        for (String entry : KEY_SEPARATORS.split(keys.strip())) {
            register(entry);
            String material = entry.substring(entry.lastIndexOf(':') + 1);
            register(material);
            registerOtherEncodings(material);
        }
    }

    /** Registers a single key (the site key) and, for a binary key, its other encodings. */
    public static void registerKey(@Nullable String key) {
        register(key);
        if (key != null) {
            registerOtherEncodings(key.strip());
        }
    }

    /**
     * Registers a CiviCRM DSN's password and, since a malformed DSN (a missing {@code @} or
     * {@code //}, an unencoded {@code @ / # ? :} or space in the password, a bad port) does not say
     * where its password ends, every plausible password: the text after the first and after the
     * second {@code :} (past the scheme) up to each later {@code @ / ? # :} or space and up to the
     * end, each as written, trimmed and URL-decoded. Candidates are always prefixes of what follows
     * a {@code :}, so masking them never hides text without the password; 1-5 digits (a port) are
     * left out. A DSN that parses registers its password, and the same prefixes from the user's
     * {@code :} (the one before the last {@code @}).
     *
     * @param dsn the DSN as the settings file holds it; null is ignored
     */
    public static void registerDsn(@Nullable String dsn) {
        if (dsn == null || dsn.isBlank()) {
            return;
        }
        String rest = dsn.strip().replaceFirst("(?is)^[a-z][a-z0-9+.-]*:/{0,3}", "");
        List<String> candidates = new ArrayList<>();
        try {
            register(DatabaseCoordinates.fromDsn(dsn.replaceFirst("(?i)^\\s*mysqli://", "mysql://")).password().reveal());
            // it parses: the password starts after the user's ':'; where it ends the file may have meant
            // otherwise (an unencoded '@' besides a missing or doubled one), so every end counts
            int at = rest.lastIndexOf('@');
            int colon = at < 0 ? -1 : rest.substring(0, at).indexOf(':');
            if (colon >= 0) {
                candidates.add(rest.substring(colon + 1, at));
                String after = rest.substring(colon + 1);
                for (int i = 1; i < after.length(); i++) {
                    if ("@/?#: ".indexOf(after.charAt(i)) >= 0) {
                        candidates.add(after.substring(0, i));
                    }
                }
            }
        } catch (UpgradeException | IllegalArgumentException malformed) {
            for (int from = rest.indexOf(':'), n = 0; from >= 0 && n < 2; from = rest.indexOf(':', from + 1), n++) {
                String after = rest.substring(from + 1);
                candidates.add(after);
                for (int i = 1; i < after.length(); i++) {
                    if ("@/?#: ".indexOf(after.charAt(i)) >= 0) {
                        candidates.add(after.substring(0, i));
                    }
                }
            }
        }
        List<String> all = new ArrayList<>();
        for (String c : candidates) {
            String t = c.strip();
            if (!PORT.matcher(t).matches()) {
                all.addAll(forms(c));
                all.addAll(forms(percentDecoded(t)));
            }
        }
        addAll(all);
    }

    /**
     * The text with every registered secret masked; null stays null.
     *
     * @param text any text
     * @return the text with {@link #MASK} in place of each secret
     */
    public static @Nullable String redact(@Nullable String text) {
        if (text == null || text.length() < MIN_LENGTH || BY_PREFIX.isEmpty()) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i + 1 < text.length()) {
            String found = null;
            List<String> candidates = BY_PREFIX.get(text.substring(i, i + 2));
            if (candidates != null) {
                for (String s : candidates) {
                    if (text.startsWith(s, i) && (s.length() >= WORD_LENGTH || standsAlone(text, i, i + s.length()))) {
                        found = s;
                        break;
                    }
                }
            }
            if (found == null) {
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, i).append(MASK);
            i += found.length();
            copied = i;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** Whether text[start, end) is not part of a longer word (letters and digits) on either side. */
    private static boolean standsAlone(String text, int start, int end) {
        return (start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1)))
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)));
    }

    /**
     * A throwable whose message, and its causes' and suppressed throwables' messages, are redacted,
     * with the same stack traces; {@code toString()} names the original class.
     *
     * @param t the throwable
     * @return an equivalent throwable fit for a log
     */
    public static Throwable redact(Throwable t) {
        return RedactedThrowable.of(t, new java.util.IdentityHashMap<>());
    }

    private static void registerOtherEncodings(String key) {
        byte[] bytes = null;
        if (HEX.matcher(key).matches() && key.length() / 2 >= MIN_KEY_BYTES) {
            bytes = HexFormat.of().parseHex(key);
        } else if (BASE64.matcher(key).matches()) {
            try {
                bytes = key.indexOf('-') >= 0 || key.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(key)
                        : Base64.getDecoder().decode(key);
            } catch (IllegalArgumentException notBase64) {
                bytes = null;
            }
        }
        if (bytes == null || bytes.length < MIN_KEY_BYTES) {
            return;
        }
        String hex = HexFormat.of().formatHex(bytes);
        String b64 = Base64.getEncoder().encodeToString(bytes);
        addAll(List.of(hex, hex.toUpperCase(Locale.ROOT), b64, b64.replaceAll("=+$", ""),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)));
    }

    private static String lowerEscapes(String encoded) {
        StringBuilder sb = new StringBuilder(encoded);
        for (int i = 0; i + 2 < sb.length(); i++) {
            if (sb.charAt(i) == '%') {
                sb.setCharAt(i + 1, Character.toLowerCase(sb.charAt(i + 1)));
                sb.setCharAt(i + 2, Character.toLowerCase(sb.charAt(i + 2)));
            }
        }
        return sb.toString();
    }

    /** %XX escapes decoded as UTF-8 (invalid bytes become U+FFFD); '+' stays. */
    private static String percentDecoded(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && Character.digit(in[i + 1], 16) >= 0 && Character.digit(in[i + 2], 16) >= 0) {
                out.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void addAll(List<String> forms) {
        synchronized (LOCK) {
            for (String f : forms) {
                if (f.length() >= MIN_LENGTH && ALL.add(f)) {
                    // longest first, so that a secret containing another is masked whole
                    BY_PREFIX.compute(f.substring(0, 2), (k, list) -> {
                        List<String> l = new ArrayList<>(list == null ? List.of() : list);
                        l.add(f);
                        l.sort((a, b) -> b.length() - a.length());
                        return List.copyOf(l);
                    });
                }
            }
        }
    }

    /** A copy of a throwable with redacted messages. */
    private static final class RedactedThrowable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String original;

        private RedactedThrowable(String original, @Nullable String message) {
            super(message, null, true, true);
            this.original = original;
        }

        static Throwable of(Throwable t, java.util.Map<Throwable, Throwable> seen) {
            Throwable done = seen.get(t);
            if (done != null) {
                return done;
            }
            RedactedThrowable r = new RedactedThrowable(t.getClass().getName(), redact(t.getMessage()));
            seen.put(t, r);
            r.setStackTrace(t.getStackTrace());
            if (t.getCause() != null && t.getCause() != t) {
                r.initCause(of(t.getCause(), seen));
            }
            for (Throwable s : t.getSuppressed()) {
                r.addSuppressed(of(s, seen));
            }
            return r;
        }

        @Override
        public String toString() {
            String m = getMessage();
            return m == null ? original : original + ": " + m;
        }
    }
}
