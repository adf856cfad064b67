package org.civiupgrade.php;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.php.internal.Evaluator;
import org.civiupgrade.php.internal.PhpTokenizer;
import org.civiupgrade.php.internal.Scope;
import org.civiupgrade.php.internal.Token;
import org.civiupgrade.php.internal.Token.Kind;

/**
 * What a PHP file's top-level statements set, read without running PHP: assignments to variables
 * and array elements ({@code $databases['default']['default'] = array(...);}),
 * {@code define('NAME', value)} calls and {@code include}/{@code require} statements. A value is
 * known only when it is a literal: strings (single- or double-quoted without interpolation,
 * heredoc, nowdoc), numbers, {@code TRUE}/{@code FALSE}/{@code NULL}, {@code array(...)} and
 * {@code [...]} (nested, keyed or not), {@code .} concatenation, and the constants and
 * argument-less calls the caller says it knows. Anything PHP computes (another constant, a
 * variable, a function call, {@code getenv()}, a cast, any other operator, an interpolated
 * string) is an {@link Unknown} carrying its line and what it is, never a default. An array keeps
 * its known entries beside its unknown ones ({@link PartlyKnownArray}).
 *
 * <p>Uses of the <em>watched</em> variables other than plain {@code =} assignments (a reference,
 * {@code +=}, {@code .=}, an {@code unset}...), and {@code $GLOBALS}, {@code $$name},
 * {@code extract()}, {@code eval()}, {@code parse_str()}, which may set any variable, are
 * reported by {@link #unmodeled()}; a caller that must not guess refuses them.
 *
 * <p>The source is PHP bytes; lines are 1-based. It is tokenized by the same lexer as the
 * {@code civicrm.settings.php} reader; a string or heredoc that is never closed is refused with an
 * {@link UpgradeException} ({@link ErrorCode#SITE_INVALID}) naming the file and the line.
 */
public final class PhpFile {

    /** What is known of a value written in the file. */
    public sealed interface Value permits Known, Unknown, PartlyKnownArray {
        /** The whole value, when nothing in it is unknown. */
        Optional<PhpValue> known();

        /**
         * The entries, when this is an array (known or partly known), in order; keys are
         * {@link Known} ints or strings (normalised as PHP does) or {@link Unknown}.
         */
        default Optional<List<Entry>> entries() {
            return Optional.empty();
        }

        /** The value under a string key (or the int key it stands for), when this is an array that has it. */
        default Optional<Value> get(String key) {
            PhpValue k = PhpValue.Array.normaliseKey(PhpValue.Str.of(key));
            return entries().flatMap(es -> es.stream().filter(e -> e.key().known().filter(k::equals).isPresent())
                    .map(Entry::value).reduce((a, b) -> b));
        }
    }

    /** An array entry. */
    public record Entry(Value key, Value value) {
    }

    /** A value known in full. */
    public record Known(PhpValue value) implements Value {
        @Override
        public Optional<PhpValue> known() {
            return Optional.of(value);
        }

        @Override
        public Optional<List<Entry>> entries() {
            if (!(value instanceof PhpValue.Array a)) {
                return Optional.empty();
            }
            List<Entry> out = new ArrayList<>();
            a.entries().forEach((k, v) -> out.add(new Entry(new Known(k), new Known(v))));
            return Optional.of(out);
        }

        /** Only the kind: values may be secrets. */
        @Override
        public String toString() {
            return "Known[" + value.getClass().getSimpleName() + "]";
        }
    }

    /**
     * A value PHP computes at run time (a call, a constant, a variable, an interpolated string, an
     * operator...), so a static reader does not know it.
     *
     * @param line 1-based line where it is written
     * @param what what it is, for an error message (never the value of a secret), e.g.
     *             {@code "the constant DB_PASS"}, {@code "a call to trim()"}
     */
    public record Unknown(int line, String what) implements Value {
        @Override
        public Optional<PhpValue> known() {
            return Optional.empty();
        }
    }

