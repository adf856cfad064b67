package org.civiupgrade.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.civiupgrade.UpgradeException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings files written to break the reader (resources {@code settings/probes/}; values made up):
 * includes and other statements that may define constants before a guard, {@code \define},
 * {@code @define}, {@code const}, the {@code defined() or define()} idiom, heredocs, {@code xor},
 * {@code __halt_compiler}, {@code DRUPAL_ROOT}, per-request branches, files that exit under the
 * command line. Each is installed as {@code ROOT/sites/default/civicrm.settings.php} and PHP is the
 * judge: a value the reader reports KNOWN is PHP's, MISSING is undefined for PHP, and with PHP's
 * help the value is PHP's, except what differs per request, which stays refused even with PHP.
 */
class SettingsProbeCorpusTest {
    private static final Pattern PER_REQUEST = Pattern.compile("\\$_(SERVER|ENV|GET|POST|COOKIE|REQUEST)|PHP_SAPI|php_sapi_name");
    private static final List<String> PROBES = probes();
    private static final List<String> SECRETS = List.of("s3cr3t", "Xq7pw");

    @TempDir
    static Path tmp;

    private static List<String> probes() {
        try (InputStream in = SettingsProbeCorpusTest.class.getResourceAsStream("/settings/probes/index.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SettingsProbeCorpusTest.class.getResourceAsStream("/settings/probes/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Installs a probe as ROOT/sites/default/civicrm.settings.php (with the file it includes). */
    private static Path install(String probe) throws IOException {
        Path site = Files.createDirectories(tmp.resolve(probe.replace(".php", "")).resolve("sites/default"));
        Files.write(site.resolve("08-local.inc"), resource("08-local.inc"));
        return Files.write(site.resolve("civicrm.settings.php"), resource(probe));
    }

    @Test
    void theCorpusHoldsEveryProbe() {
        assertThat(PROBES).hasSizeGreaterThanOrEqualTo(70);
    }

    @TestFactory
    Stream<DynamicTest> phpJudgesEveryProbe() {
        return PROBES.stream().map(probe -> DynamicTest.dynamicTest(probe, () -> judge(probe)));
    }

    private static void judge(String probe) throws IOException {
        SettingsPhpAgreementTest.findPhp();
        Path file = install(probe);
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        SettingsFile f = SettingsFile.read(file);
        PhpSettings p;
        try {
            p = PhpSettings.evaluate(SettingsPhpAgreementTest.phpBinary().get(), file, Duration.ofSeconds(30));
        } catch (UpgradeException e) {
            // PHP itself could not load the file: the reader must not claim to know the database either
            assertThat(e.getMessage()).as(probe).contains(file.toString());
            assertThat(e.remedy()).as(probe).isNotBlank();
            assertThat(f.resolveDefine("CIVICRM_DSN").status()).as(probe + ": " + e.getMessage())
                    .isNotEqualTo(ResolvedDefine.Status.KNOWN);
            SECRETS.forEach(s -> assertThat(e.getMessage()).doesNotContain(s));
            return;
        }
        boolean perRequest = PER_REQUEST.matcher(text).find();
        TreeSet<String> names = new TreeSet<>(p.constants().keySet());
        names.add("CIVICRM_DSN");
        f.definitions().stream().filter(d -> d.kind() == Definition.Kind.DEFINE).forEach(d -> names.add(d.name()));
        List<String> refusedPerRequest = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        for (String c : names) {
            ResolvedDefine r = f.resolveDefine(c);
            SECRETS.forEach(s -> assertThat(r.explanation()).doesNotContain(s));
            switch (r.status()) {
                case KNOWN -> {
                    if (!(perRequest && !p.constants().containsKey(c))) { // the command line may stop where a web request goes on
                        assertThat(r.value()).as("%s: %s", probe, c).isEqualTo(Optional.ofNullable(p.constants().get(c)));
                    }
                }
                case MISSING -> assertThat(p.constants()).as("%s: %s is not defined", probe, c).doesNotContainKey(c);
                default -> {
                    undecided.add(c);
                    ResolvedDefine withPhp = f.resolveDefine(c, Optional.of(p));
                    if (r.explanation().contains("differs per request")) {
                        refusedPerRequest.add(c);
                        assertThat(withPhp.status()).as("%s: %s", probe, c).isEqualTo(ResolvedDefine.Status.DEPENDS_ON_RUN_TIME);
                        assertThat(withPhp.byPhp()).isFalse();
                        assertThat(withPhp.explanation()).contains("line ");
                    } else {
                        assertThat(withPhp.byPhp()).isTrue();
                        assertThat(withPhp.value()).as("%s: %s by PHP", probe, c).isEqualTo(Optional.ofNullable(p.constants().get(c)));
                    }
                }
            }
        }
        if (perRequest) {
            // in these probes every constant the reader cannot know statically depends on the request
            assertThat(refusedPerRequest).as("%s: what differs per request is refused even with PHP", probe)
                    .containsExactlyElementsOf(undecided);
        } else {
            assertThat(refusedPerRequest).as(probe).isEmpty();
        }
    }

    @Test
    void aDefineAfterAnIncludeIsNotKnownWithoutPhp() throws IOException {
        SettingsFile f = SettingsFile.read(install("09-require-unconditional.php"));
        ResolvedDefine r = f.resolveDefine("CIVICRM_DSN");
        assertThat(r.status()).isEqualTo(ResolvedDefine.Status.DEPENDS_ON_RUN_TIME);
        assertThatThrownBy(() -> f.requireDatabase("CIVICRM_DSN", "civicrm.settings.php"))
                .isInstanceOf(UpgradeException.class).hasMessageContaining("line 2");
    }

    @Test
    void drupalRootIsTheSiteRoot() throws IOException {
        Path file = install("69-drupal-root-path.php");
        SettingsFile f = SettingsFile.read(file);
        assertThat(f.define("CIVICRM_TEMPLATE_COMPILEDIR")).contains(
                file.getParent().getParent().getParent().toRealPath() + "/sites/default/files/civicrm/templates_c/");
        SettingsFile unplaced = SettingsFile.parse(resource("69-drupal-root-path.php"));
        assertThat(unplaced.resolveDefine("CIVICRM_TEMPLATE_COMPILEDIR").status()).isEqualTo(ResolvedDefine.Status.COMPUTED);
        assertThat(SettingsFile.parse("<?php if (!defined('DRUPAL_ROOT')) { exit; }\ndefine('CIVICRM_DSN', 'mysql://a:b@h/d');\n"
                .getBytes(StandardCharsets.ISO_8859_1)).define("CIVICRM_DSN")).isPresent();
    }

    @Test
    void aMissingDsnNamesTheStatementsNotUnderstood() {
        SettingsFile f = SettingsFile.parse("<?php\nnew_syntax_here ~ 'mysql://a:b@h/d';\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> f.requireDatabase("CIVICRM_DSN", "civicrm.settings.php"))
                .isInstanceOf(UpgradeException.class).hasMessageContaining("line 2").hasMessageContaining("not understood");
    }

    @Test
    void anInvalidUnicodeEscapeIsAProblemWithItsLine() throws IOException {
        SettingsFile f = SettingsFile.read(install("67-u-escape.php"));
        assertThat(f.problems()).anySatisfy(p -> {
            assertThat(p.span().line()).isEqualTo(2);
            assertThat(p.message()).contains("\\u{");
        });
        assertThat(f.resolveDefine("CIVICRM_DSN").status()).isNotEqualTo(ResolvedDefine.Status.KNOWN);
    }

    @Test
    void phpThatStopsTheFileGivesAnUpgradeExceptionNamingFileAndCause() throws IOException {
        SettingsPhpAgreementTest.findPhp();
        Path dir = Files.createDirectories(tmp.resolve("nosite"));
        Path file = Files.writeString(dir.resolve("civicrm.settings.php"),
                "<?php\ndefined('DRUPAL_ROOT') or die('No direct access');\ndefine('CIVICRM_DSN', 'mysql://a:s3cr3t@h/d');\n");
        assertThatThrownBy(() -> PhpSettings.evaluate(SettingsPhpAgreementTest.phpBinary().get(), file, Duration.ofSeconds(30)))
                .isInstanceOf(UpgradeException.class).hasMessageContaining(file.toString()).hasMessageContaining("exit")
                .satisfies(e -> assertThat(((UpgradeException) e).remedy()).contains("DRUPAL_ROOT"));
        Path broken = Files.writeString(dir.resolve("broken.php"), "<?php\ndefine('CIVICRM_DSN', 'mysql://a:s3cr3t@h/d')\n$x = ;\n");
        assertThatThrownBy(() -> PhpSettings.evaluate(SettingsPhpAgreementTest.phpBinary().get(), broken, Duration.ofSeconds(30)))
                .isInstanceOf(UpgradeException.class).hasMessageContaining(broken.toString()).hasMessageContaining("PHP said")
                .hasMessageNotContaining("s3cr3t");
    }

    @TestFactory
    Stream<DynamicTest> formsPhpSettlesStaticallyAreReadWithoutPhp() {
        return Stream.of("05-backslash-define.php", "06-defined-or-define.php", "07-at-define.php", "15-heredoc-text.php",
                "16-nowdoc-apostrophe.php", "25-function-never-called.php", "27-constant-fn.php", "35-var-dsn.php", "40-xor-prec.php",
                "42-heredoc-semicolon.php", "55-const-decl.php", "58-halt.php", "62-prefix-namespace.php", "68-drupal-root-defined.php",
                "70-cs-fixer-backslash.php").map(probe -> DynamicTest.dynamicTest(probe, () -> {
                    SettingsFile f = SettingsFile.read(install(probe));
                    assertThat(f.resolveDefine("CIVICRM_DSN").status()).as(probe + ": " + f.resolveDefine("CIVICRM_DSN").explanation())
                            .isEqualTo(ResolvedDefine.Status.KNOWN);
                }));
    }

    @Test
    void xorBindsTighterThanOrAndHaltCompilerEndsTheFile() throws IOException {
        assertThat(SettingsFile.read(install("40-xor-prec.php")).define("CIVICRM_DSN")).hasValueSatisfying(v -> assertThat(v).contains("/a?"));
        SettingsFile halted = SettingsFile.read(install("58-halt.php"));
        assertThat(halted.resolveDefine("CIVICRM_LOGGING_DSN").status()).isEqualTo(ResolvedDefine.Status.MISSING);
        assertThat(halted.print()).isEqualTo(resource("58-halt.php"));
    }

    @Test
    void aVariableIsKnownOnlyWhenNothingElseWritesIt() {
        String base = "<?php\n$dsn = 'mysql://a:b@h/one';\n";
        String use = "define('CIVICRM_DSN', $dsn);\n";
        assertThat(parse(base + use).define("CIVICRM_DSN")).contains("mysql://a:b@h/one");
        for (String write : List.of("$dsn = 'mysql://a:b@h/two';\n", "$dsn .= '?x';\n", "if (getenv('X')) { $dsn = 'm'; }\n",
                "foreach (array('m') as $dsn) {}\n", "list($dsn) = array('m');\n", "$v = 'dsn'; $$v = 'm';\n",
                "somefunction();\n", "$dsn[0] = 'x';\n", "$r = &$dsn;\n")) {
            assertThat(parse(base + write + use).resolveDefine("CIVICRM_DSN").status()).as(write)
                    .isNotEqualTo(ResolvedDefine.Status.KNOWN);
        }
    }

    private static SettingsFile parse(String text) {
        return SettingsFile.parse(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void civicrmsClassLoaderLinesLeaveAbsentDefinesMissing() {
        SettingsFile installer = SettingsFile.parse(GuardCorpus.installer().getBytes(StandardCharsets.ISO_8859_1));
        assertThat(installer.registersClassLoader()).isTrue();
        assertThat(installer.resolveDefine("CIVICRM_MAIL_LOG").status()).isEqualTo(ResolvedDefine.Status.MISSING);
        assertThat(installer.resolveDefine("CIVICRM_DSN").status()).isEqualTo(ResolvedDefine.Status.KNOWN);
        SettingsFile other = parse("<?php\ndefine('CIVICRM_DSN', 'mysql://a:b@h/d');\nrequire_once 'CRM/Core/Other.php';\n");
        assertThat(other.resolveDefine("CIVICRM_LOGGING_DSN").status()).isEqualTo(ResolvedDefine.Status.DEPENDS_ON_RUN_TIME);
        assertThat(other.resolveDefine("CIVICRM_LOGGING_DSN").explanation()).contains("line 3");
    }
}
