package org.civiupgrade.drupal7.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;

/**
 * Reads the literal parts of a PHP configuration file without running PHP: assignments to
 * variables and array elements ({@code $databases['default']['default'] = array(...);}) and
 * {@code define('NAME', value)} calls, where the value is built from string (single-quoted,
 * double-quoted without interpolation, heredoc, nowdoc), number, boolean and null literals,
 * {@code array(...)}/{@code [...]} and {@code .} concatenation. Anything PHP computes (a
 * constant, a variable, a call, a cast, an operator, an interpolated string) is an
 * {@link Unknown} carrying its line, never a default. Comments are skipped; uses of
 * {@code $databases}/{@code $db_url}/{@code $db_prefix} other than plain assignments, and
 * {@code $GLOBALS}, {@code $$name}, {@code extract()}, {@code eval()}, {@code parse_str()} are
 * reported by {@link #unmodeled()}.
 */
public final class PhpSource {
    /**
     * A value that is not a literal (a function call, a constant, a variable, an interpolated
     * string, an operator...): PHP computes it at run time, so this reader does not know it.
     *
     * @param line 1-based line where it is written
     * @param what what it is, for an error message (never the value of a secret)
     */
    public record Unknown(int line, String what) {
        @Override
        public String toString() {
            return "<not a literal: " + what + ">";
        }
    }

    /**
     * An {@code include}/{@code require} statement.
     *
     * @param line    1-based line
     * @param target  the file it names when that is a literal (with {@code DRUPAL_ROOT},
     *                {@code __DIR__}, {@code conf_path()} resolved when known), else an {@link Unknown}
     * @param guarded written as {@code if (file_exists(X)) include X;}: does nothing when X does not exist
     */
    public record Include(int line, Object target, boolean guarded) {
    }

    /**
     * A use of a variable or construct this reader does not model but that may change the
     * variables it reads ({@code $GLOBALS}, a reference, {@code extract()}, {@code +=}...).
     *
     * @param line 1-based line
     * @param what what it is
     */
    public record Unmodeled(int line, String what) {
    }

    /** Variables whose every use must be a plain assignment this reader models. */
    private static final java.util.Set<String> WATCHED = java.util.Set.of("databases", "db_url", "db_prefix");

    private final List<Tok> toks;
    private int i;
    private final Map<String, Object> variables = new LinkedHashMap<>();
    private final Map<String, Object> defines = new LinkedHashMap<>();
    private final String text;
    private final List<Assignment> assignments = new ArrayList<>();
    private final List<Include> includes = new ArrayList<>();
    private final List<Unmodeled> unmodeled = new ArrayList<>();
    private final java.util.Set<Integer> modeledTargets = new java.util.HashSet<>();
    private final Map<String, String> known;
    private final int[] lineStarts;
    private int depth;

    /**
     * An assignment to a variable.
     *
     * @param variable    its name without {@code $}
     * @param keys        how many array keys it names ({@code $databases['default']['default']} has 2)
     * @param line        1-based line
     * @param conditional inside a block or after an {@code if (...)}, {@code else} or loop head: it may not run
     */
    public record Assignment(String variable, int keys, int line, boolean conditional) {
    }

