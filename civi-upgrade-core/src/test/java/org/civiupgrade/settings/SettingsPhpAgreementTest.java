package org.civiupgrade.settings;

import org.civiupgrade.php.PhpValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * PHP is the judge: for every file of the guard corpus and for generated files of nested guards,
 * what the static reader says PHP defines for a web request equals what PHP defines when it runs
 * the file under the same assumptions ({@link PhpSettings}). Without {@code php} on the PATH the
 * test is skipped loudly, and fails when {@code CIVI_UPGRADE_REQUIRE_PHP=true}.
 */
class SettingsPhpAgreementTest {
    private static final Optional<Path> php = org.civiupgrade.PhpOnPath.find();

    /** Ends the calling test visibly when php is missing: skipped, or failed when CIVI_UPGRADE_REQUIRE_PHP=true. */
    static void findPhp() {
        org.civiupgrade.PhpOnPath.require("static settings reading against PHP");
    }

    /** The php binary found on the PATH, if any. */
    static Optional<Path> phpBinary() {
        return php;
    }

    private static PhpSettings runPhp(String text) throws IOException {
        Path dir = Files.createTempDirectory("agreement");
        try {
            Path f = dir.resolve("civicrm.settings.php");
            Files.write(f, text.getBytes(StandardCharsets.ISO_8859_1));
            return PhpSettings.evaluate(php.orElseThrow(), f, Duration.ofSeconds(30));
        } finally {
            org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
        }
    }

