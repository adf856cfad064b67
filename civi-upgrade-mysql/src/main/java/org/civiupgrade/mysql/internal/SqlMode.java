package org.civiupgrade.mysql.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A server's {@code sql_mode}: the comma-separated list {@code @@sql_mode} shows (case and spaces
 * ignored), with the combination modes {@code TRADITIONAL}, {@code ANSI} and {@code DB2}-style
 * names expanded as MariaDB and MySQL expand them, so the flags that matter for dates are read
 * whether the server shows a combination or its parts.
 *
 * @param modes the single modes, upper case, expanded
 */
public record SqlMode(Set<String> modes) {
    private static final Map<String, List<String>> COMBINATIONS = Map.of(
            "TRADITIONAL", List.of("STRICT_TRANS_TABLES", "STRICT_ALL_TABLES", "NO_ZERO_IN_DATE", "NO_ZERO_DATE",
                    "ERROR_FOR_DIVISION_BY_ZERO", "NO_AUTO_CREATE_USER", "NO_ENGINE_SUBSTITUTION"),
            "ANSI", List.of("REAL_AS_FLOAT", "PIPES_AS_CONCAT", "ANSI_QUOTES", "IGNORE_SPACE"));

    public SqlMode {
        modes = Set.copyOf(modes);
    }

    /** Parses {@code @@sql_mode}; null or blank is the empty mode. */
    public static SqlMode parse(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text != null) {
            for (String part : text.split(",")) {
                String m = part.trim().toUpperCase(Locale.ROOT);
                if (m.isEmpty()) {
                    continue;
                }
                out.add(m);
                out.addAll(COMBINATIONS.getOrDefault(m, List.of()));
            }
        }
        return new SqlMode(out);
    }

    /** STRICT_TRANS_TABLES or STRICT_ALL_TABLES: invalid values are errors, not warnings. */
    public boolean strict() {
        return modes.contains("STRICT_TRANS_TABLES") || modes.contains("STRICT_ALL_TABLES");
    }

    /** A table copy fails on {@code 0000-00-00} values (error 1292) and zero defaults (error 1067). */
    public boolean rejectsZeroDates() {
        return strict() && modes.contains("NO_ZERO_DATE");
    }

    /** A table copy fails on dates with a zero month or day, e.g. {@code 2020-00-10} (error 1292). */
    public boolean rejectsZeroInDates() {
        return strict() && modes.contains("NO_ZERO_IN_DATE");
    }

    /** Without strict mode, a table copy silently turns dates with a zero month or day into {@code 0000-00-00}. */
    public boolean zeroesZeroInDates() {
        return !strict() && modes.contains("NO_ZERO_IN_DATE");
    }

    /** Whether the mode holds {@code mode}. */
    public boolean has(String mode) {
        return modes.contains(mode.toUpperCase(Locale.ROOT));
    }

    /** This mode without the named ones, as a {@code sql_mode} value. */
    public String without(String... remove) {
        Set<String> rest = new LinkedHashSet<>(modes);
        for (String r : remove) {
            rest.remove(r);
        }
        rest.removeAll(COMBINATIONS.keySet());
        return String.join(",", rest.stream().sorted().toList());
    }
}
