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
 * {@code define('NAME', value)} calls, where the value is built from string, number, boolean
 * and null literals, {@code array(...)}/{@code [...]} and {@code .} concatenation. Comments
 * are skipped; anything else (function calls, conditions) is passed over.
 */
public final class PhpSource {
    /** A value that is not a literal (a function call, a constant...). */
    public static final Object UNKNOWN = new Object() {
        @Override
        public String toString() {
            return "<not a literal>";
        }
    };

    private final List<Tok> toks;
    private int i;
    private final Map<String, Object> variables = new LinkedHashMap<>();
    private final Map<String, Object> defines = new LinkedHashMap<>();
    private final String text;
    private final List<Assignment> assignments = new ArrayList<>();
    private final List<Integer> includes = new ArrayList<>();
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

    private PhpSource(List<Tok> toks, String text) {
        this.toks = toks;
        this.text = text;
    }

    /** Parses a file's text. */
    public static PhpSource parse(String text, String fileName) {
        PhpSource s = new PhpSource(lex(text, fileName), text);
        s.run();
        return s;
    }

    /** Every assignment to a top-level variable, in file order, conditional or not. */
    public List<Assignment> assignments(String variable) {
        return assignments.stream().filter(a -> a.variable().equals(variable)).toList();
    }

    /** Lines of {@code include}/{@code require} statements, whose files this reader does not follow. */
    public List<Integer> includes() {
        return List.copyOf(includes);
    }

    private int lineOf(int pos) {
        int line = 1;
        for (int k = 0; k < pos && k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
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
            } else if (t.kind == Kind.IDENT && t.text.toLowerCase(java.util.Locale.ROOT).matches("(include|require)(_once)?")) {
                includes.add(lineOf(t.pos));
                i++;
            } else if (t.kind == Kind.IDENT && t.text.equalsIgnoreCase("define") && peek(1, "(")) {
                defineCall();
            } else {
                i++;
            }
        }
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
        if (!at("=") ) {
            return;
        }
        assignments.add(new Assignment(name, path.size(), 0, false));
        i++;
        Object value = expr();
        if (!at(";")) {
            skipStatement();
            value = UNKNOWN;
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
        if (!(root instanceof Map)) {
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
                if (!(next instanceof Map)) {
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

    private Object expr() {
        Object v = term();
        while (at(".")) {
            i++;
            Object r = term();
            v = (v instanceof String || v instanceof Long) && (r instanceof String || r instanceof Long)
                    ? String.valueOf(v) + r : UNKNOWN;
        }
        return v;
    }

    private Object term() {
        if (i >= toks.size()) {
            return UNKNOWN;
        }
        Tok t = toks.get(i);
        switch (t.kind) {
            case STRING -> {
                i++;
                return t.text;
            }
            case NUMBER -> {
                i++;
                try {
                    return Long.parseLong(t.text);
                } catch (NumberFormatException e) {
                    return t.text;
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
                    skipBalanced();
                }
                return UNKNOWN;
            }
            case PUNCT -> {
                if (t.is("[")) {
                    i++;
                    return arrayBody("]");
                }
                if (t.is("-") && i + 1 < toks.size() && toks.get(i + 1).kind == Kind.NUMBER) {
                    i++;
                    Object n = term();
                    return n instanceof Long l ? -l : UNKNOWN;
                }
                if (t.is("(")) {
                    i++;
                    Object v = expr();
                    if (at(")")) {
                        i++;
                    }
                    return v;
                }
                return UNKNOWN;
            }
            default -> {
                i++;
                return UNKNOWN;
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

    private Map<Object, Object> arrayBody(String close) {
        Map<Object, Object> map = new LinkedHashMap<>();
        while (i < toks.size() && !at(close)) {
            Object first = expr();
            if (at("=>")) {
                i++;
                Object v = expr();
                map.put(normaliseKey(first), v);
            } else {
                map.put(nextIndex(map), first);
            }
            if (at(",")) {
                i++;
            } else if (!at(close)) {
                // something we do not understand: give up on this array, keep scanning
                while (i < toks.size() && !at(close)) {
                    i++;
                }
            }
        }
        if (i < toks.size()) {
            i++;
        }
        return map;
    }

    private static Object normaliseKey(Object key) {
        if (key instanceof String s && s.matches("0|-?[1-9][0-9]{0,17}")) {
            return Long.parseLong(s);
        }
        if (key instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        return key;
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

    private enum Kind { VAR, IDENT, STRING, NUMBER, PUNCT }

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
                StringBuilder sb = new StringBuilder();
                int q = p + 1;
                while (true) {
                    if (q >= n) {
                        throw unterminated(fileName, s, p);
                    }
                    char d = s.charAt(q);
                    if (d == '\\' && q + 1 < n) {
                        char e = s.charAt(q + 1);
                        switch (e) {
                            case 'n' -> sb.append('\n');
                            case 't' -> sb.append('\t');
                            case 'r' -> sb.append('\r');
                            case 'v' -> sb.append('\u000b');
                            case 'f' -> sb.append('\f');
                            case 'e' -> sb.append('\u001b');
                            case '0' -> sb.append('\0');
                            case '\\', '"', '$' -> sb.append(e);
                            default -> sb.append('\\').append(e);
                        }
                        q += 2;
                    } else if (d == '"') {
                        break;
                    } else {
                        sb.append(d);
                        q++;
                    }
                }
                out.add(new Tok(Kind.STRING, sb.toString(), p));
                p = q + 1;
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
