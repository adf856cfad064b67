package org.civiupgrade.settings;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A scalar PHP value as a settings file defines it: a string, an integer, a float, a boolean or
 * {@code null}. {@link #toString()} is the PHP literal with strings shown in full, so never log a
 * value whose name suggests a secret; use {@link Dsn#redact(String)} for DSNs.
 */
public sealed interface PhpValue {
    /** The value converted to a string the way PHP's {@code (string)} cast does. */
    String asPhpString();

    /** A PHP literal for this value ({@code 'it\'s'}, {@code 1}, {@code TRUE}, {@code NULL}). */
    String literal();

    /** A PHP string. The Java string holds the PHP byte string decoded as UTF-8. */
    record Str(String value) implements PhpValue {
        public Str {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String asPhpString() {
            return value;
        }

        @Override
        public String literal() {
            return singleQuoted(value);
        }
    }

    /** A PHP integer. */
    record Int(long value) implements PhpValue {
        @Override
        public String asPhpString() {
            return Long.toString(value);
        }

        @Override
        public String literal() {
            return Long.toString(value);
        }
    }

    /** A PHP float. */
    record Float(double value) implements PhpValue {
        @Override
        public String asPhpString() {
            // PHP's (string) cast: precision=14 significant digits, %G style, "1.0E+25" exponents
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
    }

    /** A PHP boolean. */
    record Bool(boolean value) implements PhpValue {
        @Override
        public String asPhpString() {
            return value ? "1" : "";
        }

        @Override
        public String literal() {
            return value ? "TRUE" : "FALSE";
        }
    }

    /** PHP's {@code null}. */
    record Null() implements PhpValue {
        @Override
        public String asPhpString() {
            return "";
        }

        @Override
        public String literal() {
            return "NULL";
        }
    }

    /**
     * A PHP array: an ordered map whose keys are {@link Long} or {@link String}, normalised as PHP
     * does ({@code "5"} and {@code 5} are the same key, booleans become 0/1, null becomes "").
     */
    record Arr(java.util.Map<Object, PhpValue> entries) implements PhpValue {
        public Arr {
            entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
            for (Object k : entries.keySet()) {
                if (!(k instanceof Long) && !(k instanceof String)) {
                    throw new IllegalArgumentException("array keys are Long or String");
                }
            }
        }

        /** PHP's key normalisation. */
        public static Object key(PhpValue k) {
            if (k instanceof Int i) {
                return i.value();
            } else if (k instanceof Bool b) {
                return b.value() ? 1L : 0L;
            } else if (k instanceof Null) {
                return "";
            } else if (k instanceof Float f) {
                return (long) f.value();
            } else if (k instanceof Str s && s.value().matches("-?[1-9][0-9]{0,17}|0")) {
                return Long.parseLong(s.value());
            }
            return k.asPhpString();
        }

        @Override
        public String asPhpString() {
            return "Array";
        }

        @Override
        public String literal() {
            StringBuilder b = new StringBuilder("array(");
            boolean first = true;
            for (java.util.Map.Entry<Object, PhpValue> e : entries.entrySet()) {
                if (!first) {
                    b.append(", ");
                }
                first = false;
                b.append(e.getKey() instanceof Long l ? Long.toString(l) : singleQuoted((String) e.getKey()))
                        .append(" => ").append(e.getValue().literal());
            }
            return b.append(')').toString();
        }

        @Override
        public String toString() {
            return "array(" + entries.size() + " entries)"; // values may be secrets (e.g. an SMTP password)
        }
    }

    /** A PHP string value. */
    static PhpValue of(String s) {
        return new Str(s);
    }

    /** The string value when this is a PHP string. */
    default Optional<String> stringValue() {
        return this instanceof Str s ? Optional.of(s.value()) : Optional.empty();
    }

    /**
     * A single-quoted PHP literal for a string: the UTF-8 bytes of {@code s} with {@code \} and
     * {@code '} escaped, returned as ISO-8859-1 characters (one per byte), ready to splice into a
     * file's bytes.
     */
    static String singleQuoted(String s) {
        String bytes = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        StringBuilder b = new StringBuilder(bytes.length() + 2).append('\'');
        for (int i = 0; i < bytes.length(); i++) {
            char c = bytes.charAt(i);
            if (c == '\\' || c == '\'') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('\'').toString();
    }

    /** Like {@link #singleQuoted(String)} with double quotes (escaping {@code \ " $}). */
    static String doubleQuoted(String s) {
        String bytes = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        StringBuilder b = new StringBuilder(bytes.length() + 2).append('"');
        for (int i = 0; i < bytes.length(); i++) {
            char c = bytes.charAt(i);
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
}