    /** Asserts agreement; returns how many constants the static reader left to PHP. */
    private static int assertAgree(String name, String text, PhpSettings p) {
        SettingsFile f = SettingsFile.parse(text.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(p.printed()).as("%s printed output", name).isFalse();
        TreeSet<String> names = new TreeSet<>(p.constants().keySet());
        f.definitions().stream().filter(d -> d.kind() == Definition.Kind.DEFINE).forEach(d -> names.add(d.name()));
        int left = 0;
        for (String c : names) {
            ResolvedDefine r = f.resolveDefine(c);
            switch (r.status()) {
                case KNOWN -> assertThat(p.constants().get(c)).as("%s: %s", name, c).isEqualTo(r.value().orElseThrow());
                case MISSING -> assertThat(p.constants()).as("%s: %s is not defined", name, c).doesNotContainKey(c);
                default -> {
                    left++;
                    ResolvedDefine withPhp = f.resolveDefine(c, Optional.of(p));
                    assertThat(withPhp.byPhp()).isTrue();
                    assertThat(withPhp.value()).as("%s: %s by PHP", name, c).isEqualTo(Optional.ofNullable(p.constants().get(c)));
                }
            }
        }
        if (f.civicrmRoot().isPresent()) {
            assertThat(p.civicrmRoot()).as("%s: $civicrm_root", name).isEqualTo(f.civicrmRoot());
        }
        return left;
    }

    @Test
    void phpAgreesOnEveryFileOfTheGuardCorpus() throws IOException {
        findPhp();
        for (Map.Entry<String, String> e : GuardCorpus.all().entrySet()) {
            PhpSettings p = runPhp(e.getValue());
            assertThat(assertAgree(e.getKey(), e.getValue(), p)).as("%s: constants left to PHP", e.getKey()).isZero();
            assertThat(p.constants().get("CIVICRM_DSN")).isEqualTo(PhpValue.of(GuardCorpus.CIVI));
        }
    }

    @Test
    void phpResolvesWhatDependsOnRunTime() throws IOException {
        findPhp();
        String text = "<?php\ndefine('CIVICRM_UF', 'Drupal');\nif (file_exists('/nonexistent/staging-marker')) {\n"
                + "  define('CIVICRM_DSN', 'mysql://s:x@h/staging');\n} else {\n  define('CIVICRM_DSN', 'mysql://p:x@h/prod');\n}\n"
                + "define('CIVICRM_UF_DSN', 'mysql://u:' . rawurlencode('p@ss') . '@h/drupal');\n";
        PhpSettings p = runPhp(text);
        assertThat(assertAgree("run-time file", text, p)).isEqualTo(2);
        SettingsFile f = SettingsFile.parse(text.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(SettingsFile.requireDatabase(f.resolveDefine("CIVICRM_DSN", Optional.of(p)), "f").database()).isEqualTo("prod");
        assertThat(SettingsFile.requireDatabase(f.resolveDefine("CIVICRM_UF_DSN", Optional.of(p)), "f").password().reveal())
                .isEqualTo("p@ss");
        assertThat(p.toString()).doesNotContain("mysql://");
    }

    @Test
    void theEnvironmentOfTheJvmDoesNotReachPhp() throws IOException {
        findPhp();
        PhpSettings p = runPhp("<?php\ndefine('HOME_SEEN', getenv('HOME') !== FALSE || getenv('PATH') !== FALSE);\n");
        assertThat(p.constants().get("HOME_SEEN")).isEqualTo(new PhpValue.Bool(false));
    }

    private static final List<String> NAMES = List.of("A", "B", "CIVICRM_UF", "CIVICRM_DSN");
    private static final List<String> ATOMS = List.of("defined('A')", "!defined('B')", "getenv('CIVICRM_UF')",
            "isset($GLOBALS['_CV']['TEST_DB_DSN'])", "!empty($GLOBALS['_CV']['X'])", "TRUE", "FALSE", "'0'", "''", "'a'",
            "(defined('A') && A === 'a1')", "(defined('A') ? A == 'a2' : FALSE)", "(defined('CIVICRM_UF') && CIVICRM_UF !== 'UnitTests')",
            "(defined('B') and B != '')", "0 == ''", "'1' == '01'", "NULL == FALSE");
    private static final List<String> VALUES = List.of("'a1'", "'a2'", "''", "getenv('X') ?: 'env-fallback'",
            "defined('A') ? A : 'none'", "'p' . 'q'", "1", "0", "TRUE", "NULL", "$GLOBALS['_CV']['Y'] ?? 'cv-fallback'");

    private static String cond(Random r, int depth) {
        int k = depth >= 2 ? 2 : r.nextInt(5);
        return switch (k) {
            case 0 -> "!" + cond(r, depth + 1);
            case 1 -> "(" + cond(r, depth + 1) + (r.nextBoolean() ? " && " : " || ") + cond(r, depth + 1) + ")";
            default -> ATOMS.get(r.nextInt(ATOMS.size()));
        };
    }

    private static void statements(Random r, StringBuilder b, int depth, String indent) {
        int n = 1 + r.nextInt(3);
        for (int s = 0; s < n; s++) {
            String name = NAMES.get(r.nextInt(NAMES.size()));
            String define = "define('" + name + "', " + VALUES.get(r.nextInt(VALUES.size())) + ");";
            int k = depth > 2 ? r.nextInt(2) : r.nextInt(6);
            switch (k) {
                case 0 -> b.append(indent).append(define).append('\n');
                case 1 -> b.append(indent).append("if (!defined('").append(name).append("')) ").append(r.nextBoolean()
                        ? define : "{ " + define + " }").append('\n');
                case 5 -> {
                    b.append(indent).append("if (").append(cond(r, 0)).append("):\n");
                    statements(r, b, depth + 1, indent + "  ");
                    // PHP attaches an 'else:' right after an inner if to that if (a parse error): end the branch first
                    b.append(indent).append("  $branch = ").append(depth).append(";\n");
                    if (r.nextBoolean()) {
                        b.append(indent).append("else:\n");
                        statements(r, b, depth + 1, indent + "  ");
                    }
                    b.append(indent).append("endif;\n");
                }
                default -> {
                    b.append(indent).append("if (").append(cond(r, 0)).append(") {\n");
                    statements(r, b, depth + 1, indent + "  ");
                    b.append(indent).append('}');
                    int more = r.nextInt(3);
                    for (int e = 0; e < more; e++) {
                        b.append(r.nextBoolean() ? " elseif (" : " else if (").append(cond(r, 0)).append(") {\n");
                        statements(r, b, depth + 1, indent + "  ");
                        b.append(indent).append('}');
                    }
                    if (r.nextBoolean()) {
                        b.append(" else {\n");
                        statements(r, b, depth + 1, indent + "  ");
                        b.append(indent).append('}');
                    }
                    b.append('\n');
                }
            }
        }
    }

    @Property(tries = 150)
    void phpAgreesOnGeneratedNestedGuards(@ForAll long seed) throws IOException {
        findPhp();
        StringBuilder b = new StringBuilder("<?php\n");
        statements(new Random(seed), b, 0, "");
        String text = b.toString();
        PhpSettings p;
        try {
            p = runPhp(text);
        } catch (org.civiupgrade.UpgradeException e) {
            throw new AssertionError("PHP could not run the generated file:\n" + text, e);
        }
        assertThat(assertAgree("generated:\n" + text, text, p)).as("constants left to PHP in\n%s", text).isZero();
    }
}
