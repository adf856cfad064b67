package org.civiupgrade.php;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.civiupgrade.UpgradeException;

/** The PHP file reader survives any mix of PHP tokens: it either reads or refuses, never hangs or crashes. */
class PhpFileProperties {
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
            PhpFile s = PhpFile.read(src, "settings.php");
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
        PhpFile.Value all = PhpFile.read(src, "settings.php").variable("databases").orElseThrow();
        PhpFile.Value inner = all.get(k1).orElseThrow().get(k2).orElseThrow().get("database").orElseThrow();
        assertThat(inner).isEqualTo(new PhpFile.Known(PhpValue.of(value)));
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
        PhpFile s = PhpFile.read(php.toString(), "settings.php");
        PhpFile.Value conf = s.variable("conf").orElseThrow();
        if (nowdoc || !(body.contains("$") || body.contains("\\"))) {
            assertThat(conf.get("text")).contains(new PhpFile.Known(PhpValue.of(body)));
        }
        PhpFile.Value all = s.variable("databases").orElseThrow();
        assertThat(all.get("default").orElseThrow().get("default").orElseThrow().get("database"))
                .contains(new PhpFile.Known(PhpValue.of("after")));
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
