package org.civiupgrade.php;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A PHP value: null, bool, int, float, (byte) string, ordered array or object. It is the one
 * model for values PHP code holds, whether they come from {@code serialize()} bytes
 * ({@link PhpSerialization}) or from reading PHP source without running it ({@link PhpFile},
 * {@code civicrm.settings.php}). Values are immutable.
 *
 * <p>PHP strings are byte strings: a {@link Str} holds bytes, and {@link Str#text()} decodes
 * them as UTF-8 (malformed sequences become U+FFFD) for convenience only. {@link #toString()} of
 * a string shows it in full, so never log a value whose name suggests a secret; an array's
 * {@code toString()} shows only its size.
 */
public sealed interface PhpValue permits PhpValue.Null, PhpValue.Bool, PhpValue.Int, PhpValue.Float,
        PhpValue.Str, PhpValue.Array, PhpValue.Obj {

    /** PHP's conversion to boolean ({@code (bool) $value}), e.g. {@code "0"} and {@code array()} are false. */
    boolean truthy();

    /**
     * The value converted to a string the way PHP's {@code (string)} cast does ({@code true} is
     * {@code "1"}, {@code null} and {@code false} are {@code ""}, an array is {@code "Array"}),
     * with a string's bytes decoded as UTF-8.
     */
    String asPhpString();

    /**
     * PHP source for this value ({@code 'it\'s'}, {@code 1}, {@code TRUE}, {@code NULL},
     * {@code array(0 => 'a')}) as ISO-8859-1 characters, one per byte, ready to splice into a
     * file's bytes.
     *
     * @throws UnsupportedOperationException for an object, which has no literal
     */
    String literal();

    /** The string (decoded as UTF-8) when this is a PHP string. */
    default Optional<String> stringValue() {
        return this instanceof Str s ? Optional.of(s.text()) : Optional.empty();
    }

    /** A PHP string holding the UTF-8 bytes of {@code text}. */
    static Str of(String text) {
        return Str.of(text);
    }

    /**
     * A single-quoted PHP literal for a string: the UTF-8 bytes of {@code s} with {@code \} and
     * {@code '} escaped, returned as ISO-8859-1 characters (one per byte).
     */
    static String singleQuoted(String s) {
        return singleQuoted(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Like {@link #singleQuoted(String)} for a byte string. */
    static String singleQuoted(byte[] bytes) {
        StringBuilder b = new StringBuilder(bytes.length + 2).append('\'');
        for (byte x : bytes) {
            char c = (char) (x & 0xFF);
            if (c == '\\' || c == '\'') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('\'').toString();
    }

    /** Like {@link #singleQuoted(String)} with double quotes (escaping {@code \ " $}, newline, CR, tab). */
    static String doubleQuoted(String s) {
        return doubleQuoted(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Like {@link #doubleQuoted(String)} for a byte string. */
    static String doubleQuoted(byte[] bytes) {
        StringBuilder b = new StringBuilder(bytes.length + 2).append('"');
        for (byte x : bytes) {
            char c = (char) (x & 0xFF);
            switch (c) {
                case '\\', '"', '$' -> b.append('\\').append(c);
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** {@code null}. */
    Null NULL = new Null();

    /** {@code null}, serialized as {@code N;}. */
    record Null() implements PhpValue {
        @Override
        public boolean truthy() {
            return false;
        }

        @Override
        public String asPhpString() {
            return "";
        }

        @Override
        public String literal() {
            return "NULL";
        }
    }

    /** {@code true}/{@code false}, serialized as {@code b:1;}/{@code b:0;}. */
    record Bool(boolean value) implements PhpValue {
        @Override
        public boolean truthy() {
            return value;
        }

        @Override
        public String asPhpString() {
            return value ? "1" : "";
        }

        @Override
        public String literal() {
            return value ? "TRUE" : "FALSE";
        }
    }

    /** A 64-bit integer, serialized as {@code i:42;}. */
    record Int(long value) implements PhpValue {
        @Override
        public boolean truthy() {
            return value != 0;
        }

        @Override
        public String asPhpString() {
            return Long.toString(value);
        }

        @Override
        public String literal() {
            return Long.toString(value);
        }
    }

    /** A double, serialized as {@code d:0.5;} ({@code INF}, {@code -INF}, {@code NAN} too). */
    record Float(double value) implements PhpValue {
        @Override
        public boolean truthy() {
            return value != 0.0; // NAN is true in PHP, and NaN != 0.0 holds
        }

        /** PHP's {@code (string)} cast: 14 significant digits ({@code precision=14}), {@code 1.0E+25} exponents. */
        @Override
        public String asPhpString() {
            if (Double.isNaN(value)) {
                return "NAN";
            }
            if (Double.isInfinite(value)) {
                return value > 0 ? "INF" : "-INF";
            }
            if (value == 0) {
                return 1 / value < 0 ? "-0" : "0";
            }
            java.math.BigDecimal bd = new java.math.BigDecimal(value)
                    .round(new java.math.MathContext(14, java.math.RoundingMode.HALF_EVEN)).stripTrailingZeros();
            int exp = bd.precision() - bd.scale() - 1;
            if (exp < -4 || exp >= 14) {
                String m = bd.movePointLeft(exp).toPlainString();
                if (!m.contains(".")) {
                    m += ".0";
                }
                return m + "E" + (exp < 0 ? "-" : "+") + Math.abs(exp);
            }
            return bd.toPlainString();
        }

        @Override
        public String literal() {
            String s = Double.toString(value);
            return s.contains(".") || s.contains("E") ? s : s + ".0";
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
        public String asPhpString() {
            return text();
        }

        @Override
        public String literal() {
            return singleQuoted(bytes);
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

        @Override
        public String asPhpString() {
            return "Array";
        }

        @Override
        public String literal() {
            StringBuilder b = new StringBuilder("array(");
            boolean first = true;
            for (Map.Entry<PhpValue, PhpValue> e : entries.entrySet()) {
                if (!first) {
                    b.append(", ");
                }
                first = false;
                b.append(e.getKey().literal()).append(" => ").append(e.getValue().literal());
            }
            return b.append(')').toString();
        }

        /** Only the size: values may be secrets (e.g. an SMTP password). */
        @Override
        public String toString() {
            return "array(" + entries.size() + " entries)";
        }

        /**
         * PHP's array key conversion: an int stays, a bool becomes 0/1, null becomes {@code ""},
         * a float is truncated, a string holding a canonical decimal integer becomes that int.
         *
         * @throws IllegalArgumentException for an array or object, which PHP refuses as a key
         */
        public static PhpValue key(PhpValue k) {
            if (k instanceof Bool b) {
                return new Int(b.value() ? 1 : 0);
            } else if (k instanceof Null) {
                return Str.of("");
            } else if (k instanceof Float f) {
                return new Int((long) f.value());
            }
            return normaliseKey(k);
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

        /** PHP needs a {@code __toString()} method for this; shown here as the class name. */
        @Override
        public String asPhpString() {
            return className;
        }

        @Override
        public String literal() {
            throw new UnsupportedOperationException("A PHP object (" + className + ") has no literal.");
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
