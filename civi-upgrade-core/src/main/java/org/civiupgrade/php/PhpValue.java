package org.civiupgrade.php;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A PHP value as {@code serialize()} writes it: null, bool, int, float, (byte) string, ordered
 * array or object. Values are immutable; {@link PhpSerialization} turns them into bytes and back.
 *
 * <p>PHP strings are byte strings: a {@link Str} holds bytes, and {@link Str#text()} decodes
 * them as UTF-8 for convenience only.
 */
public sealed interface PhpValue permits PhpValue.Null, PhpValue.Bool, PhpValue.Int, PhpValue.Float,
        PhpValue.Str, PhpValue.Array, PhpValue.Obj {

    /** PHP's conversion to boolean ({@code (bool) $value}), e.g. {@code "0"} and {@code array()} are false. */
    boolean truthy();

    /** {@code null}. */
    Null NULL = new Null();

    /** {@code null}, serialized as {@code N;}. */
    record Null() implements PhpValue {
        @Override
        public boolean truthy() {
            return false;
        }
    }

    /** {@code true}/{@code false}, serialized as {@code b:1;}/{@code b:0;}. */
    record Bool(boolean value) implements PhpValue {
        @Override
        public boolean truthy() {
            return value;
        }
    }

    /** A 64-bit integer, serialized as {@code i:42;}. */
    record Int(long value) implements PhpValue {
        @Override
        public boolean truthy() {
            return value != 0;
        }
    }

    /** A double, serialized as {@code d:0.5;} ({@code INF}, {@code -INF}, {@code NAN} too). */
    record Float(double value) implements PhpValue {
        @Override
        public boolean truthy() {
            return value != 0.0; // NAN is true in PHP, and NaN != 0.0 holds
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Float f && Double.compare(f.value, value) == 0;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(value);
        }
    }

    /** A byte string, serialized as {@code s:<byte count>:"<bytes>";}. */
    record Str(byte[] bytes) implements PhpValue {
        public Str {
            bytes = Objects.requireNonNull(bytes, "bytes").clone();
        }

        /** The string's UTF-8 bytes. */
        public static Str of(String text) {
            return new Str(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** Number of bytes (what {@code strlen()} returns). */
        public int length() {
            return bytes.length;
        }

        /** The bytes decoded as UTF-8 (malformed sequences replaced). */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean truthy() {
            return !(bytes.length == 0 || (bytes.length == 1 && bytes[0] == '0'));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Str s && Arrays.equals(s.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Str[" + text() + "]";
        }
    }

    /**
     * An ordered PHP array. Keys are {@link Int} or {@link Str}; like PHP, a string key that
     * is a canonical decimal integer ({@code "5"}, not {@code "05"}) is stored as an int key.
     */
    record Array(Map<PhpValue, PhpValue> entries) implements PhpValue {
        public Array {
            LinkedHashMap<PhpValue, PhpValue> copy = new LinkedHashMap<>();
            for (Map.Entry<PhpValue, PhpValue> e : entries.entrySet()) {
                copy.put(normaliseKey(e.getKey()), Objects.requireNonNull(e.getValue(), "value"));
            }
            entries = Collections.unmodifiableMap(copy);
        }

        /** The empty array, {@code a:0:{}}. */
        public static Array empty() {
            return new Array(Map.of());
        }

        /** A list: keys 0..n-1 in order. */
        public static Array list(PhpValue... values) {
            Builder b = builder();
            for (PhpValue v : values) {
                b.append(v);
            }
            return b.build();
        }

        /** A list of strings: keys 0..n-1 in order. */
        public static Array listOf(Iterable<String> values) {
            Builder b = builder();
            values.forEach(v -> b.append(Str.of(v)));
            return b.build();
        }

        /** Starts an ordered array. */
        public static Builder builder() {
            return new Builder();
        }

        /** The value under a string key (or the int key it stands for). */
        public Optional<PhpValue> get(String key) {
            return Optional.ofNullable(entries.get(normaliseKey(Str.of(key))));
        }

        /** The value under an int key. */
        public Optional<PhpValue> get(long key) {
            return Optional.ofNullable(entries.get(new Int(key)));
        }

        /** The string under a key, when the value there is a string. */
        public Optional<String> getString(String key) {
            return get(key).filter(Str.class::isInstance).map(v -> ((Str) v).text());
        }

        /** Number of entries. */
        public int size() {
            return entries.size();
        }

        @Override
        public boolean truthy() {
            return !entries.isEmpty();
        }

        /** Equal when the same keys hold equal values in the same order (order is part of a PHP array). */
        @Override
        public boolean equals(Object o) {
            return o instanceof Array a && java.util.List.copyOf(a.entries.entrySet()).equals(java.util.List.copyOf(entries.entrySet()));
        }

        @Override
        public int hashCode() {
            return entries.hashCode();
        }

        static PhpValue normaliseKey(PhpValue key) {
            if (key instanceof Int) {
                return key;
            }
            if (key instanceof Str s) {
                String t = s.text();
                if (t.matches("0|-?[1-9][0-9]{0,18}") && Arrays.equals(t.getBytes(StandardCharsets.UTF_8), s.bytes)) {
                    try {
                        return new Int(Long.parseLong(t));
                    } catch (NumberFormatException e) {
                        return key; // beyond the int range PHP keeps the string
                    }
                }
                return key;
            }
            throw new IllegalArgumentException("A PHP array key must be an int or a string, not " + key);
        }

        /** Builds an {@link Array} in insertion order. */
        public static final class Builder {
            private final LinkedHashMap<PhpValue, PhpValue> map = new LinkedHashMap<>();
            private long nextIndex;

            private Builder() {
            }

            /** Sets a string key. */
            public Builder put(String key, PhpValue value) {
                return put(Str.of(key), value);
            }

            /** Sets a string key to a string. */
            public Builder put(String key, String value) {
                return put(Str.of(key), Str.of(value));
            }

            /** Sets an int key. */
            public Builder put(long key, PhpValue value) {
                return put(new Int(key), value);
            }

            /** Sets a key (int or string). */
            public Builder put(PhpValue key, PhpValue value) {
                PhpValue k = normaliseKey(key);
                map.put(k, Objects.requireNonNull(value, "value"));
                if (k instanceof Int i && i.value() >= nextIndex) {
                    nextIndex = i.value() + 1;
                }
                return this;
            }

            /** Appends like {@code $a[] = $value}. */
            public Builder append(PhpValue value) {
                return put(nextIndex, value);
            }

            /**
             * The array, in insertion order.
             *
             * @return an immutable array holding the entries put so far
             */
            public Array build() {
                return new Array(map);
            }
        }
    }

    /**
     * An object, serialized as {@code O:<len>:"Class":<n>:{...}}. Property names are byte
     * strings (PHP 7.2+ never uses int property names) and keep PHP's visibility mangling
     * ({@code "\0*\0name"} protected, {@code "\0Class\0name"} private); their order is kept.
     */
    record Obj(String className, Map<Str, PhpValue> properties) implements PhpValue {
        public Obj {
            Objects.requireNonNull(className, "className");
            properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        }

        /** The value of a property by its (mangled) name. */
        public Optional<PhpValue> get(String name) {
            return Optional.ofNullable(properties.get(Str.of(name)));
        }

        @Override
        public boolean truthy() {
            return true;
        }

        /** Equal when the class and the properties, in order, are equal. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Obj x && x.className.equals(className)
                    && java.util.List.copyOf(x.properties.entrySet()).equals(java.util.List.copyOf(properties.entrySet()));
        }

        @Override
        public int hashCode() {
            return className.hashCode() * 31 + properties.hashCode();
        }
    }
}
