package org.civiupgrade.php.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.php.internal.Token.Kind;

/**
 * The library's one evaluator of PHP expressions, in two modes. {@link #literal} knows literals
 * only (what {@link org.civiupgrade.php.PhpFile} reads). {@link #evaluate} evaluates the
 * expressions {@code civicrm.settings.php} files use, as PHP would for a normal web request: string
 * and number literals, {@code TRUE}/{@code FALSE}/{@code NULL}, arrays, constants defined earlier,
 * parentheses, concatenation with {@code .}, {@code !}, {@code &&}/{@code ||}/{@code and}/{@code or},
 * {@code ===}/{@code !==}/{@code ==}/{@code !=}/{@code <>}, the ternary and {@code ?:},
 * {@code ??}, {@code defined('X')}, {@code getenv('X')} and {@code isset}/{@code empty} of
 * {@code $GLOBALS['_CV'][...]}.
 *
 * <p>Request assumptions: no environment variable is set ({@code getenv(...)} is {@code false}),
 * {@code $GLOBALS['_CV']} is unset, and no constant exists except those the file defined before
 * (see {@link Scope}; the settings reader's is its constant table). Anything else (other function
 * calls, variables, interpolated strings, {@code __FILE__}, arithmetic) is unknown: the result is
 * empty, never a guess. Strings keep the exact bytes the literal stands for.
 */
public final class Evaluator {
    private final List<Token> toks;
    private final Scope constants;
    /** Literals only: no operator but {@code .}, no variable, no call the scope does not know, getenv() unknown. */
    private final boolean literalsOnly;
    private int i;

    private Evaluator(List<Token> toks, Scope constants, boolean literalsOnly) {
        this.toks = toks;
        this.constants = constants;
        this.literalsOnly = literalsOnly;
    }

    /**
     * Evaluates significant tokens as a literal: string, number, {@code TRUE}/{@code FALSE}/{@code NULL}
     * literals, {@code array(...)}/{@code [...]} (nested, keyed or not, trailing comma allowed),
     * parentheses, {@code .} concatenation, and the constants and argument-less calls the scope
     * knows. Anything else, including every other operator, a variable and {@code getenv()}, makes
     * the result empty: it is what PHP computes at run time.
     */
    public static Optional<PhpValue> literal(List<Token> significant, Scope known) {
        if (significant.isEmpty()) {
            return Optional.empty();
        }
        Evaluator e = new Evaluator(significant, known, true);
        Optional<PhpValue> v = e.concat();
        return e.i == significant.size() ? v : Optional.empty();
    }

    /** Evaluates significant tokens against a constant table; empty when only PHP can tell. */
    public static Optional<PhpValue> evaluate(List<Token> significant, Scope constants) {
        if (significant.isEmpty()) {
            return Optional.empty();
        }
        Evaluator e = new Evaluator(significant, constants, false);
        Optional<PhpValue> v = e.low();
        return e.i == significant.size() ? v : Optional.empty();
    }

    /** The truth of a condition (the tokens inside {@code if ( ... )}). */
    public static Tri condition(List<Token> significant, Scope constants) {
        return evaluate(significant, constants).map(v -> Tri.of(truthy(v))).orElse(Tri.UNKNOWN);
    }

    /** PHP's boolean conversion. */
    static boolean truthy(PhpValue v) {
        if (v instanceof PhpValue.Bool b) {
            return b.value();
        } else if (v instanceof PhpValue.Null) {
            return false;
        } else if (v instanceof PhpValue.Int n) {
            return n.value() != 0;
        } else if (v instanceof PhpValue.Float f) {
            return f.value() != 0.0;
        } else if (v instanceof PhpValue.Array a) {
            return !a.entries().isEmpty();
        }
        String s = v.asPhpString();
        return !s.isEmpty() && !s.equals("0");
    }

    private boolean at(String s) {
        return i < toks.size() && (toks.get(i).is(s) || (toks.get(i).kind() == Kind.IDENT && toks.get(i).isIdent(s)
                && Character.isLetter(s.charAt(0))));
    }

    /** {@code or}: the lowest precedence (PHP: {@code or} < {@code xor} < {@code and}). */
    private Optional<PhpValue> low() {
        Optional<PhpValue> left = lowXor();
        while (at("or")) {
            i++;
            left = or(left, lowXor());
        }
        return left;
    }

