package org.civiupgrade.php;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class PhpSerializationProperties {

    @Property(tries = 500)
    void serializeThenUnserializeGivesTheSameValue(@ForAll("values") PhpValue value) {
        byte[] bytes = PhpSerialization.serialize(value);
        assertThat(PhpSerialization.unserialize(bytes)).isEqualTo(value);
    }

    @Property(tries = 500)
    void unserializeThenSerializeGivesTheSameBytes(@ForAll("values") PhpValue value) {
        byte[] bytes = PhpSerialization.serialize(value);
        assertThat(PhpSerialization.serialize(PhpSerialization.unserialize(bytes))).isEqualTo(bytes);
    }

    @Property(tries = 300)
    void everyDoubleReadsBackExactly(@ForAll double d) {
        String text = PhpSerialization.formatFloat(d);
        PhpValue back = PhpSerialization.unserialize("d:" + text + ";");
        assertThat(back).isEqualTo(new PhpValue.Float(d));
    }

    @Property(tries = 300)
    void cuttingAValueShortIsAlwaysAnError(@ForAll("values") PhpValue value, @ForAll @Size(max = 1) java.util.List<Integer> seed) {
        byte[] bytes = PhpSerialization.serialize(value);
        int cut = seed.isEmpty() ? bytes.length - 1 : Math.floorMod(seed.get(0), bytes.length);
        byte[] shorter = Arrays.copyOf(bytes, cut);
        assertThat(PhpSerialization.isSerialized(shorter)).isFalse();
    }

    @Provide
    Arbitrary<PhpValue> values() {
        return Arbitraries.recursive(this::scalar, this::compound, 0, 3);
    }

    private Arbitrary<PhpValue> compound(Arbitrary<PhpValue> inner) {
        return Arbitraries.oneOf(inner, array(inner), object(inner));
    }

    private Arbitrary<PhpValue> scalar() {
        return Arbitraries.oneOf(
                Arbitraries.just(PhpValue.NULL),
                Arbitraries.of(true, false).map(PhpValue.Bool::new),
                Arbitraries.longs().map(PhpValue.Int::new),
                Arbitraries.doubles().map(PhpValue.Float::new),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e-7, 1e300)
                        .map(PhpValue.Float::new),
                Arbitraries.strings().ofMaxLength(20).map(PhpValue.Str::of),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(12).map(PhpValue.Str::new));
    }

    private Arbitrary<PhpValue> key() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(-5, 1000).map(PhpValue.Int::new),
                Arbitraries.of("0", "7", "07", "-1", "name", "", " ", "a:b", "9223372036854775808").map(PhpValue.Str::of),
                Arbitraries.strings().ofMaxLength(8).map(PhpValue.Str::of));
    }

    private Arbitrary<PhpValue> array(Arbitrary<PhpValue> inner) {
        return Arbitraries.maps(key(), inner).ofMaxSize(4)
                .map(m -> {
                    PhpValue.Array.Builder b = PhpValue.Array.builder();
                    m.forEach(b::put);
                    return b.build();
                });
    }

    private Arbitrary<PhpValue> object(Arbitrary<PhpValue> inner) {
        return Arbitraries.of("stdClass", "Foo", "CRM_Core_Config")
                .flatMap(cls -> Arbitraries.maps(Arbitraries.strings().ofMaxLength(6).map(PhpValue.Str::of), inner).ofMaxSize(3)
                        .map(props -> new PhpValue.Obj(cls, props)));
    }
}
