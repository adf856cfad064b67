package org.civiupgrade.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link SqlMode} reads any spelling of a mode list the same way, and its date flags follow the modes present. */
class SqlModeProperties {
    static final List<String> MODES = List.of("STRICT_TRANS_TABLES", "STRICT_ALL_TABLES", "NO_ZERO_DATE", "NO_ZERO_IN_DATE",
            "ONLY_FULL_GROUP_BY", "ERROR_FOR_DIVISION_BY_ZERO", "NO_AUTO_CREATE_USER", "NO_ENGINE_SUBSTITUTION", "ANSI_QUOTES",
            "PIPES_AS_CONCAT", "IGNORE_SPACE", "REAL_AS_FLOAT", "TRADITIONAL", "ANSI", "NO_BACKSLASH_ESCAPES", "SIMULTANEOUS_ASSIGNMENT");

    @Provide
    Arbitrary<List<String>> modeLists() {
        return Arbitraries.of(MODES).list().ofMaxSize(8);
    }

    private static String spell(List<String> modes, long seed) {
        Random r = new Random(seed);
        List<String> parts = new ArrayList<>();
        for (String m : modes) {
            String s = r.nextBoolean() ? m.toLowerCase(Locale.ROOT) : m;
            parts.add((r.nextBoolean() ? " " : "") + s + (r.nextBoolean() ? "  " : ""));
            if (r.nextInt(4) == 0) {
                parts.add(m); // duplicates happen in hand-written my.cnf lines
            }
        }
        Collections.shuffle(parts, r);
        return String.join(",", parts) + (r.nextInt(5) == 0 ? "," : "");
    }

    @Property
    void anySpellingReadsTheSame(@ForAll("modeLists") List<String> modes, @ForAll long seed) {
        SqlMode canonical = SqlMode.parse(String.join(",", modes));
        SqlMode spelled = SqlMode.parse(spell(modes, seed));
        assertThat(spelled).isEqualTo(canonical);
    }

    @Property
    void dateFlagsFollowTheModesPresent(@ForAll("modeLists") List<String> modes) {
        Set<String> m = Set.copyOf(modes);
        boolean traditional = m.contains("TRADITIONAL");
        boolean strict = traditional || m.contains("STRICT_TRANS_TABLES") || m.contains("STRICT_ALL_TABLES");
        SqlMode mode = SqlMode.parse(String.join(",", modes));
        assertThat(mode.strict()).isEqualTo(strict);
        assertThat(mode.rejectsZeroDates()).isEqualTo(strict && (traditional || m.contains("NO_ZERO_DATE")));
        assertThat(mode.rejectsZeroInDates()).isEqualTo(strict && (traditional || m.contains("NO_ZERO_IN_DATE")));
        assertThat(mode.zeroesZeroInDates()).isEqualTo(!strict && m.contains("NO_ZERO_IN_DATE"));
    }

    @Property
    void withoutRemovesOnlyWhatItNames(@ForAll("modeLists") List<String> modes) {
        SqlMode mode = SqlMode.parse(String.join(",", modes));
        SqlMode lax = SqlMode.parse(mode.without("NO_ZERO_DATE", "NO_ZERO_IN_DATE"));
        assertThat(lax.rejectsZeroDates()).isFalse();
        assertThat(lax.rejectsZeroInDates()).isFalse();
        assertThat(lax.strict()).isEqualTo(mode.strict());
        assertThat(lax.has("ONLY_FULL_GROUP_BY")).isEqualTo(mode.has("ONLY_FULL_GROUP_BY"));
    }
}