    private Optional<PhpValue> lowXor() {
        Optional<PhpValue> left = lowAnd();
        while (at("xor")) {
            i++;
            Optional<PhpValue> right = lowAnd();
            left = both(left, right, (a, b) -> new PhpValue.Bool(truthy(a) != truthy(b)));
        }
        return left;
    }

    private Optional<PhpValue> lowAnd() {
        Optional<PhpValue> left = ternary();
        while (at("and")) {
            i++;
            left = and(left, ternary());
        }
        return left;
    }

    /** {@code a ? b : c}, {@code a ?: c} (PHP parses them right-nested only with parentheses; left to right here). */
    private Optional<PhpValue> ternary() {
        Optional<PhpValue> cond = coalesce();
        while (at("?")) {
            i++;
            if (at(":")) {
                i++;
                Optional<PhpValue> other = coalesce();
                cond = cond.isEmpty() ? Optional.empty() : truthy(cond.get()) ? cond : other;
                continue;
            }
            Optional<PhpValue> yes = low();
            if (!at(":")) {
                return Optional.empty();
            }
            i++;
            Optional<PhpValue> no = coalesce();
            cond = cond.isEmpty() ? Optional.empty() : truthy(cond.get()) ? yes : no;
        }
        return cond;
    }

    /** {@code a ?? b}: b when a is null or unset (an unset {@code $GLOBALS['_CV']} entry evaluates to null here). */
    private Optional<PhpValue> coalesce() {
        Optional<PhpValue> left = orOp();
        if (at("??")) {
            i++;
            Optional<PhpValue> right = coalesce();
            if (left.isEmpty()) {
                return Optional.empty();
            }
            return left.get() instanceof PhpValue.Null ? right : left;
        }
        return left;
    }

    private Optional<PhpValue> orOp() {
        Optional<PhpValue> left = andOp();
        while (at("||")) {
            i++;
            left = or(left, andOp());
        }
        return left;
    }

    private Optional<PhpValue> andOp() {
        Optional<PhpValue> left = equality();
        while (at("&&")) {
            i++;
            left = and(left, equality());
        }
        return left;
    }

    private static Optional<PhpValue> or(Optional<PhpValue> l, Optional<PhpValue> r) {
        if (l.isPresent() && truthy(l.get())) {
            return Optional.of(new PhpValue.Bool(true));
        }
        if (r.isPresent() && truthy(r.get())) {
            return l.isPresent() ? Optional.of(new PhpValue.Bool(true)) : Optional.of(new PhpValue.Bool(true));
        }
        return l.isPresent() && r.isPresent() ? Optional.of(new PhpValue.Bool(false)) : Optional.empty();
    }

    private static Optional<PhpValue> and(Optional<PhpValue> l, Optional<PhpValue> r) {
        if ((l.isPresent() && !truthy(l.get())) || (r.isPresent() && !truthy(r.get()))) {
            return Optional.of(new PhpValue.Bool(false));
        }
        return l.isPresent() && r.isPresent() ? Optional.of(new PhpValue.Bool(true)) : Optional.empty();
    }

    private static Optional<PhpValue> both(Optional<PhpValue> l, Optional<PhpValue> r,
                                           java.util.function.BinaryOperator<PhpValue> f) {
        return l.isPresent() && r.isPresent() ? Optional.ofNullable(f.apply(l.get(), r.get())) : Optional.empty();
    }

    private Optional<PhpValue> equality() {
        Optional<PhpValue> left = relational();
        while (at("===") || at("!==") || at("==") || at("!=") || at("<>")) {
            String op = toks.get(i++).text();
            Optional<PhpValue> right = relational();
            if (left.isEmpty() || right.isEmpty()) {
                left = Optional.empty();
                continue;
            }
            Optional<Boolean> eq = op.length() == 3 ? identical(left.get(), right.get()) : looseEquals(left.get(), right.get());
            boolean negate = op.startsWith("!") || op.equals("<>");
            left = eq.map(b -> new PhpValue.Bool(negate != b));
        }
        return left;
    }

