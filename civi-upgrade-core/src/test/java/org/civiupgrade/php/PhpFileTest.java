package org.civiupgrade.php;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.junit.jupiter.api.Test;

class PhpFileTest {

    private static PhpValue known(PhpFile f, String variable) {
        return f.variable(variable).orElseThrow().known().orElseThrow();
    }

    @Test
    void arrayLiteralsInEveryShapeAreRead() {
        PhpFile f = PhpFile.read("<?php\n$a = array('x' => [1, 2,], 'y' => array(), 7 => 'seven', 'eight', \"5\" => TRUE,);\n"
                + "$b = ['k' => ['n' => [NULL, -3, 0x10, 'c' . 'd']]];\n", "a.php");
        PhpValue.Array expected = PhpValue.Array.builder()
                .put("x", PhpValue.Array.list(new PhpValue.Int(1), new PhpValue.Int(2)))
                .put("y", PhpValue.Array.empty())
                .put(7, PhpValue.of("seven"))
                .put(8, PhpValue.of("eight"))
                .put(5, new PhpValue.Bool(true))
                .build();
        assertThat(known(f, "a")).isEqualTo(expected);
        assertThat(known(f, "b")).isEqualTo(PhpValue.Array.builder().put("k", PhpValue.Array.builder()
                .put("n", PhpValue.Array.list(PhpValue.NULL, new PhpValue.Int(-3), new PhpValue.Int(16), PhpValue.of("cd")))
                .build()).build());
    }

    @Test
    void elementAssignmentsBuildTheArrayInOrder() {
        PhpFile f = PhpFile.read("<?php\n$d['default']['default'] = array('database' => 'one');\n"
                + "$d['default']['default']['host'] = 'h';\n$d['default'][] = 'appended';\n", "a.php");
        PhpValue d = known(f, "d");
        assertThat(d).isEqualTo(PhpValue.Array.builder().put("default", PhpValue.Array.builder()
                .put("default", PhpValue.Array.builder().put("database", "one").put("host", "h").build())
                .put(0, PhpValue.of("appended")).build()).build());
    }

    @Test
    void anArrayKeepsItsKnownEntriesBesideTheUnknownOnesWithLineAndReason() {
        PhpFile f = PhpFile.read("<?php\n$c = array('database' => 'db',\n  'password' => DB_PASS,\n  'host' => trim(' h '),\n"
                + "  'port' => (int) '3307', 'user' => \"$name\", 'env' => getenv('X') ?: 'fallback', 'sum' => 1 + 2);\n", "a.php");
        PhpFile.Value c = f.variable("c").orElseThrow();
        assertThat(c).isInstanceOf(PhpFile.PartlyKnownArray.class);
        assertThat(c.known()).isEmpty();
        assertThat(c.get("database")).contains(new PhpFile.Known(PhpValue.of("db")));
        assertThat(c.get("password")).contains(new PhpFile.Unknown(3, "the constant DB_PASS"));
        assertThat(c.get("host")).contains(new PhpFile.Unknown(4, "a call to trim()"));
        assertThat(c.get("port")).contains(new PhpFile.Unknown(5, "a (int) cast"));
        assertThat(c.get("user").orElseThrow()).isEqualTo(new PhpFile.Unknown(5,
                "a string with a $variable inside, which PHP fills in at run time"));
        assertThat(((PhpFile.Unknown) c.get("env").orElseThrow()).what()).startsWith("getenv()").endsWith("in an expression with '?'");
        assertThat(c.get("sum")).contains(new PhpFile.Unknown(5, "an expression with '+'"));
    }

    @Test
    void knownConstantsAndCallsAreUsedAndNothingElse() {
        byte[] src = "<?php\ndefine('PREFIX', 'p_');\n$f = DRUPAL_ROOT . '/' . conf_path() . '/x.php';\n$p = PREFIX;\n"
                .getBytes(StandardCharsets.UTF_8);
        PhpFile f = PhpFile.read(src, "a.php", Map.of("DRUPAL_ROOT", PhpValue.of("/srv/d7"), "conf_path()", PhpValue.of("sites/default")),
                Set.of());
        assertThat(known(f, "f")).isEqualTo(PhpValue.of("/srv/d7/sites/default/x.php"));
        assertThat(f.define("PREFIX").orElseThrow().known()).contains(PhpValue.of("p_"));
        assertThat(f.variable("p")).contains(new PhpFile.Unknown(4, "the constant PREFIX")); // only PHP runs define()
    }

    @Test
    void heredocNowdocAndBytesAreExact() {
        byte[] src = "<?php\n$h = <<<EOT\n  It's \"here\"\n  EOT;\n$n = <<<'EOT'\n$not \\n a var\nEOT;\n$l = 'caf\u00e9';\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        PhpFile f = PhpFile.read(src, "a.php", Map.of(), Set.of());
        assertThat(known(f, "h")).isEqualTo(PhpValue.of("It's \"here\""));
        assertThat(known(f, "n")).isEqualTo(PhpValue.of("$not \\n a var"));
        assertThat(known(f, "l")).isEqualTo(new PhpValue.Str(new byte[] {'c', 'a', 'f', (byte) 0xE9}));
    }

    @Test
    void conditionsIncludesAndUnmodeledUsesAreReported() {
        PhpFile f = PhpFile.read("<?php\nif (file_exists(__DIR__ . '/local.php')) { include __DIR__ . '/local.php'; }\n"
                .getBytes(StandardCharsets.UTF_8), "a.php", Map.of("__DIR__", PhpValue.of("/s")), Set.of("databases"));
        assertThat(f.includes()).containsExactly(new PhpFile.Include(2, new PhpFile.Known(PhpValue.of("/s/local.php")), true));
        PhpFile g = PhpFile.read(("<?php\nif ($x) {\n  $databases = array();\n}\n$databases['a'] += array();\n$$n = 1;\n"
                + "extract($_GET);\n$GLOBALS['y'] = 2;\nrequire 'other.php';\n").getBytes(StandardCharsets.UTF_8), "a.php", Map.of(),
                Set.of("databases"));
        assertThat(g.assignments("databases")).containsExactly(new PhpFile.Assignment("databases", 0, 3, true));
        assertThat(g.unmodeled()).extracting(PhpFile.Unmodeled::line).containsExactly(5, 6, 7, 8);
        assertThat(g.unmodeled().get(0).what()).isEqualTo("a use of $databases other than a plain '=' assignment");
        assertThat(g.includes()).containsExactly(new PhpFile.Include(9, new PhpFile.Known(PhpValue.of("other.php")), false));
    }

    @Test
    void aStringThatIsNeverClosedIsRefusedWithItsLine() {
        assertThatThrownBy(() -> PhpFile.read("<?php\n$a = 'ok';\n$b = 'never closed;\n", "sites/default/settings.php"))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SITE_INVALID);
                    assertThat(e.getMessage()).isEqualTo("sites/default/settings.php line 3: a string is never closed.");
                    assertThat(e.remedy()).contains("line 3");
                });
        assertThatThrownBy(() -> PhpFile.read("<?php\n$a = <<<EOT\nno end\n", "a.php")).hasMessage("a.php line 2: a string is never closed.");
    }
}
