package org.civiupgrade.settings.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civiupgrade.settings.PhpValue;
import org.civiupgrade.settings.internal.Token.Kind;

/**
 * Evaluates the constant expressions settings files use: string and number literals,
 * {@code TRUE}/{@code FALSE}/{@code NULL}, constants defined earlier, parentheses and string
 * concatenation with {@code .}. Anything else (function calls, interpolated strings,
 * {@code __FILE__}) is unknown: the result is empty, never a guess.
 */
public final class Evaluator {
    private final List<Token> toks;
    private final Map<String, PhpValue> constants;
    private int i;

    private Evaluator(List<Token> toks, Map<String, PhpValue> constants) {
        this.toks = toks;
        this.constants = constants;
    }

    /** Evaluates significant tokens (no whitespace or comments) against the constants defined so far. */
    public static Optional<PhpValue> evaluate(List<Token> significant, Map<String, PhpValue> constants) {
        if (significant.isEmpty()) {
            return Optional.empty();
        }
        Evaluator e = new Evaluator(significant, constants);
        Optional<PhpValue> v = e.concat();
        return e.i == significant.size() ? v : Optional.empty();
    }

    private Optional<PhpValue> concat() {
        Optional<PhpValue> left = term();
        while (left.isPresent() && i < toks.size() && toks.get(i).is(".")) {
            i++;
            Optional<PhpValue> right = term();
            if (right.isEmpty()) {
                return Optional.empty();
            }
            if (left.get() instanceof PhpValue.Float || right.get() instanceof PhpValue.Float
                    || left.get() instanceof PhpValue.Arr || right.get() instanceof PhpValue.Arr) {
                return Optional.empty(); // PHP's float formatting depends on ini settings
            }
            left = Optional.of(new PhpValue.Str(left.get().asPhpString() + right.get().asPhpString()));
        }
        return left;
    }

    private Optional<PhpValue> term() {
        if (i >= toks.size()) {
            return Optional.empty();
        }
        Token t = toks.get(i++);
        switch (t.kind()) {
            case SINGLE_QUOTED:
                return t.broken() ? Optional.empty() : Optional.of(new PhpValue.Str(singleQuoted(t.text())));
            case DOUBLE_QUOTED:
                return t.broken() ? Optional.empty() : doubleQuoted(t.text()).map(PhpValue.Str::new);
            case NUMBER:
                return number(t.text(), false);
            case PUNCT:
                if ((t.is("-") || t.is("+")) && i < toks.size() && toks.get(i).kind() == Kind.NUMBER) {
                    return number(toks.get(i++).text(), t.is("-"));
                }
                if (t.is("[")) {
                    return array("]");
                }
                if (t.is("(")) {
                    Optional<PhpValue> v = concat();
                    if (i < toks.size() && toks.get(i).is(")")) {
                        i++;
                        return v;
                    }
                }
                return Optional.empty();
            case IDENT:
                if (t.isIdent("array") && i < toks.size() && toks.get(i).is("(")) {
                    i++;
                    return array(")");
                }
                if (i < toks.size() && (toks.get(i).is("(") || toks.get(i).is("::"))) {
                    return Optional.empty();
                }
                String name = t.text();
                if (name.equalsIgnoreCase("true")) {
                    return Optional.of(new PhpValue.Bool(true));
                }
                if (name.equalsIgnoreCase("false")) {
                    return Optional.of(new PhpValue.Bool(false));
                }
                if (name.equalsIgnoreCase("null")) {
                    return Optional.of(new PhpValue.Null());
                }
                return Optional.ofNullable(constants.get(name));
            default:
                return Optional.empty();
        }
    }

    /** The elements of array(...) or [...] up to the closing token; i is after the opening one. */
    private Optional<PhpValue> array(String close) {
        java.util.LinkedHashMap<Object, PhpValue> entries = new java.util.LinkedHashMap<>();
        long next = 0;
        while (i < toks.size() && !toks.get(i).is(close)) {
            Optional<PhpValue> first = concat();
            if (first.isEmpty()) {
                return Optional.empty();
            }
            if (i < toks.size() && toks.get(i).is("=>")) {
                i++;
                Optional<PhpValue> value = concat();
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                Object key = PhpValue.Arr.key(first.get());
                entries.put(key, value.get());
                if (key instanceof Long l && l >= next) {
                    next = l + 1;
                }
            } else {
                entries.put(next++, first.get());
            }
            if (i < toks.size() && toks.get(i).is(",")) {
                i++;
            } else if (i >= toks.size() || !toks.get(i).is(close)) {
                return Optional.empty();
            }
        }
        if (i >= toks.size()) {
            return Optional.empty();
        }
        i++;
        return Optional.of(new PhpValue.Arr(entries));
    }