    /** {@code < <= > >=}: only numbers are compared here; anything else is unknown. */
    private Optional<PhpValue> relational() {
        Optional<PhpValue> left = concat();
        while (at("<") || at("<=") || at(">") || at(">=")) {
            String op = toks.get(i++).text();
            Optional<PhpValue> right = concat();
            if (left.isPresent() && right.isPresent() && left.get() instanceof PhpValue.Int a && right.get() instanceof PhpValue.Int b) {
                int c = Long.compare(a.value(), b.value());
                boolean r = switch (op) {
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    default -> c >= 0;
                };
                left = Optional.of(new PhpValue.Bool(r));
            } else {
                left = Optional.empty();
            }
        }
        return left;
    }

    static Optional<Boolean> identical(PhpValue a, PhpValue b) {
        if (a instanceof PhpValue.Array || b instanceof PhpValue.Array) {
            return Optional.empty();
        }
        if (a.getClass() != b.getClass()) {
            return Optional.of(false);
        }
        if (a instanceof PhpValue.Float x && b instanceof PhpValue.Float y) {
            return Optional.of(x.value() == y.value());
        }
        return Optional.of(a.equals(b));
    }

    private static final java.util.regex.Pattern NUMERIC = java.util.regex.Pattern.compile(
            "[ \\t\\n\\r\\x0B\\f]*[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?[ \\t\\n\\r\\x0B\\f]*");

    /** PHP 8's {@code ==} for scalars; arrays are left to PHP. */
    static Optional<Boolean> looseEquals(PhpValue a, PhpValue b) {
        if (a instanceof PhpValue.Array || b instanceof PhpValue.Array) {
            return Optional.empty();
        }
        if (a instanceof PhpValue.Bool || b instanceof PhpValue.Bool || (a instanceof PhpValue.Null && b instanceof PhpValue.Null)) {
            return Optional.of(truthy(a) == truthy(b));
        }
        if (a instanceof PhpValue.Null || b instanceof PhpValue.Null) {
            PhpValue other = a instanceof PhpValue.Null ? b : a;
            return other instanceof PhpValue.Str s ? Optional.of(s.length() == 0) : Optional.of(!truthy(other));
        }
        boolean aNum = !(a instanceof PhpValue.Str);
        boolean bNum = !(b instanceof PhpValue.Str);
        if (!aNum && !bNum) {
            String x = a.asPhpString();
            String y = b.asPhpString();
            if (NUMERIC.matcher(x).matches() && NUMERIC.matcher(y).matches()) {
                return Optional.of(Double.parseDouble(x.trim()) == Double.parseDouble(y.trim()));
            }
            return Optional.of(x.equals(y));
        }
        if (aNum && bNum) {
            return Optional.of(number(a) == number(b));
        }
        PhpValue num = aNum ? a : b;
        String str = (aNum ? b : a).asPhpString();
        if (NUMERIC.matcher(str).matches()) {
            return Optional.of(number(num) == Double.parseDouble(str.trim()));
        }
        if (num instanceof PhpValue.Float) {
            return Optional.empty(); // PHP compares the float's string form, which depends on ini settings
        }
        return Optional.of(num.asPhpString().equals(str));
    }

    private static double number(PhpValue v) {
        return v instanceof PhpValue.Int n ? n.value() : ((PhpValue.Float) v).value();
    }

    private Optional<PhpValue> concat() {
        int leftFrom = i;
        Optional<PhpValue> left = unary();
        boolean leftEnv = readsEnvironment(leftFrom, i);
        while (at(".") || at("+") || at("-") || at("*") || at("/") || at("%")) {
            boolean dot = at(".");
            i++;
            int rightFrom = i;
            Optional<PhpValue> right = unary();
            if (leftEnv || readsEnvironment(rightFrom, i)) {
                // getenv() is false for a request without that variable, but a value built from it
                // (e.g. a password) means the web server is expected to set it: never guess it empty
                left = Optional.empty();
                leftEnv = false;
                continue;
            }
            if (!dot || left.isEmpty() || right.isEmpty()) {
                left = Optional.empty(); // arithmetic is left to PHP
                continue;
            }
            if (left.get() instanceof PhpValue.Float || right.get() instanceof PhpValue.Float
                    || left.get() instanceof PhpValue.Array || right.get() instanceof PhpValue.Array) {
                left = Optional.empty(); // PHP's float formatting depends on ini settings
                continue;
            }
            left = Optional.of(new PhpValue.Str(com.google.common.primitives.Bytes.concat(bytes(left.get()), bytes(right.get()))));
        }
        return left;
    }