    private PhpSource(List<Tok> toks, String text, Map<String, String> known) {
        this.toks = toks;
        this.text = text;
        this.known = Map.copyOf(known);
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int k = 0; k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                starts.add(k + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Parses a file's text, knowing no constant. */
    public static PhpSource parse(String text, String fileName) {
        return parse(text, fileName, Map.of());
    }

    /**
     * Parses a file's text.
     *
     * @param known values PHP gives for a web request to constants ({@code DRUPAL_ROOT},
     *              {@code __DIR__}, {@code __FILE__}) and to argument-less calls written with their
     *              parentheses ({@code conf_path()}); everything else that is not a literal is an {@link Unknown}
     */
    public static PhpSource parse(String text, String fileName, Map<String, String> known) {
        PhpSource s = new PhpSource(lex(text, fileName), text, known);
        s.run();
        s.findUnmodeledUses();
        return s;
    }

    /** Every use of a watched variable ($databases, $db_url, $db_prefix) that is not a modeled assignment. */
    private void findUnmodeledUses() {
        for (int k = 0; k < toks.size(); k++) {
            Tok t = toks.get(k);
            if (t.kind == Kind.VAR && WATCHED.contains(t.text) && !modeledTargets.contains(k)) {
                unmodeled.add(new Unmodeled(lineOf(t.pos), "a use of $" + t.text + " other than a plain '=' assignment"));
            } else if (t.kind == Kind.VAR && t.text.equals("GLOBALS")) {
                unmodeled.add(new Unmodeled(lineOf(t.pos), "$GLOBALS, through which any variable may change"));
            } else if (t.is("$")) {
                unmodeled.add(new Unmodeled(lineOf(t.pos), "a variable variable ($$name)"));
            } else if (t.kind == Kind.IDENT && k + 1 < toks.size() && toks.get(k + 1).is("(")
                    && t.text.toLowerCase(java.util.Locale.ROOT).matches("\\\\?(extract|eval|parse_str|mb_parse_str)")) {
                unmodeled.add(new Unmodeled(lineOf(t.pos), t.text + "(), which may set any variable"));
            }
        }
    }

    /**
     * Uses of {@code $databases}, {@code $db_url}, {@code $db_prefix} or of constructs that may
     * change any variable, which this reader does not model, in file order.
     */
    public List<Unmodeled> unmodeled() {
        return List.copyOf(unmodeled);
    }

    /** Every assignment to a top-level variable, in file order, conditional or not. */
    public List<Assignment> assignments(String variable) {
        return assignments.stream().filter(a -> a.variable().equals(variable)).toList();
    }

    /** The {@code include}/{@code require} statements, whose files this reader does not follow, in file order. */
    public List<Include> includes() {
        return List.copyOf(includes);
    }

    private int lineOf(int pos) {
        int k = java.util.Arrays.binarySearch(lineStarts, pos);
        return k >= 0 ? k + 1 : -k - 1;
    }

    private int line() {
        return i < toks.size() ? lineOf(toks.get(i).pos) : lineOf(text.length());
    }

    /** The final value of a top-level variable (without {@code $}), after every assignment in order. */
    public Optional<Object> variable(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /** The value given to a constant by {@code define()} (the first definition wins, as in PHP). */
    public Optional<Object> define(String name) {
        return Optional.ofNullable(defines.get(name));
    }

    // ------------------------------------------------------------------ statements

    private void run() {
        while (i < toks.size()) {
            Tok t = toks.get(i);
            if (t.kind == Kind.VAR) {
                Tok prev = i > 0 ? toks.get(i - 1) : null;
                boolean conditional = depth > 0 || (prev != null && (prev.is(")") || (prev.kind == Kind.IDENT
                        && (prev.text.equalsIgnoreCase("else") || prev.text.equalsIgnoreCase("do")))));
                int at = i;
                int before = assignments.size();
                assignment();
                if (assignments.size() > before) {
                    Assignment a = assignments.get(before);
                    assignments.set(before, new Assignment(a.variable(), a.keys(), lineOf(toks.get(at).pos), conditional));
                }
            } else if (t.is("{")) {
                depth++;
                i++;
            } else if (t.is("}")) {
                depth = Math.max(0, depth - 1);
                i++;
            } else if (isInclude(t)) {
                int line = lineOf(t.pos);
                i++;
                includes.add(new Include(line, expr(), false));
            } else if (t.kind == Kind.IDENT && t.text.equalsIgnoreCase("if") && guardedInclude()) {
                continue;
            } else if (t.kind == Kind.IDENT && t.text.equalsIgnoreCase("define") && peek(1, "(")) {
                defineCall();
            } else {
                i++;
            }
        }
    }

    private static boolean isInclude(Tok t) {
        return t.kind == Kind.IDENT && t.text.toLowerCase(java.util.Locale.ROOT).matches("(include|require)(_once)?");
    }

    /**
     * {@code if (file_exists(X)) include X;} (braces optional): records a guarded include and
     * moves past it; otherwise leaves the position alone and returns false.
     */
    private boolean guardedInclude() {
        int start = i;
        int line;
        Object guard;
        Object target;
        boolean braces = false;
        i++;
        if (at("(") && peekIdent(1, "file_exists") && peek(2, "(")) {
            i += 3;
            guard = expr();
            if (at(")") && peek(1, ")")) {
                i += 2;
                if (at("{")) {
                    braces = true;
                    i++;
                }
                if (i < toks.size() && isInclude(toks.get(i))) {
                    line = lineOf(toks.get(i).pos);
                    i++;
                    target = expr();
                    if (at(";") && (!braces || peek(1, "}")) && guard instanceof String g && g.equals(target)) {
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

    private boolean peekIdent(int ahead, String name) {
        return i + ahead < toks.size() && toks.get(i + ahead).kind == Kind.IDENT && toks.get(i + ahead).text.equalsIgnoreCase(name);
    }

    private void assignment() {
        int start = i;
        String name = toks.get(i++).text;
        List<Object> path = new ArrayList<>();
        while (at("[")) {
            i++;
            if (at("]")) {
                i++;
                path.add(null); // $a[] = ...
                continue;
            }
            Object key = expr();
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
        Object value = value(";");
        if (at(";")) {
            i++;
        }
        set(name, path, value);
    }

    @SuppressWarnings("unchecked")
    private void set(String name, List<Object> path, Object value) {
        if (path.isEmpty()) {
            variables.put(name, value);
            return;
        }
        Object root = variables.get(name);
        if (root instanceof Unknown || (root != null && !(root instanceof Map))) {
            return; // PHP changes (or fails on) a value this reader does not know: it stays unknown
        }
        if (root == null) {
            root = new LinkedHashMap<Object, Object>();
            variables.put(name, root);
        }
        Map<Object, Object> cur = (Map<Object, Object>) root;
        for (int k = 0; k < path.size(); k++) {
            Object key = path.get(k) == null ? nextIndex(cur) : normaliseKey(path.get(k));
            if (k == path.size() - 1) {
                cur.put(key, value);
            } else {
                Object next = cur.get(key);
                if (next != null && !(next instanceof Map)) {
                    cur.put(key, next instanceof Unknown u ? u : new Unknown(lineOf(toks.get(Math.max(0, i - 1)).pos),
                            "an array element set inside a value that is not an array"));
                    return;
                }
                if (next == null) {
                    next = new LinkedHashMap<Object, Object>();
                    cur.put(key, next);
                }
                cur = (Map<Object, Object>) next;
            }
        }
    }

    private void defineCall() {
        i += 2; // define (
        Object name = expr();
        if (!at(",")) {
            skipStatement();
            return;
        }
        i++;
        Object value = expr();
        if (name instanceof String n && !defines.containsKey(n)) {
            defines.put(n, value);
        }
        skipStatement();
    }

    private void skipStatement() {
        int depth = 0;
        while (i < toks.size()) {
            Tok t = toks.get(i++);
            if (t.is("(") || t.is("[") || t.is("{")) {
                depth++;
            } else if (t.is(")") || t.is("]") || t.is("}")) {
                depth--;
            } else if (t.is(";") && depth <= 0) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ expressions

    /**
     * A whole expression ending at {@code ;}, {@code ,} or {@code close}: its value when it is a
     * literal, else an {@link Unknown} (the parse moves to the end of the expression either way,
     * so later array entries are still read).
     */
    private Object value(String close) {
        int line = line();
        Object v = expr();
        if (i < toks.size() && !at(";") && !at(",") && !at("=>") && !at(close)) {
            String op = toks.get(i).text;
            v = new Unknown(line, (v instanceof Unknown u ? u.what() + " in " : "") + "an expression with '" + op + "'");
            int d = 0;
            while (i < toks.size()) {
                Tok t = toks.get(i);
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
                i++;
            }
        }
        return v;
    }

    private Object expr() {
        Object v = term();
        while (at(".")) {
            i++;
            Object r = term();
            if (v instanceof Unknown) {
                continue;
            }
            v = r instanceof Unknown ? r : (v instanceof String || v instanceof Long) && (r instanceof String || r instanceof Long)
                    ? String.valueOf(v) + r : new Unknown(line(), "a concatenation of a value that is not a string");
        }
        return v;
    }

    private Object term() {
        if (i >= toks.size()) {
            return new Unknown(line(), "the end of the file");
        }
        Tok t = toks.get(i);
        int line = lineOf(t.pos);
        switch (t.kind) {
            case STRING -> {
                i++;
                return t.text;
            }
            case INTERP -> {
                i++;
                return new Unknown(line, "a string with " + t.text + " inside, which PHP fills in at run time");
            }
            case VAR -> {
                i++;
                return new Unknown(line, "the variable $" + t.text);
            }
            case NUMBER -> {
                i++;
                try {
                    return Long.parseLong(t.text);
                } catch (NumberFormatException e) {
                    return new Unknown(line, "the number " + t.text);
                }
            }
            case IDENT -> {
                String w = t.text.toLowerCase(java.util.Locale.ROOT);
                if (w.equals("true") || w.equals("false")) {
                    i++;
                    return Boolean.valueOf(w.equals("true"));
                }
                if (w.equals("null")) {
                    i++;
                    return null;
                }
                if (w.equals("array") && peek(1, "(")) {
                    i += 2;
                    return arrayBody(")");
                }
                i++;
                if (at("(")) { // a function call: skip its arguments
                    if (peek(1, ")") && known.containsKey(t.text + "()")) {
                        i += 2;
                        return known.get(t.text + "()");
                    }
                    skipBalanced();
                    return new Unknown(line, w.equals("getenv")
                            ? "getenv(), whose value the web server's environment decides (SetEnv, fastcgi_param)"
                            : "a call to " + t.text + "()");
                }
                if (known.containsKey(t.text)) {
                    return known.get(t.text);
                }
                return new Unknown(line, "the constant " + t.text);
            }
            case PUNCT -> {
                if (t.is("[")) {
                    i++;
                    return arrayBody("]");
                }
                if (t.is("-") && i + 1 < toks.size() && toks.get(i + 1).kind == Kind.NUMBER) {
                    i++;
                    Object n = term();
                    return n instanceof Long l ? (Object) (-l) : new Unknown(line, "a negative number");
                }
                if (t.is("(") && peek(2, ")") && toks.get(i + 1).kind == Kind.IDENT && toks.get(i + 1).text.toLowerCase(
                        java.util.Locale.ROOT).matches("int|integer|bool|boolean|float|double|real|string|binary|array|object|unset")) {
                    String cast = toks.get(i + 1).text;
                    i += 3;
                    term();
                    return new Unknown(line, "a (" + cast + ") cast");
                }
                if (t.is("(")) {
                    i++;
                    Object v = value(")");
                    if (at(")")) {
                        i++;
                    } else {
                        return new Unknown(line, "a bracketed expression");
                    }
                    return v;
                }
                return new Unknown(line, "an expression starting with '" + t.text + "'");
            }
            default -> {
                i++;
                return new Unknown(line, "an expression");
            }
        }
    }

    private void skipBalanced() {
        int depth = 0;
        do {
            Tok t = toks.get(i++);
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            }
        } while (depth > 0 && i < toks.size());
    }

    private Object arrayBody(String close) {
        int line = line();
        Map<Object, Object> map = new LinkedHashMap<>();
        while (i < toks.size() && !at(close)) {
            Object first = value(close);
            if (at("=>")) {
                i++;
                Object v = value(close);
                map.put(normaliseKey(first), v);
            } else {
                map.put(nextIndex(map), first);
            }
            if (at(",")) {
                i++;
            } else if (!at(close)) {
                // not an array this reader understands: skip it whole
                while (i < toks.size() && !at(close) && !at(";")) {
                    i++;
                }
                if (at(close)) {
                    i++;
                }
                return new Unknown(line, "an array this reader cannot read");
            }
        }
        if (i < toks.size()) {
            i++;
        }
        return map;
    }

    private static Object normaliseKey(Object key) {
        if (key instanceof Long || key instanceof String || key instanceof Unknown) {
            return key instanceof String s && s.matches("0|-?[1-9][0-9]{0,17}") ? (Object) Long.parseLong(s) : key;
        }
        if (key == null) {
            return "";
        }
        if (key instanceof String s && s.matches("0|-?[1-9][0-9]{0,17}")) {
            return Long.parseLong(s);
        }
        if (key instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        return new Unknown(0, "an array key that is not a string or an integer");
    }

    private static long nextIndex(Map<Object, Object> map) {
        long n = 0;
        for (Object k : map.keySet()) {
            if (k instanceof Long l && l >= n) {
                n = l + 1;
            }
        }
        return n;
    }

    private boolean at(String p) {
        return i < toks.size() && toks.get(i).is(p);
    }

    private boolean peek(int ahead, String p) {
        return i + ahead < toks.size() && toks.get(i + ahead).is(p);
    }

    // ------------------------------------------------------------------ lexer

    /** INTERP: a double-quoted string or heredoc with a variable inside (its text says which). */
    private enum Kind { VAR, IDENT, STRING, INTERP, NUMBER, PUNCT }

    private record Tok(Kind kind, String text, int pos) {
        boolean is(String p) {
            return kind == Kind.PUNCT && text.equals(p);
        }
    }

    private static List<Tok> lex(String s, String fileName) {
        List<Tok> out = new ArrayList<>();
        int p = 0;
        int n = s.length();
        boolean inPhp = false;
        while (p < n) {
            if (!inPhp) {
                int open = s.indexOf("<?", p);
                if (open < 0) {
                    break;
                }
                p = open + (s.regionMatches(true, open, "<?php", 0, 5) ? 5 : 2);
                inPhp = true;
                continue;
            }
            char c = s.charAt(p);
            if (Character.isWhitespace(c)) {
                p++;
            } else if (c == '?' && p + 1 < n && s.charAt(p + 1) == '>') {
                inPhp = false;
                p += 2;
                out.add(new Tok(Kind.PUNCT, ";", p));
            } else if (c == '#' || (c == '/' && p + 1 < n && s.charAt(p + 1) == '/')) {
                while (p < n && s.charAt(p) != '\n' && !(s.startsWith("?>", p))) {
                    p++;
                }
            } else if (c == '/' && p + 1 < n && s.charAt(p + 1) == '*') {
                int end = s.indexOf("*/", p + 2);
                p = end < 0 ? n : end + 2;
            } else if (c == '$' && p + 1 < n && isIdentStart(s.charAt(p + 1))) {
                int q = p + 1;
                while (q < n && isIdentPart(s.charAt(q))) {
                    q++;
                }
                out.add(new Tok(Kind.VAR, s.substring(p + 1, q), p));
                p = q;
            } else if (isIdentStart(c) || c == '\\') {
                int q = p;
                while (q < n && (isIdentPart(s.charAt(q)) || s.charAt(q) == '\\')) {
                    q++;
                }
                out.add(new Tok(Kind.IDENT, s.substring(p, q), p));
                p = q;
            } else if (Character.isDigit(c)) {
                int q = p;
                while (q < n && (Character.isLetterOrDigit(s.charAt(q)) || s.charAt(q) == '.')) {
                    q++;
                }
                out.add(new Tok(Kind.NUMBER, s.substring(p, q), p));
                p = q;
            } else if (c == '\'') {
                StringBuilder sb = new StringBuilder();
                int q = p + 1;
                while (true) {
                    if (q >= n) {
                        throw unterminated(fileName, s, p);
                    }
                    char d = s.charAt(q);
                    if (d == '\\' && q + 1 < n && (s.charAt(q + 1) == '\'' || s.charAt(q + 1) == '\\')) {
                        sb.append(s.charAt(q + 1));
                        q += 2;
                    } else if (d == '\'') {
                        break;
                    } else {
                        sb.append(d);
                        q++;
                    }
                }
                out.add(new Tok(Kind.STRING, sb.toString(), p));
                p = q + 1;
            } else if (c == '"') {
                int q = p + 1;
                while (q < n && s.charAt(q) != '"') {
                    q += s.charAt(q) == '\\' ? 2 : 1;
                }
                if (q >= n) {
                    throw unterminated(fileName, s, p);
                }
                out.add(doubleQuoted(s.substring(p + 1, q), p));
                p = q + 1;
            } else if (s.startsWith("<<<", p)) {
                p = heredoc(s, p, fileName, out);
            } else if (s.startsWith("=>", p)) {
                out.add(new Tok(Kind.PUNCT, "=>", p));
                p += 2;
            } else if (s.startsWith("==", p) || s.startsWith("!=", p) || s.startsWith(".=", p) || s.startsWith("->", p)
                    || s.startsWith("::", p)) {
                out.add(new Tok(Kind.PUNCT, s.substring(p, p + 2), p));
                p += 2;
            } else {
                out.add(new Tok(Kind.PUNCT, String.valueOf(c), p));
                p++;
            }
        }
        return out;
    }

    /**
     * A heredoc ({@code <<<EOT}, {@code <<<"EOT"}) or nowdoc ({@code <<<'EOT'}) starting at
     * {@code p}: adds its token and returns the position after the closing marker. The closing
     * marker may be indented (PHP 7.3+); that indentation is removed from every body line.
     */
    private static int heredoc(String s, int p, String fileName, List<Tok> out) {
        int q = p + 3;
        while (q < s.length() && (s.charAt(q) == ' ' || s.charAt(q) == '\t')) {
            q++;
        }
        char quote = q < s.length() && (s.charAt(q) == '\'' || s.charAt(q) == '"') ? s.charAt(q) : 0;
        if (quote != 0) {
            q++;
        }
        int idStart = q;
        while (q < s.length() && isIdentPart(s.charAt(q))) {
            q++;
        }
        String id = s.substring(idStart, q);
        if (id.isEmpty() || (quote != 0 && (q >= s.length() || s.charAt(q) != quote))) {
            throw unterminated(fileName, s, p);
        }
        if (quote != 0) {
            q++;
        }
        int nl = s.indexOf('\n', q);
        if (nl < 0) {
            throw unterminated(fileName, s, p);
        }
        int bodyStart = nl + 1;
        int lineStart = bodyStart;
        while (lineStart <= s.length()) {
            int k = lineStart;
            while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
                k++;
            }
            if (s.startsWith(id, k) && (k + id.length() >= s.length() || !isIdentPart(s.charAt(k + id.length())))) {
                String indent = s.substring(lineStart, k);
                String body = bodyStart >= lineStart ? "" : s.substring(bodyStart, lineStart - 1);
                if (body.endsWith("\r")) {
                    body = body.substring(0, body.length() - 1);
                }
                List<String> lines = new ArrayList<>();
                for (String bodyLine : body.split("\n", -1)) {
                    lines.add(bodyLine.startsWith(indent) ? bodyLine.substring(indent.length()) : bodyLine);
                }
                String raw = body.isEmpty() ? "" : String.join("\n", lines);
                out.add(quote == '\'' ? new Tok(Kind.STRING, raw, p) : doubleQuoted(raw, p));
                return k + id.length();
            }
            int next = s.indexOf('\n', lineStart);
            if (next < 0) {
                break;
            }
            lineStart = next + 1;
        }
        throw unterminated(fileName, s, p);
    }

    /**
     * The token of a double-quoted string's (or heredoc's) body: a STRING with PHP's escapes
     * applied, or an INTERP when a {@code $variable}, {@code ${...}} or {@code {$...}} is inside or
     * an escape makes a byte that is not ASCII.
     */
    private static Tok doubleQuoted(String body, int pos) {
        StringBuilder sb = new StringBuilder();
        int n = body.length();
        for (int q = 0; q < n; q++) {
            char d = body.charAt(q);
            if (d == '$' && q + 1 < n && (isIdentStart(body.charAt(q + 1)) || body.charAt(q + 1) == '{')) {
                return new Tok(Kind.INTERP, "a $variable", pos);
            }
            if (d != '\\' || q + 1 >= n) {
                sb.append(d);
                continue;
            }
            char e = body.charAt(q + 1);
            int consumed = 1;
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'v' -> sb.append('\u000b');
                case 'f' -> sb.append('\f');
                case 'e' -> sb.append('\u001b');
                case '\\', '"', '$' -> sb.append(e);
                case 'x' -> {
                    int k = q + 2;
                    while (k < n && k < q + 4 && Character.digit(body.charAt(k), 16) >= 0) {
                        k++;
                    }
                    if (k == q + 2) {
                        sb.append("\\x");
                    } else {
                        int b = Integer.parseInt(body.substring(q + 2, k), 16);
                        if (b >= 0x80) {
                            return new Tok(Kind.INTERP, "an escape for a byte that is not ASCII", pos);
                        }
                        sb.append((char) b);
                        consumed = k - q - 1;
                    }
                }
                case 'u' -> {
                    int close = body.indexOf('}', q);
                    if (q + 2 < n && body.charAt(q + 2) == '{' && close > q + 3
                            && body.substring(q + 3, close).matches("[0-9A-Fa-f]{1,6}")) {
                        sb.appendCodePoint(Integer.parseInt(body.substring(q + 3, close), 16));
                        consumed = close - q;
                    } else {
                        sb.append("\\u");
                    }
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int k = q + 1;
                        while (k < n && k < q + 4 && body.charAt(k) >= '0' && body.charAt(k) <= '7') {
                            k++;
                        }
                        int b = Integer.parseInt(body.substring(q + 1, k), 8) & 0xFF;
                        if (b >= 0x80) {
                            return new Tok(Kind.INTERP, "an escape for a byte that is not ASCII", pos);
                        }
                        sb.append((char) b);
                        consumed = k - q - 1;
                    } else {
                        sb.append('\\').append(e);
                    }
                }
            }
            q += consumed;
        }
        return new Tok(Kind.STRING, sb.toString(), pos);
    }

    private static UpgradeException unterminated(String fileName, String s, int at) {
        int line = 1;
        for (int k = 0; k < at; k++) {
            if (s.charAt(k) == '\n') {
                line++;
            }
        }
        return new UpgradeException(ErrorCode.SITE_INVALID, fileName + " line " + line + ": a string is never closed.",
                "Fix the quoting in " + fileName + " at line " + line + "; PHP cannot read this file either.", null);
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_' || c >= 0x80;
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c >= 0x80;
    }
}