    /** An array some of whose keys or values are unknown. */
    public record PartlyKnownArray(List<Entry> all) implements Value {
        public PartlyKnownArray {
            all = List.copyOf(all);
        }

        @Override
        public Optional<PhpValue> known() {
            return Optional.empty();
        }

        @Override
        public Optional<List<Entry>> entries() {
            return Optional.of(all);
        }
    }

    /**
     * An {@code include}/{@code require} statement.
     *
     * @param line    1-based line
     * @param target  the file it names (known when a literal, possibly built from known constants)
     * @param guarded written as {@code if (file_exists(X)) include X;}: does nothing when X does not exist
     */
    public record Include(int line, Value target, boolean guarded) {
    }

    /**
     * A use of a watched variable or a construct this reader does not model but that may change
     * variables ({@code $GLOBALS}, a reference, {@code extract()}, {@code +=}...).
     *
     * @param line 1-based line
     * @param what what it is
     */
    public record Unmodeled(int line, String what) {
    }

    /**
     * An assignment to a top-level variable.
     *
     * @param variable    its name without {@code $}
     * @param keys        how many array keys it names ({@code $databases['default']['default']} has 2)
     * @param line        1-based line
     * @param conditional inside a block or after an {@code if (...)}, {@code else} or loop head: it may not run
     */
    public record Assignment(String variable, int keys, int line, boolean conditional) {
    }

    private static final Set<String> CASTS = Set.of("int", "integer", "bool", "boolean", "float", "double", "real", "string",
            "binary", "array", "object", "unset");

    private final List<Token> toks;
    private final String fileName;
    private final Scope known;
    private final Set<String> watched;
    private final int[] lineStarts;
    private final Map<String, Object> variables = new LinkedHashMap<>();
    private final Map<String, Value> defines = new LinkedHashMap<>();
    private final List<Assignment> assignments = new ArrayList<>();
    private final List<Include> includes = new ArrayList<>();
    private final List<Unmodeled> unmodeled = new ArrayList<>();
    private final Set<Integer> modeledTargets = new HashSet<>();
    private int i;
    private int depth;

