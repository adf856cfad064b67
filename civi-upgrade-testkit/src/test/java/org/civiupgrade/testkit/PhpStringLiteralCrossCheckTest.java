package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.settings.SettingsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PHP decides what a string literal means: random single- and double-quoted literals full of
 * backslashes, quotes, dollars and escape sequences, and the literals the editor writes for random
 * values, must evaluate in the editor exactly as PHP evaluates them.
 */
class PhpStringLiteralCrossCheckTest {
    private static final String SINGLE_ALPHABET = "ab\\\\'\"$nx41{}0 é";
    private static final String DOUBLE_ALPHABET = "ab\\\\\\'\"$nrtvefx41A7{}0 é";

    @TempDir
    Path tmp;

    @Test
    void phpAndTheEditorReadTheSameLiterals() throws Exception {
        Path php = PhpCli.require("PHP string literals in the settings editor");
        Random r = new Random(20240611);
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            literals.add(i % 2 == 0 ? singleLiteral(r) : doubleLiteral(r));
        }
        for (int i = 0; i < 200; i++) {
            String value = randomValue(r);
            literals.add(i % 2 == 0 ? PhpValue.singleQuoted(value) : PhpValue.doubleQuoted(value));
        }
        literals.add("\"\\u{20AC}\\u{1F600}\"");
        literals.add("\"\\400\\x4g\\x\"");
        literals.add("'a' . \"b\" . 'c' . 1 . TRUE . NULL . FALSE");
        for (String number : List.of("4.1", "1.5e20", "0.00001", "1e15", "1e14", "123456789012345.5", "-0.5", "0.1",
                "3.0", "2.5E-7", "99999999999999.9", "1_000.25", "0x1F", "017", "0b101", "-42")) {
            literals.add(number);
        }
        StringBuilder file = new StringBuilder("<?php\n");
        for (int i = 0; i < literals.size(); i++) {
            file.append("define('K").append(i).append("', ").append(literals.get(i)).append(");\n");
        }
        byte[] bytes = file.toString().getBytes(StandardCharsets.ISO_8859_1);
        Path settings = tmp.resolve("literals.php");
        Files.write(settings, bytes);
        Path harness = tmp.resolve("dump.php");
        Files.writeString(harness, "<?php\nerror_reporting(0);\ninclude $argv[1];\n"
                + "for ($i = 0; defined('K' . $i); $i++) { echo bin2hex(constant('K' . $i)), \"\\n\"; }\n");
        Process p = new ProcessBuilder(php.toString(), harness.toString(), settings.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String[] lines = out.split("\n");
        assertThat(lines).hasSize(literals.size());
        SettingsFile f = SettingsFile.parse(bytes);
        for (int i = 0; i < literals.size(); i++) {
            String phpValue = new String(HexFormat.of().parseHex(lines[i]), StandardCharsets.UTF_8);
            assertThat(f.define("K" + i)).as("literal %s", literals.get(i)).contains(phpValue);
        }
        System.out.println("PHP agreed with the editor on " + literals.size() + " string literals");
    }

    private static String singleLiteral(Random r) {
        StringBuilder b = new StringBuilder("'");
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            char c = SINGLE_ALPHABET.charAt(r.nextInt(SINGLE_ALPHABET.length()));
            if (c == '\'' && trailingBackslashes(b) % 2 == 1) {
                b.append('\\');
            }
            b.append(c == '\'' ? "\\'" : String.valueOf(c));
        }
        if (trailingBackslashes(b) % 2 == 1) {
            b.append('\\');
        }
        return latin1(b.append('\'').toString());
    }

    private static String doubleLiteral(Random r) {
        StringBuilder b = new StringBuilder("\"");
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            char c = DOUBLE_ALPHABET.charAt(r.nextInt(DOUBLE_ALPHABET.length()));
            if (c == '"') {
                if (trailingBackslashes(b) % 2 == 1) {
                    b.append('\\');
                }
                b.append("\\\"");
            } else if (c == '$') {
                b.append(trailingBackslashes(b) % 2 == 1 ? "$" : "\\$");
            } else {
                b.append(c);
            }
        }
        if (trailingBackslashes(b) % 2 == 1) {
            b.append('\\');
        }
        return latin1(b.append('"').toString());
    }

    private static int trailingBackslashes(StringBuilder b) {
        int k = 0;
        while (k < b.length() && b.charAt(b.length() - 1 - k) == '\\') {
            k++;
        }
        return k;
    }

    private static String latin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static String randomValue(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(16);
        String alphabet = "ab'\"\\$\n\t{}é€ ";
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
