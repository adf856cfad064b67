package org.civiupgrade.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.php.internal.Token;

/**
 * The reader never fails on any input (random bytes, mutated real settings files): it returns a
 * file whose tokens print back the same bytes, with problems for what it cannot read, and asking
 * it for the database gives the database or an {@link UpgradeException}, never anything else.
 * Heredoc and nowdoc bodies, whatever they hold, never change the tokens after them.
 */
class SettingsReaderRobustnessPropertyTest {
    private static final String TAIL = "define('CIVICRM_DSN', 'mysql://civi_u:pw@dbhost/civi?new_link=true');\n"
            + "if (!defined('CIVICRM_UF')) { define('CIVICRM_UF', 'Drupal'); }\n";
    private static final List<String> INSERTS = List.of("\\u{", "\\u{zz}", "\\u{110000}", "}", "<<<EOT\n", "<<<'X'\n",
            "\nEOT;\n", "'", "\"", "/*", "?>", "<?php ", "__halt_compiler();", "define(", "\\define(", "@", "const A = 1;",
            "include 'x.php';", "xor", "(", ")", "{", "\\x", "\\0", "0x", "1e", "$_SERVER['HTTP_HOST']", "\u0000", "\u00ff");

    @Provide
    Arbitrary<String> heredocBody() {
        // any text whose lines do not start (after blanks) with the marker: letters other than E, quotes, escapes, dollars
        return Arbitraries.strings().withChars("abcxyz ABCD'\"$\\{}()?;<>/*#\t").withChars('\n').ofMaxLength(200);
    }

    @Property(tries = 500)
    void heredocBodiesNeverChangeTheTokensAfterThem(@ForAll("heredocBody") String body,
                                                    @ForAll @IntRange(min = 0, max = 5) int form,
                                                    @ForAll @IntRange(min = 0, max = 4) int indent) {
        String open = switch (form) {
            case 0 -> "<<<EOT";
            case 1 -> "<<<'EOT'";
            case 2 -> "<<<\"EOT\"";
            case 3 -> "<<< EOT";
            default -> "<<<EOT";
        };
        String pad = " ".repeat(indent);
        String indented = pad + body.replace("\n", "\n" + pad);
        String text = "<?php\n$civicrm_setting['domain']['footer'] = " + open + "\n" + indented + "\n" + pad + "EOT"
                + (form == 5 ? ")" : "") + ";\n" + TAIL;
        if (form == 5) {
            text = text.replace("= " + open, "= trim(" + open); // PHP 7.3: the marker may be followed by other tokens
        }
        SettingsFile f = SettingsFile.parse(text.getBytes(StandardCharsets.ISO_8859_1));
        SettingsFile tail = SettingsFile.parse(("<?php\n" + TAIL).getBytes(StandardCharsets.ISO_8859_1));
        List<String> after = texts(f.parsed().tokens());
        List<String> expected = texts(tail.parsed().tokens()).subList(1, tail.parsed().tokens().size());
        assertThat(after.subList(after.size() - expected.size(), after.size())).isEqualTo(expected);
        assertThat(f.parsed().tokens()).filteredOn(t -> t.kind() == Token.Kind.HEREDOC).hasSize(1);
        assertThat(f.define("CIVICRM_DSN")).contains("mysql://civi_u:pw@dbhost/civi?new_link=true");
        assertThat(f.define("CIVICRM_UF")).contains("Drupal");
    }

    @Property(tries = 300)
    void aNowdocValueIsItsBody(@ForAll("heredocBody") String body) {
        String text = "<?php\ndefine('CIVICRM_SITE_KEY', <<<'EOT'\n" + body + "\nEOT);\n";
        SettingsFile f = SettingsFile.parse(text.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(f.define("CIVICRM_SITE_KEY")).contains(body);
    }

    private static List<String> texts(List<Token> tokens) {
        return tokens.stream().map(Token::text).toList();
    }

    @Property(tries = 1000)
    void randomBytesNeverMakeTheReaderThrow(@ForAll byte[] bytes) {
        assertReadable(bytes);
    }

    @Property(tries = 1000)
    void mutatedRealSettingsFilesNeverMakeTheReaderThrow(@ForAll @IntRange(min = 0, max = 100_000) int at,
                                                         @ForAll @IntRange(min = 0, max = 40) int cut,
                                                         @ForAll @IntRange(min = 0, max = 100) int which) {
        String real = GuardCorpus.installer();
        int pos = at % (real.length() + 1);
        String insert = INSERTS.get(which % INSERTS.size());
        String mutated = real.substring(0, pos) + insert + real.substring(Math.min(real.length(), pos + cut));
        assertReadable(mutated.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void assertReadable(byte[] bytes) {
        SettingsFile f = SettingsFile.parse(bytes);
        assertThat(f.print()).isEqualTo(bytes);
        for (String name : List.of("CIVICRM_DSN", "CIVICRM_UF", "CIVICRM_UF_DSN")) {
            ResolvedDefine r = f.resolveDefine(name);
            assertThat(r.explanation()).isNotBlank();
            try {
                f.requireDatabase(name, "civicrm.settings.php");
            } catch (UpgradeException expected) {
                assertThat(expected.remedy()).isNotBlank();
            }
        }
        f.problems().forEach(p -> assertThat(p.span().line()).isPositive());
        assertThat(f.problems()).as("the reader itself never faults").noneMatch(p -> p.message().contains("could not follow"));
        f.definitions();
        f.civicrmRoot();
        f.paths();
        f.settings();
    }
}
