package org.civiupgrade.php;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.civiupgrade.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhpSerializationTest {
    /** What Drupal 7 stores in system.info for CiviCRM 4.4.5 (bytes written by PHP's serialize()). */
    static final String CIVICRM_SYSTEM_INFO = "a:10:{s:4:\"name\";s:7:\"CiviCRM\";s:11:\"description\";s:251:\"Constituent "
            + "relationship management system. Allows sites to manage contacts, relationships and groups, and track contact "
            + "activities, contributions, memberships and events. See the <a href=\"http://civicrm.org/\">CiviCRM website</a> "
            + "for more information.\";s:7:\"version\";s:5:\"4.4.5\";s:7:\"package\";s:7:\"CiviCRM\";s:4:\"core\";s:3:\"7.x\";"
            + "s:3:\"php\";s:3:\"5.3\";s:5:\"files\";a:4:{i:0;s:14:\"civicrm.module\";i:1;s:15:\"civicrm.install\";"
            + "i:2;s:16:\"civicrm_user.inc\";i:3;s:31:\"modules/views/civicrm.views.inc\";}s:5:\"mtime\";i:1398189410;"
            + "s:12:\"dependencies\";a:0:{}s:9:\"bootstrap\";i:0;}";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheVariableValuesDrupalWrites() {
        assertThat(PhpSerialization.unserialize("s:4:\"node\";")).isEqualTo(PhpValue.Str.of("node"));
        assertThat(PhpSerialization.unserialize("i:1;")).isEqualTo(new PhpValue.Int(1));
        assertThat(PhpSerialization.unserialize("b:0;")).isEqualTo(new PhpValue.Bool(false));
        assertThat(PhpSerialization.unserialize("b:1;")).isEqualTo(new PhpValue.Bool(true));
        assertThat(PhpSerialization.unserialize("a:0:{}")).isEqualTo(PhpValue.Array.empty());
        assertThat(PhpSerialization.unserialize("N;")).isEqualTo(PhpValue.NULL);
        assertThat(PhpSerialization.unserialize("s:1:\"1\";")).isEqualTo(PhpValue.Str.of("1"));
    }

    @Test
    void writesTheSameBytesAsPhp() {
        assertThat(PhpSerialization.serialize(PhpValue.Str.of("node"))).isEqualTo(b("s:4:\"node\";"));
        assertThat(PhpSerialization.serialize(new PhpValue.Int(1))).isEqualTo(b("i:1;"));
        assertThat(PhpSerialization.serialize(new PhpValue.Bool(false))).isEqualTo(b("b:0;"));
        assertThat(PhpSerialization.serialize(PhpValue.Array.empty())).isEqualTo(b("a:0:{}"));
        assertThat(PhpSerialization.serialize(new PhpValue.Int(Long.MIN_VALUE))).isEqualTo(b("i:-9223372036854775808;"));
        // byte counts, not characters
        assertThat(PhpSerialization.serialize(PhpValue.Str.of("é"))).isEqualTo(b("s:2:\"é\";"));
        assertThat(PhpSerialization.serialize(PhpValue.Str.of("a\"b;"))).isEqualTo(b("s:4:\"a\"b;\";"));
    }

    @Test
    void aRealSystemInfoBlobRoundTripsByteForByte() {
        PhpValue v = PhpSerialization.unserialize(CIVICRM_SYSTEM_INFO);
        assertThat(v).isInstanceOf(PhpValue.Array.class);
        PhpValue.Array info = (PhpValue.Array) v;
        assertThat(info.getString("name")).contains("CiviCRM");
        assertThat(info.getString("package")).contains("CiviCRM");
        assertThat(info.getString("core")).contains("7.x");
        assertThat(info.get("dependencies")).contains(PhpValue.Array.empty());
        assertThat(info.get("mtime")).contains(new PhpValue.Int(1398189410));
        assertThat(((PhpValue.Array) info.get("files").orElseThrow()).get(3))
                .contains(PhpValue.Str.of("modules/views/civicrm.views.inc"));
        assertThat(PhpSerialization.serialize(v)).isEqualTo(b(CIVICRM_SYSTEM_INFO));
    }

    @Test
    void keysKeepTheirOrderAndNumericStringKeysBecomeInts() {
        // PHP: serialize(["a"=>1, 5=>"x", "07"=>true, "7"=>null, -3=>1.0])
        String php = "a:5:{s:1:\"a\";i:1;i:5;s:1:\"x\";s:2:\"07\";b:1;i:7;N;i:-3;d:1;}";
        PhpValue.Array built = PhpValue.Array.builder().put("a", new PhpValue.Int(1)).put(5, PhpValue.Str.of("x"))
                .put("07", new PhpValue.Bool(true)).put("7", PhpValue.NULL).put(-3, new PhpValue.Float(1.0)).build();
        assertThat(PhpSerialization.serialize(built)).isEqualTo(b(php));
        assertThat(PhpSerialization.unserialize(php)).isEqualTo(built);
        // unserialize turns a string key "5" into int 5, as PHP does
        assertThat(PhpSerialization.unserialize("a:1:{s:1:\"5\";i:1;}")).isEqualTo(
                PhpValue.Array.builder().put(5, new PhpValue.Int(1)).build());
        PhpValue.Array reordered = PhpValue.Array.builder().put(5, PhpValue.Str.of("x")).put("a", new PhpValue.Int(1)).build();
        PhpValue.Array ordered = PhpValue.Array.builder().put("a", new PhpValue.Int(1)).put(5, PhpValue.Str.of("x")).build();
        assertThat(reordered).isNotEqualTo(ordered);
    }

    @Test
    void objectsKeepMangledPropertyNames() {
        // PHP: class Foo { public $a=1; protected $b=2; private $c=3; } serialize(new Foo)
        String php = "O:3:\"Foo\":3:{s:1:\"a\";i:1;s:4:\"\0*\0b\";i:2;s:6:\"\0Foo\0c\";i:3;}";
        PhpValue v = PhpSerialization.unserialize(php);
        assertThat(v).isInstanceOf(PhpValue.Obj.class);
        assertThat(((PhpValue.Obj) v).className()).isEqualTo("Foo");
        assertThat(((PhpValue.Obj) v).get("\0*\0b")).contains(new PhpValue.Int(2));
        assertThat(PhpSerialization.serialize(v)).isEqualTo(b(php));
    }

    @Test
    void objectPropertyNamesStayStrings() {
        // PHP: $o = new stdClass; $o->{'3'} = 1; serialize($o) writes a string name
        String php = "O:8:\"stdClass\":1:{s:1:\"3\";i:1;}";
        PhpValue v = PhpSerialization.unserialize(php);
        assertThat(((PhpValue.Obj) v).get("3")).contains(new PhpValue.Int(1));
        assertThat(PhpSerialization.serialize(v)).isEqualTo(b(php));
        assertThat(PhpSerialization.serialize(PhpSerialization.unserialize("O:8:\"stdClass\":1:{i:3;i:1;}")))
                .isEqualTo(b(php));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.0|1", "0.1|0.1", "1e15|1000000000000000", "1e16|10000000000000000", "1e17|1.0E+17",
        "1e-4|0.0001", "1e-5|1.0E-5", "-0.0|-0", "1.5e300|1.5E+300", "123456789012345678.0|1.2345678901234568E+17",
        "0.30000000000000004|0.30000000000000004", "4.9e-324|5.0E-324", "100.0|100", "2.5|2.5", "-2.5|-2.5"})
    void floatsArePrintedLikePhp(double value, String php) {
        assertThat(PhpSerialization.formatFloat(value)).isEqualTo(php);
        assertThat(PhpSerialization.serialize(new PhpValue.Float(value))).isEqualTo(b("d:" + php + ";"));
        assertThat(PhpSerialization.unserialize("d:" + php + ";")).isEqualTo(new PhpValue.Float(value));
    }

    @Test
    void readsSpecialAndOldStyleFloats() {
        assertThat(PhpSerialization.unserialize("d:INF;")).isEqualTo(new PhpValue.Float(Double.POSITIVE_INFINITY));
        assertThat(PhpSerialization.unserialize("d:-INF;")).isEqualTo(new PhpValue.Float(Double.NEGATIVE_INFINITY));
        assertThat(PhpSerialization.unserialize("d:NAN;")).isEqualTo(new PhpValue.Float(Double.NaN));
        assertThat(PhpSerialization.unserialize("d:0.10000000000000001;")).isEqualTo(new PhpValue.Float(0.1));
        assertThat(PhpSerialization.unserialize("d:.5;")).isEqualTo(new PhpValue.Float(0.5));
        assertThat(PhpSerialization.unserialize("d:1e5;")).isEqualTo(new PhpValue.Float(100000));
        assertThat(PhpSerialization.unserialize("i:+5;")).isEqualTo(new PhpValue.Int(5));
    }

    @Test
    void truthinessFollowsPhp() {
        for (String on : List.of("i:1;", "b:1;", "s:1:\"1\";", "s:1:\"a\";", "d:0.5;", "a:1:{i:0;i:0;}", "i:-1;")) {
            assertThat(PhpSerialization.unserialize(on).truthy()).as(on).isTrue();
        }
        for (String off : List.of("i:0;", "b:0;", "s:1:\"0\";", "s:0:\"\";", "d:0;", "a:0:{}", "N;")) {
            assertThat(PhpSerialization.unserialize(off).truthy()).as(off).isFalse();
        }
        assertThat(PhpSerialization.unserialize("s:2:\"00\";").truthy()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "i:1", "i:;", "i:1x;", "b:2;", "s:5:\"node\";", "s:3:\"node\";", "s:4:\"node\"",
        "s:-1:\"\";", "a:1:{}", "a:1:{i:0;}", "a:0:{", "a:1:{d:1;i:0;}", "a:1:{a:0:{}i:0;}", "i:1;i:2;",
        "d:abc;", "d:1", "r:1;", "R:1;", "C:3:\"Foo\":0:{}", "E:7:\"Foo:Bar\";", "O:3:\"Foo:0:{}",
        "i:99999999999999999999;", "s:99999999999:\"a\";"})
    void malformedInputIsRefusedWithTheOffset(String input) {
        assertThatThrownBy(() -> PhpSerialization.unserialize(input))
                .isInstanceOfSatisfying(PhpFormatException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.offset()).isBetween(0, input.length());
                    assertThat(e.getMessage()).startsWith("Malformed PHP serialized value at byte " + e.offset());
                });
        assertThat(PhpSerialization.isSerialized(b(input))).isFalse();
    }

    @Test
    void theErrorSaysWhatWasWrongWhereTheByteCountIsOff() {
        assertThatThrownBy(() -> PhpSerialization.unserialize("s:3:\"node\";"))
                .isInstanceOf(PhpFormatException.class)
                .hasMessageContaining("byte 8").hasMessageContaining("byte count");
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "a:1:{i:0;".repeat(5000) + "N;" + "}".repeat(5000);
        assertThatThrownBy(() -> PhpSerialization.unserialize(deep)).isInstanceOf(PhpFormatException.class)
                .hasMessageContaining("nested deeper");
    }

    @Test
    void stringsAreBytesEvenWhenNotUtf8() {
        byte[] raw = {'s', ':', '3', ':', '"', (byte) 0xff, 0, (byte) 0xe9, '"', ';'};
        PhpValue v = PhpSerialization.unserialize(raw);
        assertThat(((PhpValue.Str) v).bytes()).containsExactly((byte) 0xff, 0, (byte) 0xe9);
        assertThat(PhpSerialization.serialize(v)).isEqualTo(raw);
    }
}