    /** The bytes of PHP's string conversion: a string's own bytes, else its {@code (string)} form. */
    private static byte[] bytes(PhpValue v) {
        return v instanceof PhpValue.Str str ? str.bytes() : v.asPhpString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether tokens [from, to) call getenv() (a value taken from the web server's environment). */
    private boolean readsEnvironment(int from, int to) {
        for (int k = from; k < Math.min(to, toks.size()); k++) {
            if (toks.get(k).text().equalsIgnoreCase("getenv")) {
                return true;
            }
        }
        return false;
    }

    private Optional<PhpValue> unary() {
        if (literalsOnly && (at("!") || at("@"))) {
            i = toks.size();
            return Optional.empty();
        }
        if (at("!")) {
            i++;
            return unary().map(v -> new PhpValue.Bool(!truthy(v)));
        }
        if (at("@")) {
            i++;
            return unary();
        }
        return term();
    }

    private Optional<PhpValue> term() {
        if (i >= toks.size()) {
            return Optional.empty();
        }
        Token t = toks.get(i++);
        switch (t.kind()) {
            case SINGLE_QUOTED:
                return t.broken() ? Optional.empty() : Optional.of(str(singleQuotedBytes(t.text())));
            case DOUBLE_QUOTED:
                return t.broken() ? Optional.empty() : doubleQuotedBytes(t.text()).map(Evaluator::str);
            case HEREDOC:
                return t.broken() ? Optional.empty() : heredocBytes(t.text()).map(Evaluator::str);
            case NUMBER:
                return number(t.text(), false);
            case VARIABLE:
                return variable(t);
            case PUNCT:
                if ((t.is("-") || t.is("+")) && i < toks.size() && toks.get(i).kind() == Kind.NUMBER) {
                    return number(toks.get(i++).text(), t.is("-"));
                }
                if (t.is("[")) {
                    return array("]");
                }
                if (t.is("(")) {
                    Optional<PhpValue> v = literalsOnly ? concat() : low();
                    if (i < toks.size() && toks.get(i).is(")")) {
                        i++;
                        return v;
                    }
                    i = toks.size();
                }
                if (t.is("\\") && i < toks.size() && toks.get(i).kind() == Kind.IDENT) {
                    return term(); // a fully qualified name: \getenv(...), \CIVICRM_UF
                }
                return Optional.empty();
            case IDENT:
                if (t.isIdent("array") && i < toks.size() && toks.get(i).is("(")) {
                    i++;
                    return array(")");
                }
                if (i < toks.size() && toks.get(i).is("(")) {
                    return call(t);
                }
                if (i < toks.size() && toks.get(i).is("::")) {
                    skipPostfix();
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
                return constants.value(name);
            default:
                return Optional.empty();
        }
    }

    /** A function call; i is at its '('. Only the functions whose result a web request fixes are known. */
    private Optional<PhpValue> call(Token fn) {
        int open = i;
        int close = closing(open);
        List<Token> args = toks.subList(open + 1, Math.min(close, toks.size()));
        i = Math.min(close + 1, toks.size());
        String f = fn.text().toLowerCase(java.util.Locale.ROOT);
        Optional<PhpValue> result = Optional.empty();
        if (literalsOnly) {
            result = args.isEmpty() ? constants.call(fn.text()) : Optional.empty();
        } else if (f.equals("defined") && args.size() == 1) {
            Optional<String> name = literalString(args.get(0));
            if (name.isPresent()) {
                Tri d = constants.defined(name.get());
                result = d == Tri.UNKNOWN ? Optional.empty() : Optional.of(new PhpValue.Bool(d == Tri.TRUE));
            }
        } else if (f.equals("constant") && args.size() == 1) {
            result = literalString(args.get(0)).flatMap(constants::value);
        } else if (f.equals("getenv") && !args.isEmpty()) {
            result = Optional.of(new PhpValue.Bool(false)); // no environment variable is set for the request
        } else if ((f.equals("isset") || f.equals("empty")) && readsCvGlobal(args)) {
            result = Optional.of(new PhpValue.Bool(f.equals("empty")));
        }
        if (i < toks.size() && (toks.get(i).is("->") || toks.get(i).is("[") || toks.get(i).is("::"))) {
            skipPostfix();
            return Optional.empty();
        }
        return result;
    }

    /** A variable: {@code $GLOBALS['_CV'][...]} is unset (null, with a warning PHP does not stop for); others are unknown. */
    private Optional<PhpValue> variable(Token v) {
        int from = i - 1;
        skipPostfix();
        if (literalsOnly) {
            return Optional.empty();
        }
        if (i == from + 1) {
            Optional<PhpValue> known = constants.variable(v.text().substring(1));
            if (known.isPresent()) {
                return known;
            }
        }
        return readsCvGlobal(toks.subList(from, i)) ? Optional.of(new PhpValue.Null()) : Optional.empty();
    }

    private void skipPostfix() {
        while (i < toks.size()) {
            Token t = toks.get(i);
            if (t.is("[") || t.is("(")) {
                i = Math.min(closing(i) + 1, toks.size());
            } else if ((t.is("->") || t.is("::")) && i + 1 < toks.size()) {
                i += 2;
            } else {
                break;
            }
        }
    }

    private int closing(int open) {
        int depth = 0;
        for (int k = open; k < toks.size(); k++) {
            Token t = toks.get(k);
            if (t.is("(") || t.is("[") || t.is("{")) {
                depth++;
            } else if (t.is(")") || t.is("]") || t.is("}")) {
                if (--depth == 0) {
                    return k;
                }
            }
        }
        return toks.size();
    }

    /** True for {@code $GLOBALS['_CV']...} (the test runner's globals, unset for a web request) and {@code $_CV...}. */
    private static boolean readsCvGlobal(List<Token> ts) {
        if (ts.isEmpty() || ts.get(0).kind() != Kind.VARIABLE) {
            return false;
        }
        if (ts.get(0).text().equals("$_CV")) {
            return true;
        }
        return ts.get(0).text().equals("$GLOBALS") && ts.size() >= 4 && ts.get(1).is("[")
                && literalString(ts.get(2)).filter("_CV"::equals).isPresent() && ts.get(3).is("]");
    }

    private static Optional<String> literalString(Token t) {
        if (t.broken()) {
            return Optional.empty();
        }
        if (t.kind() == Kind.SINGLE_QUOTED) {
            return Optional.of(singleQuoted(t.text()));
        }
        return t.kind() == Kind.DOUBLE_QUOTED ? doubleQuoted(t.text()) : Optional.empty();
    }

    /** The elements of array(...) or [...] up to the closing token; i is after the opening one. */
    private Optional<PhpValue> array(String close) {
        java.util.LinkedHashMap<PhpValue, PhpValue> entries = new java.util.LinkedHashMap<>();
        long next = 0;
        while (i < toks.size() && !toks.get(i).is(close)) {
            Optional<PhpValue> first = literalsOnly ? concat() : ternary();
            if (first.isEmpty()) {
                return Optional.empty();
            }
            if (i < toks.size() && toks.get(i).is("=>")) {
                i++;
                Optional<PhpValue> value = literalsOnly ? concat() : ternary();
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                if (first.get() instanceof PhpValue.Array || first.get() instanceof PhpValue.Obj) {
                    return Optional.empty(); // PHP refuses an array as a key
                }
                PhpValue key = PhpValue.Array.key(first.get());
                entries.put(key, value.get());
                if (key instanceof PhpValue.Int l && l.value() >= next) {
                    next = l.value() + 1;
                }
            } else {
                entries.put(new PhpValue.Int(next++), first.get());
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
        return Optional.of(new PhpValue.Array(entries));
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

    /** A PHP string of the bytes a literal's text stands for (one ISO-8859-1 char per byte). */
    private static PhpValue str(String latin1) {
        return new PhpValue.Str(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The value of a single-quoted literal (with its quotes), decoded as UTF-8. */
    public static String singleQuoted(String literal) {
        return utf8(singleQuotedBytes(literal));
    }

    /** The bytes of a single-quoted literal (with its quotes), one ISO-8859-1 char per byte. */
    static String singleQuotedBytes(String literal) {
        StringBuilder b = new StringBuilder();
        for (int k = 1; k < literal.length() - 1; k++) {
            char c = literal.charAt(k);
            if (c == '\\' && k + 1 < literal.length() - 1 && (literal.charAt(k + 1) == '\\' || literal.charAt(k + 1) == '\'')) {
                b.append(literal.charAt(++k));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The value of a double-quoted literal decoded as UTF-8, or empty when it interpolates variables. */
    public static Optional<String> doubleQuoted(String literal) {
        return doubleQuotedBytes(literal).map(Evaluator::utf8);
    }

    /** The bytes of a double-quoted literal (one ISO-8859-1 char per byte), or empty when it interpolates variables. */
    static Optional<String> doubleQuotedBytes(String literal) {
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
                        OptionalInt parsed = codePoint(literal.substring(k + 3, close));
                        if (parsed.isEmpty()) {
                            return Optional.empty(); // PHP refuses to compile the file
                        }
                        int cp = parsed.getAsInt();
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
        return Optional.of(b.toString());
    }

    /** The code point of a {@code \\u{...}} escape, or empty when PHP rejects it (a compile error). */
    static OptionalInt codePoint(String hex) {
        if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            return OptionalInt.empty();
        }
        long cp = Long.parseLong(hex, 16);
        return cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF) ? OptionalInt.empty() : OptionalInt.of((int) cp);
    }

    /** True when a double-quoted literal holds a {@code \\u{...}} escape PHP refuses to compile. */
    public static boolean badUnicodeEscape(String literal) {
        for (int k = 1; k + 1 < literal.length(); k++) {
            if (literal.charAt(k) == '\\') {
                if (literal.charAt(k + 1) == 'u' && k + 2 < literal.length() && literal.charAt(k + 2) == '{') {
                    int close = literal.indexOf('}', k);
                    if (close < 0 || codePoint(literal.substring(k + 3, close)).isEmpty()) {
                        return true;
                    }
                }
                k++;
            }
        }
        return false;
    }

    /**
     * The value of a heredoc or nowdoc token: the lines between the opening and the closing marker,
     * with the closing marker's indentation removed from each (PHP 7.3); empty when a heredoc
     * interpolates or escapes anything (left to PHP) or the indentation is inconsistent.
     */
    static Optional<String> heredoc(String text) {
        return heredocBytes(text).map(Evaluator::utf8);
    }

    /** Like {@link #heredoc(String)}, the bytes as ISO-8859-1 chars. */
    static Optional<String> heredocBytes(String text) {
        boolean nowdoc = text.matches("(?s)<<<[ \t]*'.*");
        int firstNl = text.indexOf('\n');
        int firstCr = text.indexOf('\r');
        int bodyStart = firstNl < 0 ? firstCr + 1 : firstCr >= 0 && firstCr < firstNl ? (firstCr + 1 == firstNl ? firstNl + 1 : firstCr + 1)
                : firstNl + 1;
        if (bodyStart <= 0) {
            return Optional.empty();
        }
        int markerLineStart = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1;
        if (markerLineStart < bodyStart) {
            return Optional.of(""); // closing marker right after the opening line
        }
        String indent = text.substring(markerLineStart).replaceAll("[A-Za-z0-9_\\x80-\\xff]+$", "");
        int bodyEnd = markerLineStart - 1;
        if (bodyEnd > bodyStart && text.charAt(bodyEnd) == '\n' && text.charAt(bodyEnd - 1) == '\r') {
            bodyEnd--;
        }
        String body = text.substring(bodyStart, Math.max(bodyStart, bodyEnd));
        if (!nowdoc && (body.indexOf('$') >= 0 || body.indexOf('\\') >= 0)) {
            return Optional.empty();
        }
        if (!indent.isEmpty()) {
            StringBuilder b = new StringBuilder();
            for (String line : body.split("(?<=\n)", -1)) {
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith(indent)) {
                    b.append(line.substring(indent.length()));
                } else if (line.isBlank()) {
                    b.append(line.replaceAll("^[ \t]*", ""));
                } else {
                    return Optional.empty();
                }
            }
            body = b.toString();
        }
        return Optional.of(body);
    }

    private static String utf8(CharSequence latin1) {
        return new String(latin1.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
