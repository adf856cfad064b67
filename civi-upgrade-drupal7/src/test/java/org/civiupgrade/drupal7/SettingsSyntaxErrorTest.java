package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.drupal7.internal.SettingsSyntax;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.PhpCli;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A settings file PHP cannot parse, for every common kind of syntax error in either file: the site is refused as not
 * valid PHP with PHP's own line (PHP is the judge), never with what the broken file misled the static reader to (a DSN
 * "under a run-time condition", "no $databases"), and without quoting the file's tokens, which may hold a password.
 */
@WithTestDatabase
class SettingsSyntaxErrorTest {
    @TempDir
    Path tmp;

    /** A kind of syntax error: the text inserted after the opening tag. */
    record Breakage(String name, String inserted) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Breakage> breakages() {
        return List.of(new Breakage("unterminated single-quoted string", "define('CIVICRM_BROKEN', 'unterminated);\n"),
                new Breakage("unterminated double-quoted string", "$broken = \"unterminated;\n"),
                new Breakage("missing semicolon", "$a = 1\n$b = 2;\n"),
                new Breakage("unclosed bracket", "if (true {\n"),
                new Breakage("stray closing brace", "}\n"),
                new Breakage("unclosed array", "$x = array('a' => 1,\n;\n"));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("cases")
    void aFileThatPhpCannotParseIsRefusedWithPhpsLine(Breakage breakage, String file, TestDatabase db) throws Exception {
        Path php = PhpCli.require("PHP judges whether the settings file parses");
        FakeDrupalSite fake = FakeDrupalSite.builder().create(tmp.resolve("site"), db);
        Path target = fake.siteDir().resolve(file);
        String text = Files.readString(target);
        int at = text.indexOf('\n', text.indexOf("<?php")) + 1;
        Files.writeString(target, text.substring(0, at) + breakage.inserted() + text.substring(at));
        String password = db.coordinates().password().reveal();

        for (Optional<Path> given : List.of(Optional.<Path>empty(), Optional.of(php))) {
            assertThatThrownBy(() -> Site.detect(fake.root(), null, given.orElse(null)))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SETTINGS_INVALID);
                        assertThat(e.getMessage()).contains("sites/default/" + file + " is not valid PHP", "on line ")
                                .doesNotContain("run-time condition", "no $databases", password);
                        assertThat(e.remedy()).contains("Fix the syntax of sites/default/" + file, "php -l")
                                .doesNotContain(password);
                    });
        }
    }

    static List<Object[]> cases() {
        List<Object[]> out = new java.util.ArrayList<>();
        for (String file : List.of("civicrm.settings.php", "settings.php")) {
            breakages().forEach(b -> out.add(new Object[] {b, file}));
        }
        return out;
    }

    @Test
    void withoutPhpNothingIsCheckedHere() throws Exception {
        Path file = Files.writeString(tmp.resolve("settings.php"), "<?php\n$broken = 'x;\n");
        Path noPhp = Files.writeString(tmp.resolve("not-php"), "not a program");
        SettingsSyntax.requireParses(file, "settings.php", Optional.of(noPhp));
    }

    @Test
    void aFileThatParsesPasses() throws Exception {
        Path php = PhpCli.require("PHP judges whether the settings file parses");
        Path file = Files.writeString(tmp.resolve("settings.php"), "<?php\n$fine = 'x';\n");
        SettingsSyntax.requireParses(file, "settings.php", Optional.of(php));
    }
}
