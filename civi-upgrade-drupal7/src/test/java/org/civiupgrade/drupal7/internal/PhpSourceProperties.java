package org.civiupgrade.drupal7.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.civiupgrade.UpgradeException;

/** The settings reader survives any mix of PHP tokens: it either reads or refuses, never hangs or crashes. */
class PhpSourceProperties {
    private static final List<String> PIECES = List.of("$databases", "['default']", "[", "]", "(", ")", "array(", "=", "=>", ",", ";",
            "'x'", "\"y\\\"\"", "42", "-1", "true", "null", "define(", "'CIVICRM_DSN'", ".", "// c\n", "/* c */", "#c\n", "?>",
            "<?php ", "getenv('A')", " ", "\n", "$db_url", "{", "}", "if", "!defined('X')");

    @Provide
    Arbitrary<String> sources() {
        return Arbitraries.of(PIECES).list().ofMaxSize(60).map(l -> "<?php\n" + String.join("", l));
    }

    @Property(tries = 1000)
    void anyTokenSoupIsReadOrRefusedCleanly(@ForAll("sources") String src) {
        try {
            PhpSource s = PhpSource.parse(src, "settings.php");
            s.variable("databases").ifPresent(v -> assertThat(v).isNotNull());
        } catch (UpgradeException e) {
            assertThat(e.getMessage()).startsWith("settings.php line ");
        }
    }

    @Property(tries = 300)
    void aLiteralAssignmentAlwaysReadsBack(@ForAll("keys") String k1, @ForAll("keys") String k2, @ForAll("values") String value,
                                          @ForAll("noise") String noise) {
        String src = "<?php\n" + noise + "\n$databases['" + k1 + "']['" + k2 + "'] = array('database' => '"
                + value.replace("\\", "\\\\").replace("'", "\\'") + "');\n" + noise + "\n";
        Map<?, ?> all = (Map<?, ?>) PhpSource.parse(src, "settings.php").variable("databases").orElseThrow();
        Object inner = ((Map<?, ?>) ((Map<?, ?>) all.get(key(k1))).get(key(k2))).get("database");
        assertThat(inner).isEqualTo(value);
    }

    /**
     * A heredoc or nowdoc whose body holds quotes, semicolons, {@code ?>} and markers that are
     * not at a line start reads back as its body (nowdoc always, heredoc when it has no
     * {@code $}/{@code \\}), and the assignment after it is still read.
     */
    @Property(tries = 500)
    void heredocAndNowdocBodiesReadBackAndDoNotHideWhatFollows(@ForAll("docBodies") List<String> lines,
                                                               @ForAll boolean nowdoc, @ForAll("indents") String indent) {
        String body = String.join("\n", lines);
        StringBuilder php = new StringBuilder("<?php\n$conf['text'] = <<<").append(nowdoc ? "'EOT'" : "EOT").append('\n');
        for (String l : lines) {
            php.append(indent).append(l).append('\n');
        }
        php.append(indent).append("EOT;\n$databases['default']['default'] = array('database' => 'after');\n");
        PhpSource s = PhpSource.parse(php.toString(), "settings.php");
        Map<?, ?> conf = (Map<?, ?>) s.variable("conf").orElseThrow();
        if (nowdoc || !(body.contains("$") || body.contains("\\"))) {
            assertThat(conf.get("text")).isEqualTo(body);
        }
        Map<?, ?> all = (Map<?, ?>) s.variable("databases").orElseThrow();
        assertThat(((Map<?, ?>) ((Map<?, ?>) all.get("default")).get("default")).get("database")).isEqualTo("after");
    }

    @Provide
    Arbitrary<List<String>> docBodies() {
        return Arbitraries.of("It's", "\"q\"", "'", ";", "?>", "$x", "{$y}", "a EOT", "EOTX", "/* no */", "// no", "#", "\\n", "$databases = 1;",
                        "plain words", "")
                .list().ofMinSize(1).ofMaxSize(5).map(l -> l.stream().map(x -> x).toList());
    }

    @Provide
    Arbitrary<String> indents() {
        return Arbitraries.of("", "  ", "\t");
    }

    private static Object key(String k) {
        return k.matches("0|-?[1-9][0-9]{0,17}") ? (Object) Long.parseLong(k) : k;
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of("default", "slave", "0", "1", "x y", "07");
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(16);
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.of("", "// $databases['default']['default'] = array('database' => 'commented');",
                "/* $databases = array(); */", "$other = array('a' => getenv('X'));", "ini_set('x', 1);",
                "if (file_exists('local.php')) { include 'local.php'; }");
    }
}