    private static Optional<PhpValue> number(String text, boolean negative) {
        String s = text.replace("_", "").toLowerCase(java.util.Locale.ROOT);
        try {
            long v;
            if (s.startsWith("0x")) {
                v = Long.parseLong(s.substring(2), 16);
            } else if (s.startsWith("0b")) {
                v = Long.parseLong(s.substring(2), 2);
            } else if (s.contains(".") || s.contains("e")) {
                double d = Double.parseDouble(s);
                return Optional.of(new PhpValue.Float(negative ? -d : d));
            } else if (s.length() > 1 && s.startsWith("0")) {
                v = Long.parseLong(s.startsWith("0o") ? s.substring(2) : s.substring(1), 8);
            } else {
                v = Long.parseLong(s);
            }
            return Optional.of(new PhpValue.Int(negative ? -v : v));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The value of a single-quoted literal (with its quotes), decoded as UTF-8. */
    public static String singleQuoted(String literal) {
        StringBuilder b = new StringBuilder();
        for (int k = 1; k < literal.length() - 1; k++) {
            char c = literal.charAt(k);
            if (c == '\\' && k + 1 < literal.length() - 1 && (literal.charAt(k + 1) == '\\' || literal.charAt(k + 1) == '\'')) {
                b.append(literal.charAt(++k));
            } else {
                b.append(c);
            }
        }
        return utf8(b);
    }

    /** The value of a double-quoted literal, or empty when it interpolates variables. */
    public static Optional<String> doubleQuoted(String literal) {
        StringBuilder b = new StringBuilder();
        int end = literal.length() - 1;
        for (int k = 1; k < end; k++) {
            char c = literal.charAt(k);
            if (c == '$' && k + 1 < end) {
                char n = literal.charAt(k + 1);
                if (n == '_' || n == '{' || Character.isLetter(n) || n >= 0x80) {
                    return Optional.empty();
                }
            }
            if (c == '{' && k + 1 < end && literal.charAt(k + 1) == '$') {
                return Optional.empty();
            }
            if (c != '\\' || k + 1 >= end) {
                b.append(c);
                continue;
            }
            char n = literal.charAt(k + 1);
            switch (n) {
                case 'n' -> { b.append('\n'); k++; }
                case 't' -> { b.append('\t'); k++; }
                case 'r' -> { b.append('\r'); k++; }
                case 'v' -> { b.append((char) 0x0B); k++; }
                case 'e' -> { b.append((char) 0x1B); k++; }
                case 'f' -> { b.append('\f'); k++; }
                case '\\', '$', '"' -> { b.append(n); k++; }
                case 'x' -> {
                    int h = k + 2;
                    int v = 0;
                    int digits = 0;
                    while (h < end && digits < 2 && Character.digit(literal.charAt(h), 16) >= 0) {
                        v = v * 16 + Character.digit(literal.charAt(h), 16);
                        h++;
                        digits++;
                    }
                    if (digits == 0) {
                        b.append(c);
                    } else {
                        b.append((char) v);
                        k = h - 1;
                    }
                }
                case 'u' -> {
                    int close = literal.indexOf('}', k);
                    if (k + 2 < end && literal.charAt(k + 2) == '{' && close > 0 && close < end) {
                        int cp = Integer.parseInt(literal.substring(k + 3, close), 16);
                        String enc = new String(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8),
                                StandardCharsets.ISO_8859_1);
                        b.append(enc);
                        k = close;
                    } else {
                        b.append(c);
                    }
                }
                default -> {
                    if (n >= '0' && n <= '7') {
                        int h = k + 1;
                        int v = 0;
                        int digits = 0;
                        while (h < end && digits < 3 && literal.charAt(h) >= '0' && literal.charAt(h) <= '7') {
                            v = v * 8 + (literal.charAt(h) - '0');
                            h++;
                            digits++;
                        }
                        b.append((char) (v & 0xFF));
                        k = h - 1;
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return Optional.of(utf8(b));
    }

    private static String utf8(CharSequence latin1) {
        return new String(latin1.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
