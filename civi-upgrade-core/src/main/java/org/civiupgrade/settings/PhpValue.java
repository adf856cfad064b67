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
