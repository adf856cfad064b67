package org.civiupgrade.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The counters of one part of the suite, printed as one {@code RESULT part=<name> key=value ...}
 * line on standard output (which the build shows) and appended to
 * {@code target/reliability-results.txt} (which holds the lines of the last run of the suite).
 */
final class Results {
    /** The file starts afresh with the first line this JVM prints. */
    private static boolean started;
    private final String part;
    private final Map<String, AtomicInteger> counters = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();

    /** Counters in the order their names are given; all start at 0. */
    Results(String part, String... names) {
        this.part = part;
        for (String n : names) {
            counters.put(n, new AtomicInteger());
        }
    }

    /** A fixed value printed before the counters (e.g. the seed). */
    synchronized Results label(String name, Object value) {
        labels.put(name, String.valueOf(value));
        return this;
    }

    synchronized void add(String name) {
        add(name, 1);
    }

    synchronized void add(String name, int n) {
        AtomicInteger c = counters.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no counter " + name);
        }
        c.addAndGet(n);
    }

    synchronized int get(String name) {
        return counters.get(name).get();
    }

    /** The RESULT line. */
    synchronized String line() {
        StringBuilder b = new StringBuilder("RESULT part=").append(part);
        labels.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        counters.forEach((k, v) -> b.append(' ').append(k).append('=').append(v.get()));
        return b.toString();
    }

    /** Prints the RESULT line and appends it to {@code target/reliability-results.txt}. */
    synchronized void print() {
        String line = line();
        System.out.println(line);
        System.out.flush();
        try {
            Path file = Path.of("target", "reliability-results.txt");
            Files.createDirectories(file.getParent());
            synchronized (Results.class) {
                Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        started ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
                started = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
