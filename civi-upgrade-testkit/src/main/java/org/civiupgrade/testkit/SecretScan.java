package org.civiupgrade.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Looks for planted secrets in everything a run wrote: texts (standard output and error, a log, a
 * JSON report, events), single files (journal, manifest) and whole folders (the work directory).
 * Each secret is searched in clear, URL-encoded ({@code +} and {@code %20} for a space, upper- and
 * lower-case escapes), JSON-escaped and as its Latin-1 reading of its UTF-8 bytes; files are read
 * as bytes, so a secret is found in any encoding of those forms a file holds.
 *
 * <p>A hit is reported by the secret's name and the place, never with the value.
 *
 * <pre>{@code
 * SecretScan scan = SecretScan.of(Map.of("cms password", pw, "site key", key));
 * scan.text("stdout", out).text("log", log).tree(workDir, p -> p.toString().contains("/saved-files/"));
 * scan.assertNone();
 * }</pre>
 */
public final class SecretScan {
    private final Map<String, Set<String>> forms = new LinkedHashMap<>();
    private final List<String> hits = new ArrayList<>();
    private final List<String> scanned = new ArrayList<>();

    private SecretScan() {
    }

    /**
     * A scan for the given secrets.
     *
     * @param secrets name (shown in hits) to clear value; values shorter than 3 characters are refused
     * @return the scan
     * @throws IllegalArgumentException when a value is too short to be searched meaningfully
     */
    public static SecretScan of(Map<String, String> secrets) {
        SecretScan s = new SecretScan();
        secrets.forEach((name, value) -> {
            if (value.length() < 3) {
                throw new IllegalArgumentException("The secret " + name + " is too short to be searched for.");
            }
            Set<String> f = new LinkedHashSet<>();
            f.add(value);
            String url = URLEncoder.encode(value, StandardCharsets.UTF_8);
            f.add(url);
            f.add(url.replace("+", "%20"));
            f.add(lowerEscapes(url));
            f.add(lowerEscapes(url.replace("+", "%20")));
            f.add(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/"));
            f.add(value.replace("\\", "\\\\").replace("\"", "\\\""));
            f.add(new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            s.forms.put(name, f);
        });
        return s;
    }

    /**
     * Scans a text.
     *
     * @param where the place, shown in hits (e.g. {@code "stderr of run --verbose"})
     * @param text  the text; null is scanned as empty
     * @return this scan
     */
    public SecretScan text(String where, String text) {
        scanned.add(where);
        String t = text == null ? "" : text;
        forms.forEach((name, f) -> {
            for (String form : f) {
                if (t.contains(form)) {
                    hits.add(name + " in " + where);
                    return;
                }
            }
        });
        return this;
    }

    /**
     * Scans a file's bytes (read as UTF-8 and as Latin-1).
     *
     * @param file a file
     * @return this scan
     * @throws UncheckedIOException when the file cannot be read
     */
    public SecretScan file(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String utf8 = new String(bytes, StandardCharsets.UTF_8);
        String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
        return text(file.toString(), utf8 + "\n" + latin1);
    }

    /**
     * Scans every regular file under a folder (links are not followed), except those skipped.
     *
     * @param dir  the folder; a missing folder is scanned as empty
     * @param skip files that may hold secrets by design (e.g. the saved copies of settings files)
     * @return this scan
     */
    public SecretScan tree(Path dir, Predicate<Path> skip) {
        if (!Files.isDirectory(dir)) {
            return this;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).filter(skip.negate()).toList()) {
                file(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The places scanned so far (texts and files), in order. */
    public List<String> scanned() {
        return List.copyOf(scanned);
    }

    /** Each hit as {@code "<secret name> in <place>"}; empty when nothing was found. */
    public List<String> hits() {
        return List.copyOf(hits);
    }

    /**
     * Fails when any secret was found.
     *
     * @throws AssertionError naming each secret and place (never the value)
     */
    public void assertNone() {
        if (!hits.isEmpty()) {
            throw new AssertionError("Secrets found in " + hits.size() + " place(s): " + String.join("; ", hits));
        }
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
}
