package org.civiupgrade.php;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PHP's {@code serialize()} and {@code unserialize()}, byte for byte as PHP 7.1+ writes them
 * (floats in {@code serialize_precision = -1} form, e.g. {@code d:0.1;}, {@code d:1.0E+25;}).
 * Reading is strict: trailing bytes, wrong lengths, unknown types and references
 * ({@code r:}/{@code R:}), custom-serialized objects ({@code C:}) and enums ({@code E:}) are
 * refused with a {@link PhpFormatException} naming the offset. Older PHP float forms
 * ({@code d:0.10000000000000001;}) are read.
 */
public final class PhpSerialization {
    /** Nesting deeper than this is refused rather than risking the stack. */
    public static final int MAX_DEPTH = 512;

    private PhpSerialization() {
    }

    /** {@code serialize($value)}. */
    public static byte[] serialize(PhpValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value, 0);
        return out.toByteArray();
    }

    /** {@code unserialize($bytes)}, strictly: the whole input must be one value. */
    public static PhpValue unserialize(byte[] bytes) {
        Reader r = new Reader(bytes);
        PhpValue v = r.value(0);
        if (r.pos != bytes.length) {
            throw new PhpFormatException(r.pos, "unexpected bytes after the value");
        }
        return v;
    }

    /** {@code unserialize()} of a string's UTF-8 bytes. */
    public static PhpValue unserialize(String text) {
        return unserialize(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the bytes are exactly one serialized value. */
    public static boolean isSerialized(byte[] bytes) {
        try {
            unserialize(bytes);
            return true;
        } catch (PhpFormatException e) {
            return false;
        }
    }

    /** How PHP 7.1+ prints a float in {@code serialize()} and {@code var_export()} without the trailing {@code .0}. */
    public static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return "NAN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "INF" : "-INF";
        }
        if (d == 0) {
            return (1 / d) < 0 ? "-0" : "0";
        }
        // Shortest digit string that reads back as the same double (zend_dtoa mode 0).
        BigDecimal exact = new BigDecimal(d).abs();
        BigDecimal shortest = null;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == Math.abs(d)) {
                shortest = r;
                break;
            }
        }
        if (shortest == null) {
            shortest = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int decpt = digits.length() - shortest.scale(); // value = 0.digits * 10^decpt
        StringBuilder sb = new StringBuilder();
        if (d < 0) {
            sb.append('-');
        }
        if (decpt < -3 || decpt > 17) {
            sb.append(digits.charAt(0)).append('.').append(digits.length() > 1 ? digits.substring(1) : "0");
            int exp = decpt - 1;
            sb.append('E').append(exp < 0 ? '-' : '+').append(Math.abs(exp));
        } else if (decpt <= 0) {
            sb.append("0.").append("0".repeat(-decpt)).append(digits);
        } else if (decpt >= digits.length()) {
            sb.append(digits).append("0".repeat(decpt - digits.length()));
        } else {
            sb.append(digits, 0, decpt).append('.').append(digits.substring(decpt));
        }
        return sb.toString();
    }

    private static void write(ByteArrayOutputStream out, PhpValue value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("PHP value nested deeper than " + MAX_DEPTH);
        }
        if (value instanceof PhpValue.Null) {
            ascii(out, "N;");
        } else if (value instanceof PhpValue.Bool b) {
            ascii(out, b.value() ? "b:1;" : "b:0;");
        } else if (value instanceof PhpValue.Int i) {
            ascii(out, "i:" + i.value() + ";");
        } else if (value instanceof PhpValue.Float f) {
            ascii(out, "d:" + formatFloat(f.value()) + ";");
        } else if (value instanceof PhpValue.Str s) {
            byte[] b = s.bytes();
            ascii(out, "s:" + b.length + ":\"");
            out.writeBytes(b);
            ascii(out, "\";");
        } else if (value instanceof PhpValue.Array a) {
            ascii(out, "a:" + a.size() + ":{");
            entries(out, a, depth);
            ascii(out, "}");
        } else if (value instanceof PhpValue.Obj o) {
            byte[] name = o.className().getBytes(StandardCharsets.UTF_8);
            ascii(out, "O:" + name.length + ":\"");
            out.writeBytes(name);
            ascii(out, "\":" + o.properties().size() + ":{");
            for (Map.Entry<PhpValue.Str, PhpValue> e : o.properties().entrySet()) {
                write(out, e.getKey(), depth + 1);
                write(out, e.getValue(), depth + 1);
            }
            ascii(out, "}");
        } else {
            throw new IllegalArgumentException("Unknown PHP value " + value);
        }
    }

    private static void entries(ByteArrayOutputStream out, PhpValue.Array a, int depth) {
        for (Map.Entry<PhpValue, PhpValue> e : a.entries().entrySet()) {
            write(out, e.getKey(), depth + 1);
            write(out, e.getValue(), depth + 1);
        }
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static final class Reader {
        private final byte[] in;
        private int pos;

        Reader(byte[] in) {
            this.in = in;
        }

        PhpValue value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new PhpFormatException(pos, "values nested deeper than " + MAX_DEPTH);
            }
            if (pos >= in.length) {
                throw new PhpFormatException(pos, in.length == 0 ? "the input is empty" : "the input ends where a value should start");
            }
            int start = pos;
            char type = (char) in[pos];
            switch (type) {
                case 'N' -> {
                    pos++;
                    expect(';');
                    return PhpValue.NULL;
                }
                case 'b' -> {
                    pos++;
                    expect(':');
                    byte c = peek();
                    if (c != '0' && c != '1') {
                        throw new PhpFormatException(pos, "a boolean must be 0 or 1");
                    }
                    pos++;
                    expect(';');
                    return new PhpValue.Bool(c == '1');
                }
                case 'i' -> {
                    pos++;
                    expect(':');
                    long v = integer(';');
                    return new PhpValue.Int(v);
                }
                case 'd' -> {
                    pos++;
                    expect(':');
                    return new PhpValue.Float(floating());
                }
                case 's' -> {
                    pos++;
                    return new PhpValue.Str(stringBody());
                }
                case 'a' -> {
                    pos++;
                    expect(':');
                    long n = length(':');
                    expect('{');
                    PhpValue.Array a = new PhpValue.Array(entries(n, depth));
                    expect('}');
                    return a;
                }
                case 'O' -> {
                    pos++;
                    byte[] name = quoted(':');
                    expect(':');
                    long n = length(':');
                    expect('{');
                    Map<PhpValue.Str, PhpValue> props = new LinkedHashMap<>();
                    for (Map.Entry<PhpValue, PhpValue> e : entries(n, depth).entrySet()) {
                        // PHP turns int property names into strings
                        props.put(e.getKey() instanceof PhpValue.Int i ? PhpValue.Str.of(Long.toString(i.value()))
                                : (PhpValue.Str) e.getKey(), e.getValue());
                    }
                    expect('}');
                    return new PhpValue.Obj(new String(name, StandardCharsets.UTF_8), props);
                }
                case 'r', 'R' -> throw new PhpFormatException(start, "references (" + type + ":) are not supported");
                case 'C' -> throw new PhpFormatException(start, "custom-serialized objects (C:) are not supported");
                case 'E' -> throw new PhpFormatException(start, "enums (E:) are not supported");
                default -> throw new PhpFormatException(start, "unknown type '" + printable(in[start]) + "'");
            }
        }

        private Map<PhpValue, PhpValue> entries(long n, int depth) {
            Map<PhpValue, PhpValue> map = new LinkedHashMap<>();
            for (long i = 0; i < n; i++) {
                int keyAt = pos;
                if (pos < in.length && in[pos] == '}') {
                    throw new PhpFormatException(pos, "the array ends after " + i + " of " + n + " entries");
                }
                PhpValue key = value(depth + 1);
                if (!(key instanceof PhpValue.Int) && !(key instanceof PhpValue.Str)) {
                    throw new PhpFormatException(keyAt, "an array key must be an int or a string");
                }
                PhpValue v = value(depth + 1);
                map.put(PhpValue.Array.normaliseKey(key), v);
            }
            return map;
        }

        /** {@code :<len>:"<bytes>";} after the {@code s}. */
        private byte[] stringBody() {
            byte[] b = quoted(';');
            expect(';');
            return b;
        }

        /** {@code :<len>:"<bytes>"} */
        private byte[] quoted(char after) {
            expect(':');
            long n = length(':');
            expect('"');
            if (n > in.length - pos) {
                throw new PhpFormatException(pos, "the string claims " + n + " bytes but only " + (in.length - pos) + " remain");
            }
            byte[] b = java.util.Arrays.copyOfRange(in, pos, pos + (int) n);
            pos += (int) n;
            if (pos >= in.length || in[pos] != '"') {
                throw new PhpFormatException(pos, "expected '\"' after " + n + " bytes of string (is the byte count right?)");
            }
            pos++;
            return b;
        }

        private long length(char terminator) {
            int start = pos;
            long v = integer(terminator);
            if (v < 0 || in[start] == '+' || in[start] == '-') {
                throw new PhpFormatException(start, "a length must be a non-negative number");
            }
            if (v > Integer.MAX_VALUE) {
                throw new PhpFormatException(start, "length " + v + " is too large");
            }
            return v;
        }

        private long integer(char terminator) {
            int start = pos;
            int end = pos;
            if (end < in.length && (in[end] == '-' || in[end] == '+')) {
                end++;
            }
            int digitsStart = end;
            while (end < in.length && in[end] >= '0' && in[end] <= '9') {
                end++;
            }
            if (end == digitsStart) {
                throw new PhpFormatException(start, "expected digits");
            }
            String text = new String(in, start, end - start, StandardCharsets.US_ASCII);
            long v;
            try {
                v = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
            } catch (NumberFormatException e) {
                throw new PhpFormatException(start, "number " + text + " is out of the 64-bit range");
            }
            pos = end;
            expect(terminator);
            return v;
        }

        private double floating() {
            int start = pos;
            int end = pos;
            while (end < in.length && in[end] != ';') {
                end++;
            }
            if (end >= in.length) {
                throw new PhpFormatException(start, "a float must end with ';'");
            }
            String text = new String(in, start, end - start, StandardCharsets.US_ASCII);
            double v;
            switch (text) {
                case "INF" -> v = Double.POSITIVE_INFINITY;
                case "-INF" -> v = Double.NEGATIVE_INFINITY;
                case "NAN" -> v = Double.NaN;
                default -> {
                    if (!text.matches("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
                        throw new PhpFormatException(start, "'" + abbreviate(text) + "' is not a float");
                    }
                    v = Double.parseDouble(text);
                }
            }
            pos = end + 1;
            return v;
        }

        private byte peek() {
            if (pos >= in.length) {
                throw new PhpFormatException(pos, "the input ends too early");
            }
            return in[pos];
        }

        private void expect(char c) {
            if (pos >= in.length) {
                throw new PhpFormatException(pos, "the input ends where '" + c + "' was expected");
            }
            if (in[pos] != c) {
                throw new PhpFormatException(pos, "expected '" + c + "' but found '" + printable(in[pos]) + "'");
            }
            pos++;
        }

        private static String printable(byte b) {
            return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
        }

        private static String abbreviate(String s) {
            return s.length() > 24 ? s.substring(0, 24) + "..." : s;
        }
    }
}