    private PhpFile(String latin1, String fileName, Map<String, PhpValue> known, Set<String> watched) {
        this.fileName = fileName;
        this.known = Scope.of(known);
        this.watched = Set.copyOf(watched);
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int k = 0; k < latin1.length(); k++) {
            if (latin1.charAt(k) == '\n') {
                starts.add(k + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        this.toks = significant(PhpTokenizer.tokenize(latin1));
    }

    /** Reads a file's text (as its UTF-8 bytes), knowing no constant and watching no variable. */
    public static PhpFile read(String source, String fileName) {
        return read(source.getBytes(StandardCharsets.UTF_8), fileName, Map.of(), Set.of());
    }

    /**
     * Reads a file.
     *
     * @param source   the file's bytes
     * @param fileName the name to show in messages, e.g. {@code sites/default/settings.php}
     * @param known    values PHP gives, for the run the caller models, to constants ({@code DRUPAL_ROOT},
     *                 {@code __DIR__}) and to argument-less calls, keyed with their parentheses
     *                 ({@code "conf_path()"}); everything else that is not a literal is {@link Unknown}
     * @param watched  variables (without {@code $}) whose every use must be a plain {@code =} assignment;
     *                 other uses are reported by {@link #unmodeled()}
     * @throws UpgradeException ({@link ErrorCode#SITE_INVALID}) when a string or heredoc is never closed
     */
    public static PhpFile read(byte[] source, String fileName, Map<String, PhpValue> known, Set<String> watched) {
        PhpFile f = new PhpFile(new String(source, StandardCharsets.ISO_8859_1), fileName, known, watched);
        f.run();
        f.findUnmodeledUses();
        return f;
    }

    /** The final value of a top-level variable (without {@code $}), after every assignment in order. */
    public Optional<Value> variable(String name) {
        return Optional.ofNullable(variables.get(name)).map(PhpFile::freeze);
    }

    /** The value given to a constant by {@code define()} (the first definition wins, as in PHP). */
    public Optional<Value> define(String name) {
        return Optional.ofNullable(defines.get(name));
    }

    /** Every assignment to a top-level variable, in file order, conditional or not. */
    public List<Assignment> assignments(String variable) {
        return assignments.stream().filter(a -> a.variable().equals(variable)).toList();
    }

    /** The {@code include}/{@code require} statements, whose files this reader does not follow, in file order. */
    public List<Include> includes() {
        return List.copyOf(includes);
    }

    /** Uses of watched variables, or of constructs that may change any variable, which this reader does not model, in file order. */
    public List<Unmodeled> unmodeled() {
        return List.copyOf(unmodeled);
    }

    // ------------------------------------------------------------------ tokens

    /**
     * The tokens that carry meaning: no whitespace, comment, inline HTML or open tag; a close tag
     * ends a statement like {@code ;}; nothing after {@code __halt_compiler()}. A string, heredoc
     * or nowdoc that is never closed is refused here.
     */
    private List<Token> significant(List<Token> all) {
        List<Token> out = new ArrayList<>();
        for (Token t : all) {
            if (t.broken() && (t.kind() == Kind.SINGLE_QUOTED || t.kind() == Kind.DOUBLE_QUOTED || t.kind() == Kind.HEREDOC)) {
                int line = lineOf(t.start());
                throw new UpgradeException(ErrorCode.SITE_INVALID, fileName + " line " + line + ": a string is never closed.",
                        "Fix the quoting in " + fileName + " at line " + line + "; PHP cannot read this file either.", null);
            }
            switch (t.kind()) {
                case WHITESPACE, LINE_COMMENT, BLOCK_COMMENT, INLINE_HTML, OPEN_TAG -> {
                }
                case CLOSE_TAG -> out.add(new Token(Kind.PUNCT, t.start(), t.end(), ";", false));
                case HALTED_DATA -> {
                    return out;
                }
                default -> out.add(t);
            }
        }
        return out;
    }

    private int lineOf(int pos) {
        int k = java.util.Arrays.binarySearch(lineStarts, pos);
        return k >= 0 ? k + 1 : -k - 1;
    }

    private boolean at(String p) {
        return i < toks.size() && toks.get(i).kind() == Kind.PUNCT && toks.get(i).text().equals(p);
    }

    private boolean peek(int ahead, String p) {
        return i + ahead < toks.size() && toks.get(i + ahead).kind() == Kind.PUNCT && toks.get(i + ahead).text().equals(p);
    }

    private boolean peekIdent(int ahead, String name) {
        return i + ahead < toks.size() && toks.get(i + ahead).isIdent(name);
    }

    private static String name(Token variable) {
        return variable.text().substring(1);
    }

    // ------------------------------------------------------------------ statements

    private void run() {
        while (i < toks.size()) {
            Token t = toks.get(i);
            if (t.kind() == Kind.VARIABLE) {
                Token prev = i > 0 ? toks.get(i - 1) : null;
                boolean conditional = depth > 0 || (prev != null && (prev.is(")") || prev.isIdent("else") || prev.isIdent("do")));
                int at = i;
                int before = assignments.size();
                assignment();
                if (assignments.size() > before) {
                    Assignment a = assignments.get(before);
                    assignments.set(before, new Assignment(a.variable(), a.keys(), lineOf(toks.get(at).start()), conditional));
                }
            } else if (t.is("{")) {
                depth++;
                i++;
            } else if (t.is("}")) {
                depth = Math.max(0, depth - 1);
                i++;
            } else if (isInclude(t)) {
                int line = lineOf(t.start());
                i++;
                includes.add(new Include(line, value(";"), false));
            } else if (t.isIdent("if") && guardedInclude()) {
                continue;
            } else if (t.isIdent("define") && peek(1, "(")) {
                defineCall();
            } else {
                i++;
            }
        }
    }

    private static boolean isInclude(Token t) {
        return t.kind() == Kind.IDENT && t.text().toLowerCase(Locale.ROOT).matches("(include|require)(_once)?");
    }

    /**
     * {@code if (file_exists(X)) include X;} (braces optional): records a guarded include and
     * moves past it; otherwise leaves the position alone and returns false.
     */
    private boolean guardedInclude() {
        int start = i;
        i++;
        if (at("(") && peekIdent(1, "file_exists") && peek(2, "(")) {
            i += 3;
            Value guard = value(")");
            if (at(")") && peek(1, ")")) {
                i += 2;
                boolean braces = at("{");
                if (braces) {
                    i++;
                }
                if (i < toks.size() && isInclude(toks.get(i))) {
                    int line = lineOf(toks.get(i).start());
                    i++;
                    Value target = value(";");
                    if (at(";") && (!braces || peek(1, "}")) && guard.known().isPresent() && guard.equals(target)) {
                        i += braces ? 2 : 1;
                        includes.add(new Include(line, target, true));
                        return true;
                    }
                }
            }
        }
        i = start;
        return false;
    }

    private void assignment() {
        int start = i;
        String name = name(toks.get(i++));
        List<Object> path = new ArrayList<>();
        while (at("[")) {
            i++;
            if (at("]")) {
                i++;
                path.add(null); // $a[] = ...
                continue;
            }
            Value key = value("]");
            if (!at("]")) {
                i = start + 1;
                return;
            }
            i++;
            path.add(key);
        }
        if (!at("=")) {
            return;
        }
        modeledTargets.add(start);
        assignments.add(new Assignment(name, path.size(), 0, false));
        i++;
        Value value = value(";");
        if (at(";")) {
            i++;
        }
        set(name, path, value);
    }

    /** Stores a value under a variable and a key path; the tree holds PhpValue, Unknown and mutable maps. */
    @SuppressWarnings("unchecked")
    private void set(String name, List<Object> path, Value value) {
        Object v = thaw(value);
        if (path.isEmpty()) {
            variables.put(name, v);
            return;
        }
        Object root = thawArray(variables.get(name));
        if (root != null && !(root instanceof Map)) {
            return; // PHP changes (or fails on) a value this reader does not know: it stays unknown
        }
        if (root == null) {
            root = new LinkedHashMap<Object, Object>();
        }
        variables.put(name, root);
        Map<Object, Object> cur = (Map<Object, Object>) root;
        for (int k = 0; k < path.size(); k++) {
            Object key = path.get(k) == null ? new PhpValue.Int(nextIndex(cur)) : key((Value) path.get(k));
            if (k == path.size() - 1) {
                cur.put(key, v);
            } else {
                Object next = thawArray(cur.get(key));
                if (next != null && !(next instanceof Map)) {
                    cur.put(key, next instanceof Unknown u ? u : new Unknown(lineOf(toks.get(Math.max(0, i - 1)).start()),
                            "an array element set inside a value that is not an array"));
                    return;
                }
                if (next == null) {
                    next = new LinkedHashMap<Object, Object>();
                }
                cur.put(key, next);
                cur = (Map<Object, Object>) next;
            }
        }
    }

    private void defineCall() {
        i += 2; // define (
        Value name = value(",");
        if (!at(",")) {
            skipStatement();
            return;
        }
        i++;
        Value value = value(")");
        if (name.known().orElse(null) instanceof PhpValue.Str n && !defines.containsKey(n.text())) {
            defines.put(n.text(), value);
        }
        skipStatement();
    }

    private void skipStatement() {
        int d = 0;
        while (i < toks.size()) {
            Token t = toks.get(i++);
            if (t.is("(") || t.is("[") || t.is("{")) {
                d++;
            } else if (t.is(")") || t.is("]") || t.is("}")) {
                d--;
            } else if (t.is(";") && d <= 0) {
                return;
            }
        }
    }

    /** Every use of a watched variable that is not a modeled assignment, and constructs that may set any variable. */
    private void findUnmodeledUses() {
        for (int k = 0; k < toks.size(); k++) {
            Token t = toks.get(k);
            int line = lineOf(t.start());
            if (t.kind() == Kind.VARIABLE && watched.contains(name(t)) && !modeledTargets.contains(k)) {
                unmodeled.add(new Unmodeled(line, "a use of " + t.text() + " other than a plain '=' assignment"));
            } else if (t.kind() == Kind.VARIABLE && t.text().equals("$GLOBALS")) {
                unmodeled.add(new Unmodeled(line, "$GLOBALS, through which any variable may change"));
            } else if (t.kind() == Kind.OTHER && t.text().equals("$")) {
                unmodeled.add(new Unmodeled(line, "a variable variable ($$name)"));
            } else if (t.kind() == Kind.IDENT && k + 1 < toks.size() && toks.get(k + 1).is("(")
                    && t.text().toLowerCase(Locale.ROOT).matches("extract|eval|parse_str|mb_parse_str")) {
                String fq = k > 0 && toks.get(k - 1).is("\\") ? "\\" : "";
                unmodeled.add(new Unmodeled(line, fq + t.text() + "(), which may set any variable"));
            }
        }
    }

    // ------------------------------------------------------------------ values

    /**
     * The expression from here to the next {@code ;}, {@code ,}, {@code =>} or {@code close} outside
     * brackets: evaluated by the literal evaluator; an array that is not known in full is read
     * entry by entry; anything else unknown is explained. The position ends at the terminator.
     */
    private Value value(String close) {
        int from = i;
        int end = expressionEnd(from, close);
        i = end;
        List<Token> expr = toks.subList(from, end);
        int line = from < toks.size() ? lineOf(toks.get(Math.min(from, toks.size() - 1)).start()) : lineStarts.length;
        if (expr.isEmpty()) {
            return new Unknown(line, from >= toks.size() ? "the end of the file" : "an expression starting with '"
                    + toks.get(from).text() + "'");
        }
        // getenv() is left to the web server's environment: never read as false (no such variable)
        Optional<PhpValue> v = containsGetenv(expr) ? Optional.empty() : Evaluator.literal(expr, known);
        if (v.isPresent()) {
            return new Known(v.get());
        }
        int arrayEnd = arrayLiteralEnd(from);
        if (arrayEnd == end) {
            i = from + (toks.get(from).is("[") ? 1 : 2);
            Value a = arrayBody(toks.get(from).is("[") ? "]" : ")", line);
            i = end;
            return a;
        }
        return explain(from, end, line);
    }

    private static boolean containsGetenv(List<Token> expr) {
        return expr.stream().anyMatch(t -> t.isIdent("getenv"));
    }

    /** Where the expression starting at from ends: the first terminator outside brackets. */
    private int expressionEnd(int from, String close) {
        int d = 0;
        int k = from;
        while (k < toks.size()) {
            Token t = toks.get(k);
            if (d == 0 && (t.is(";") || t.is(",") || t.is("=>") || t.is(close))) {
                break;
            }
            if (t.is("(") || t.is("[") || t.is("{")) {
                d++;
            } else if (t.is(")") || t.is("]") || t.is("}")) {
                if (d == 0) {
                    break;
                }
                d--;
            }
            k++;
        }
        return k;
    }

    /** The index after the array literal ({@code array(...)} or {@code [...]}) starting at from, or -1. */
    private int arrayLiteralEnd(int from) {
        int open;
        if (toks.get(from).is("[")) {
            open = from;
        } else if (toks.get(from).isIdent("array") && from + 1 < toks.size() && toks.get(from + 1).is("(")) {
            open = from + 1;
        } else {
            return -1;
        }
        int c = closing(open);
        return c < toks.size() ? c + 1 : -1;
    }

    private int closing(int open) {
        int d = 0;
        for (int k = open; k < toks.size(); k++) {
            Token t = toks.get(k);
            if (t.is("(") || t.is("[") || t.is("{")) {
                d++;
            } else if ((t.is(")") || t.is("]") || t.is("}")) && --d == 0) {
                return k;
            }
        }
        return toks.size();
    }

    /** The entries of an array literal; i is after its opening token. Known keys are normalised as PHP does. */
    private Value arrayBody(String close, int line) {
        List<Entry> entries = new ArrayList<>();
        Map<Object, Integer> index = new java.util.HashMap<>();
        long next = 0;
        while (i < toks.size() && !at(close)) {
            Value first = value(close);
            Value key;
            Value val;
            if (at("=>")) {
                i++;
                key = first;
                val = value(close);
            } else {
                key = new Known(new PhpValue.Int(next));
                val = first;
            }
            Object k = key(key);
            if (k instanceof PhpValue.Int n && n.value() >= next) {
                next = n.value() + 1;
            }
            Value kv = k instanceof PhpValue p ? new Known(p) : (Unknown) k;
            Integer at = index.get(k);
            if (at != null) {
                entries.set(at, new Entry(kv, val));
            } else {
                index.put(k, entries.size());
                entries.add(new Entry(kv, val));
            }
            if (at(",")) {
                i++;
            } else if (!at(close)) {
                return new Unknown(line, "an array this reader cannot read");
            }
        }
        return new PartlyKnownArray(entries);
    }

    /** A key as PHP stores it (an int or a string PhpValue), or the Unknown that stands for it. */
    private static Object key(Value key) {
        if (key instanceof Unknown u) {
            return u;
        }
        Optional<PhpValue> k = key.known();
        if (k.isPresent() && !(k.get() instanceof PhpValue.Array) && !(k.get() instanceof PhpValue.Obj)) {
            return PhpValue.Array.key(k.get());
        }
        return new Unknown(0, "an array key that is not a string or an integer");
    }

    private static long nextIndex(Map<Object, Object> map) {
        long n = 0;
        for (Object k : map.keySet()) {
            if (k instanceof PhpValue.Int l && l.value() >= n) {
                n = l.value() + 1;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ explaining unknowns

    /**
     * Why the expression [from, end) is not a literal: the first term (of a {@code .} chain) that is
     * not known, followed by " in an expression with 'op'" when an operator other than {@code .}
     * comes after the chain.
     */
    private Value explain(int from, int end, int line) {
        Unknown first = null;
        boolean chainKnown = true;
        int k = from;
        while (true) {
            int termEnd = termEnd(k, end);
            if (termEnd <= k) {
                break;
            }
            List<Token> term = toks.subList(k, termEnd);
            if (containsGetenv(term) || Evaluator.literal(term, known).isEmpty()) {
                if (first == null) {
                    first = new Unknown(lineOf(toks.get(k).start()), reason(k, termEnd));
                }
                chainKnown = false;
            }
            k = termEnd;
            if (k < end && toks.get(k).is(".")) {
                k++;
                continue;
            }
            break;
        }
        if (k < end) {
            String op = toks.get(k).text();
            return new Unknown(line, (first != null ? first.what() + " in " : "") + "an expression with '" + op + "'");
        }
        if (first != null) {
            return first;
        }
        return new Unknown(line, chainKnown ? "a concatenation of a value that is not a string" : "an expression");
    }

    /** The end of the term starting at k (a literal, a name with its call or index brackets, a cast and its operand...). */
    private int termEnd(int k, int end) {
        if (k >= end) {
            return k;
        }
        Token t = toks.get(k);
        if ((t.is("-") || t.is("+")) && k + 1 < end && toks.get(k + 1).kind() == Kind.NUMBER) {
            return k + 2;
        }
        if (t.is("(") && k + 2 < end && toks.get(k + 1).kind() == Kind.IDENT && toks.get(k + 2).is(")")
                && CASTS.contains(toks.get(k + 1).text().toLowerCase(Locale.ROOT))) {
            return termEnd(k + 3, end);
        }
        if (t.is("!") || t.is("@") || t.is("\\")) {
            return termEnd(k + 1, end);
        }
        int e = k + 1;
        if (t.is("(") || t.is("[")) {
            e = Math.min(closing(k) + 1, end);
        } else if (t.isIdent("array") && e < end && toks.get(e).is("(")) {
            e = Math.min(closing(e) + 1, end);
        }
        while (e < end && (toks.get(e).is("(") || toks.get(e).is("[") || toks.get(e).is("->") || toks.get(e).is("::")
                || toks.get(e).is("\\"))) {
            if (toks.get(e).is("(") || toks.get(e).is("[")) {
                e = Math.min(closing(e) + 1, end);
            } else {
                e = Math.min(e + 2, end);
            }
        }
        return e;
    }

    /** What the unknown term [k, termEnd) is, in words. */
    private String reason(int k, int termEnd) {
        Token t = toks.get(k);
        switch (t.kind()) {
            case DOUBLE_QUOTED, HEREDOC -> {
                return "a string with a $variable inside, which PHP fills in at run time";
            }
            case VARIABLE -> {
                return "the variable " + t.text();
            }
            case NUMBER -> {
                return "the number " + t.text();
            }
            case IDENT -> {
                if (t.isIdent("array") && k + 1 < termEnd && toks.get(k + 1).is("(")) {
                    return "an array this reader cannot read";
                }
                if (k + 1 < termEnd && toks.get(k + 1).is("(")) {
                    return t.isIdent("getenv")
                            ? "getenv(), whose value the web server's environment decides (SetEnv, fastcgi_param)"
                            : "a call to " + t.text() + "()";
                }
                if (k + 1 < termEnd && toks.get(k + 1).is("::")) {
                    return "the class constant " + t.text() + "::" + (k + 2 < termEnd ? toks.get(k + 2).text() : "");
                }
                return t.isIdent("array") ? "an array this reader cannot read" : "the constant " + t.text();
            }
            case PUNCT -> {
                if (t.is("\\") && k + 1 < termEnd) {
                    return reason(k + 1, termEnd);
                }
                if (t.is("(") && k + 2 < termEnd && CASTS.contains(toks.get(k + 1).text().toLowerCase(Locale.ROOT))
                        && toks.get(k + 2).is(")")) {
                    return "a (" + toks.get(k + 1).text() + ") cast";
                }
                if (t.is("(")) {
                    int close = closing(k);
                    Value inner = explain(k + 1, Math.min(close, termEnd), lineOf(t.start()));
                    return inner instanceof Unknown u ? u.what() : "a bracketed expression";
                }
                return "an expression starting with '" + t.text() + "'";
            }
            default -> {
                return "an expression starting with '" + t.text() + "'";
            }
        }
    }

    // ------------------------------------------------------------------ the value tree

    /** The mutable form of a value: PhpValue (scalar), Unknown, or an ordered map of key to mutable value. */
    private static Object thaw(Value v) {
        if (v instanceof PartlyKnownArray p) {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (Entry e : p.all()) {
                m.put(e.key() instanceof Known kk ? kk.value() : e.key(), thaw(e.value()));
            }
            return m;
        }
        return v instanceof Known k ? thawArray(k.value()) : v;
    }

    /** A known array as a mutable map (so elements can be set into it); anything else as it is. */
    private static Object thawArray(Object v) {
        if (v instanceof PhpValue.Array a) {
            Map<Object, Object> m = new LinkedHashMap<>();
            a.entries().forEach((k, x) -> m.put(k, thawArray(x)));
            return m;
        }
        return v;
    }

    /** The public form of a mutable value: known in full when nothing inside is unknown. */
    @SuppressWarnings("unchecked")
    private static Value freeze(Object v) {
        if (v instanceof Unknown u) {
            return u;
        }
        if (v instanceof PhpValue p) {
            return new Known(p);
        }
        Map<Object, Object> m = (Map<Object, Object>) v;
        List<Entry> entries = new ArrayList<>();
        boolean allKnown = true;
        PhpValue.Array.Builder b = PhpValue.Array.builder();
        for (Map.Entry<Object, Object> e : m.entrySet()) {
            Value key = e.getKey() instanceof PhpValue p ? new Known(p) : (Unknown) e.getKey();
            Value val = freeze(e.getValue());
            entries.add(new Entry(key, val));
            if (key instanceof Known k && val instanceof Known x) {
                b.put(k.value(), x.value());
            } else {
                allKnown = false;
            }
        }
        return allKnown ? new Known(b.build()) : new PartlyKnownArray(entries);
    }
}
