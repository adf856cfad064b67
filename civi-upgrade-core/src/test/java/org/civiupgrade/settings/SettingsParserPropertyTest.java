package org.civiupgrade.settings;

import org.civiupgrade.php.PhpValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SettingsParserPropertyTest {
    private static final List<String> FRAGMENTS = List.of("<?php", "?>", "\n", "\r\n", " ", "\t", "define(", "define ( ",
            "'CIVICRM_DSN'", "\"CIVICRM_UF\"", ",", ")", "(", ";", "{", "}", "[", "]", "if (!defined('X')) {", "//", "#",
            "/*", "*/", "'a\\'b'", "\"a\\\"b$c\"", "\\", "$civicrm_root", "$civicrm_setting['a']['b']", "=", ".",
            "CIVICRM_DSN", "global", "$x", "require_once", "'", "\"", "case 'g':", "else", "elseif", "NULL", "1.5",
            "0x1F", "-", "é", "\u0000", "<<<EOT", "::", "->");

    @Provide
    Arbitrary<String> phpish() {
        return Arbitraries.of(FRAGMENTS).list().ofMaxSize(60).map(l -> String.join("", l));
    }

    @Property(tries = 2000)
    void parsingNeverFailsAndPrintsBackTheSameBytes(@ForAll("phpish") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        SettingsFile f = SettingsFile.parse(bytes);
        assertThat(f.print()).isEqualTo(bytes);
        for (Definition d : f.definitions()) {
            assertThat(d.span().end()).isLessThanOrEqualTo(bytes.length);
            assertThat(d.valueSpan().end()).isLessThanOrEqualTo(bytes.length);
        }
    }

    @Property(tries = 1000)
    void anyBytesRoundTrip(@ForAll byte[] bytes) {
        assertThat(SettingsFile.parse(bytes).print()).isEqualTo(bytes);
    }

    @Property(tries = 1000)
    void aStringWrittenByTheEditorReadsBackToTheSameValue(@ForAll String value, @ForAll boolean doubleQuotes) {
        String literal = doubleQuotes ? PhpValue.doubleQuoted(value) : PhpValue.singleQuoted(value);
        String expected = new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        byte[] file = ("<?php\ndefine('K', " + literal + ");\n").getBytes(StandardCharsets.ISO_8859_1);
        SettingsFile f = SettingsFile.parse(file);
        assertThat(f.define("K")).contains(expected);
        SettingsFile g = f.apply(SettingsEdits.setDefine(f, "K", PhpValue.of("x")).orElseThrow());
        assertThat(g.apply(SettingsEdits.setDefine(g, "K", PhpValue.of(value)).orElseThrow()).define("K")).contains(expected);
    }
}
