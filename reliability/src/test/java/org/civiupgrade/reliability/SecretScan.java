package org.civiupgrade.reliability;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Looks for planted secrets (as written, URL-encoded and base64-free hex are all the same for the
 * planted values, which are letters and digits only) in texts and files: outputs, logs, journals,
 * manifests, reports and exception messages. Counts what it scanned and names every hit.
 */
final class SecretScan {
    private final Set<String> secrets = new LinkedHashSet<>();
    private final List<String> hits = new ArrayList<>();
    private int texts;
    private int files;

    SecretScan(List<String> secrets) {
        for (String s : secrets) {
            this.secrets.add(s);
            this.secrets.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
    }

    /** Scans one text (an output, a message), named {@code what} in hits. */
    SecretScan text(String what, String text) {
        texts++;
        for (String s : secrets) {
            if (text != null && text.contains(s)) {
                hits.add(what + " holds a planted secret");
            }
        }
        return this;
    }

    /** Scans every regular file below {@code dir} except those {@code skip} accepts. */
    SecretScan files(Path dir, Predicate<Path> skip) throws IOException {
        if (!Files.isDirectory(dir)) {
            return this;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || skip.test(p)) {
                    continue;
                }
                files++;
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                for (String s : secrets) {
                    if (text.contains(s)) {
                        hits.add(dir.relativize(p) + " holds a planted secret");
                        break;
                    }
                }
            }
        }
        return this;
    }

    List<String> hits() {
        return hits;
    }

    int texts() {
        return texts;
    }

    int files() {
        return files;
    }
}
