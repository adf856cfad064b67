package org.civiupgrade.settings.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civiupgrade.settings.Definition;
import org.civiupgrade.settings.Definition.State;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.settings.SourceSpan;
import org.civiupgrade.settings.internal.ParsedSettings.Problem;
import org.civiupgrade.settings.internal.ParsedSettings.Statement;
import org.civiupgrade.settings.internal.ParsedSettings.Type;
import org.civiupgrade.php.internal.Evaluator;
import org.civiupgrade.php.internal.PhpTokenizer;
import org.civiupgrade.php.internal.Token;
import org.civiupgrade.php.internal.Token.Kind;
import org.civiupgrade.php.internal.Tri;

/**
 * Reads the statements of a {@code civicrm.settings.php}: defines (plain or wrapped in
 * {@code if (!defined(...))}, with or without braces), {@code global}, assignments,
 * {@code require_once}, calls and control blocks. It never fails: what it does not understand is
 * kept as a statement of type {@link Type#OTHER} and listed as a problem.
 *
 * <p>It resolves what PHP would define for a normal web request: {@code if}/{@code elseif}/
 * {@code else} chains (braces, single statements or {@code if (...): ... endif;}) whose conditions
 * the {@link Evaluator} can decide from constants already known are followed like PHP follows them;
 * defines in a branch not taken are {@link State#NOT_TAKEN}; the first define of a constant wins
 * and later ones are {@link State#SHADOWED}; what depends on run time (other function calls,
 * variables) is {@link State#CONDITIONAL}, never guessed. Request assumptions: no {@code CIVICRM_*}
 * constant exists before the file runs, no environment variable is set, {@code $GLOBALS['_CV']}
 * is unset. A statement that always ends the file ({@code exit}, {@code die}, {@code return},
 * {@code throw}) makes what follows not taken; under a run-time condition it is taken to be
 * skipped, since a request that goes on to use CiviCRM did not stop there. Loops, {@code switch}
 * and function bodies are conditional.
 */
public final class SettingsParser {
    private static final Pattern IN_COMMENT = Pattern.compile(
            "define\\s*\\(|\\$civicrm_(?:root|setting|paths)\\s*[\\[=]");
    private static final Map<String, PhpValue> PREDEFINED = Map.of(
            "PATH_SEPARATOR", PhpValue.Str.of(":"),
            "DIRECTORY_SEPARATOR", PhpValue.Str.of("/"),
            "PHP_EOL", PhpValue.Str.of("\n"));

    private final String src;
    private final int base;
    private final int[] lineStarts;
    private final List<Token> tokens;
    private final List<Token> sig = new ArrayList<>();
    private final List<Definition> definitions = new ArrayList<>();
    private final List<Statement> statements = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final ConstantTable constants;
    /** Constants whose definition differs per request, with the reason. */
    private final Map<String, String> perRequest = new LinkedHashMap<>();
    /** Variables assigned from something that differs per request. */
    private final java.util.Set<String> requestVars = new java.util.HashSet<>();
    /** Above zero inside a branch whose condition differs per request. */
    private int requestDepth;
    /** Why everything from here on differs per request (a stop or include under such a branch), or null. */
    private String requestSince;
    /** True once a namespace statement was read. */
    private boolean namespaced;
    /** The first statement that may define any constant, or null. */
    private String opaqueReason;
    /** True once a statement that always runs ended the file (exit, die, return, throw). */
    private boolean stopped;
    private final Map<String, Integer> lastAssignment = new HashMap<>();
    private final boolean commented;

    private SettingsParser(String src, int base, int[] lineStarts, boolean commented, Map<String, PhpValue> initial) {
        Map<String, PhpValue> start = new HashMap<>(PREDEFINED);
        start.putAll(initial);
        this.constants = new ConstantTable(start);
        this.src = src;
        this.base = base;
        this.lineStarts = lineStarts;
        this.commented = commented;
        this.tokens = PhpTokenizer.tokenize(src);
        for (Token t : tokens) {
            if (!t.trivia()) {
                sig.add(t);
            }
        }
    }

    /** Parses a whole file given as ISO-8859-1 text (one char per byte). */
    public static ParsedSettings parse(String latin1) {
        return parse(latin1, Map.of());
    }

    /**
     * Parses a whole file given as ISO-8859-1 text, with constants the request has already defined
     * with known values ({@code DRUPAL_ROOT}, the magic {@code __DIR__} and {@code __FILE__}).
     * Never throws on any input: a fault of the reader itself becomes a problem and the file is
     * read as defining nothing (so every define is reported missing, never guessed).
     */
    public static ParsedSettings parse(String latin1, Map<String, PhpValue> known) {
        int[] starts = lineStarts(latin1);
        try {
            SettingsParser p = new SettingsParser(latin1, 0, starts, false, known);
            p.run();
            p.commentedDefinitions();
            p.definitions.sort((a, b) -> Integer.compare(a.span().start(), b.span().start()));
            return new ParsedSettings(List.copyOf(p.tokens), List.copyOf(p.definitions), List.copyOf(p.statements),
                    List.copyOf(p.problems), p.perRequest,
                    p.opaqueReason == null ? "" : p.opaqueReason);
        } catch (RuntimeException e) {
            List<Token> whole = List.of(new Token(Kind.OTHER, 0, latin1.length(), latin1, true));
            return new ParsedSettings(whole, List.of(), List.of(),
                    List.of(new Problem(0, latin1.length(), 1, "the reader could not follow this file ("
                            + e.getClass().getSimpleName() + "); nothing in it is read")), Map.of(),
                    "line 1 is where the reader stopped following the file");
        }
    }

    private static int[] lineStarts(String s) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private int line(int offset) {
        int idx = Arrays.binarySearch(lineStarts, base + offset);
        return idx >= 0 ? idx + 1 : -idx - 1;
    }

    private SourceSpan span(int start, int end) {
        return new SourceSpan(base + start, base + end, line(start));
    }

    private void run() {
        int i = 0;
        while (i < sig.size()) {
            Token t = sig.get(i);
            if (t.kind() == Kind.OPEN_TAG || t.kind() == Kind.CLOSE_TAG) {
                i++;
            } else if (t.kind() == Kind.INLINE_HTML) {
                if (!t.text().isBlank() && !commented) {
                    problem(t.start(), t.end(), "text outside the PHP tags is printed on every page");
                }
                i++;
            } else if (t.kind() == Kind.HALTED_DATA) {
                i++;
            } else if (t.is("}") || t.is(")") || t.is("]")) {
                if (!commented) {
                    problem(t.start(), t.end(), "closing bracket without an opening one");
                }
                i++;
            } else {
                i = Math.max(statement(i, Reach.ALWAYS, true), i + 1);
            }
        }
        for (Token t : tokens) {
            if (t.broken() && !commented) {
                problem(t.start(), t.end(), "unterminated " + (t.kind() == Kind.BLOCK_COMMENT ? "comment" : "string"));
            }
            if (t.kind() == Kind.DOUBLE_QUOTED && !commented && Evaluator.badUnicodeEscape(t.text())) {
                problem(t.start(), t.end(), "invalid \\u{...} escape: PHP refuses to compile this file");
            }
        }
    }

    private void problem(int start, int end, String message) {
        problems.add(new Problem(base + start, base + end, line(start), message));
    }

    /** Parses one statement starting at sig index i; returns the index after it. */
    private int statement(int i, Reach reachIn, boolean top) {
        Reach reach = stopped ? Reach.NEVER : reachIn;
        Token t = sig.get(i);
        if (t.is("}") || t.is(")") || t.is("]")) {
            return i + 1;
        }
        if (t.is(";")) {
            return i + 1;
        }
        if (t.is("{")) {
            int close = matching(i);
            block(i + 1, close, reach);
            return Math.min(close + 1, sig.size());
        }
        if ((t.is("\\") || t.is("@")) && i + 1 < sig.size() && sig.get(i + 1).isIdent("define") && peek(i + 2, "(")) {
            return define(i + 1, reach, top, -1, -1); // \define(...) and @define(...) are define(...)
        }
        if (t.is("@") && i + 1 < sig.size()) {
            return statement(i + 1, reachIn, top);
        }
        if (t.kind() == Kind.IDENT) {
            String w = t.text().toLowerCase(java.util.Locale.ROOT);
            if (w.equals("__halt_compiler")) {
                stopped = true; // PHP compiles nothing after it
                return sig.size();
            }
            if (w.equals("define") && peek(i + 1, "(")) {
                return define(i, reach, top, -1, -1);
            }
            if (w.equals("defined") && peek(i + 1, "(")) {
                int[] idiom = orDefine(i);
                if (idiom != null) {
                    return define(idiom[0], reach, top, i, idiom[1]);
                }
            }
            if (w.equals("namespace") && !peek(i + 1, "(") && !peek(i + 1, "\\")) {
                namespaced = true;
                int end = endOfSimple(i);
                addStatement(top, Type.OTHER, i, end, List.of());
                return next(end);
            }
            if (w.equals("const") && i + 1 < sig.size() && sig.get(i + 1).kind() == Kind.IDENT) {
                return constDeclaration(i, reach, top);
            }
            if (w.equals("function") && i + 1 < sig.size() && sig.get(i + 1).kind() == Kind.IDENT) {
                return control(i, Reach.NEVER, top); // a declaration: its body runs only when called
            }
            if (w.equals("if") && peek(i + 1, "(")) {
                int[] wrapped = wrappedDefine(i);
                if (wrapped != null) {
                    return define(wrapped[0], reach, top, i, wrapped[1]);
                }
                return ifChain(i, reach, top);
            }
            if (w.equals("if") || w.equals("elseif") || w.equals("while") || w.equals("for") || w.equals("foreach")
                    || w.equals("switch") || w.equals("function") || w.equals("else") || w.equals("do")) {
                return control(i, reach == Reach.NEVER ? Reach.NEVER : Reach.MAYBE, top);
            }
            if (w.equals("throw") || w.equals("exit") || w.equals("die") || w.equals("return")) {
                int end = endOfSimple(i);
                int from = i + 1;
                if (w.equals("throw") && peek(from, "new")) {
                    int cls = peek(from + 1, "\\") ? from + 2 : from + 1;
                    if (cls < sig.size() && BUILT_IN_EXCEPTIONS.contains(sig.get(cls).text())) {
                        from = cls + 1; // PHP's own exception classes define nothing
                    }
                }
                scanCalls(from, end, reach);
                addStatement(top, Type.CALL, i, end, List.of());
                if (reach != Reach.NEVER && requestDepth > 0 && requestSince == null) {
                    requestSince = "line " + line(t.start()) + " stops the file only for some requests";
                }
                if (reach == Reach.ALWAYS) {
                    stopped = true; // the file ends here for every request
                    if (!commented && !w.equals("return")) {
                        problem(t.start(), sigEnd(end), "the file always stops here (" + w + "); nothing after it is read");
                    }
                }
                // under a condition known only at run time: a request that goes on to use CiviCRM did not take it
                return next(end);
            }
            if (w.equals("global")) {
                int end = endOfSimple(i);
                List<String> vars = new ArrayList<>();
                for (int k = i + 1; k < end; k++) {
                    if (sig.get(k).kind() == Kind.VARIABLE) {
                        vars.add(sig.get(k).text().substring(1));
                    }
                }
                addStatement(top, Type.GLOBAL, i, end, vars);
                return next(end);
            }
            if (w.equals("require_once") || w.equals("require") || w.equals("include") || w.equals("include_once")) {
                int end = endOfSimple(i);
                if (!compact(i, end).matches("(?is)require(_once)?\\(?'(\\.\\./)*(civicrm/)?CRM/Core/ClassLoader\\.php'\\)?;?")) {
                    // CiviCRM's class loader (CRM/Core/ClassLoader.php) declares a class and defines no constant
                    opaque(reach, t, "includes another file, which may define constants");
                }
                addStatement(top, Type.REQUIRE, i, end, List.of());
                return next(end);
            }
            if (w.equals("case") || w.equals("default")) {
                int end = endOfSimple(i);
                return end < sig.size() && (sig.get(end).is(":") || sig.get(end).is(";")) ? end + 1 : Math.max(end, i + 1);
            }
            if (peek(i + 1, "(") || peek(i + 1, "::") || w.equals("echo") || w.equals("exit") || w.equals("return")
                    || w.equals("print") || w.equals("die") || w.equals("case") || w.equals("default")
                    || w.equals("break") || w.equals("continue")) {
                int end = endOfSimple(i);
                String text = compact(i, end);
                Type type = text.equalsIgnoreCase("CRM_Core_ClassLoader::singleton()->register();")
                        ? Type.CLASS_LOADER_REGISTER : Type.CALL;
                if (type == Type.CALL) {
                    scanCalls(i, end, reach); // registering CiviCRM's autoloader defines no constant
                }
                addStatement(top, type, i, end, List.of());
                return next(end);
            }
        }
        if (t.kind() == Kind.VARIABLE) {
            return assignment(i, reach, top);
        }
        int end = endOfSimple(i);
        if (!commented) {
            problem(t.start(), sigEnd(end), "statement not understood; kept as written");
        }
        opaque(reach, t, "is a statement the reader does not understand");
        addStatement(top, Type.OTHER, i, end, List.of());
        return next(end);
    }

    private int next(int end) {
        return end < sig.size() && sig.get(end).is(";") ? end + 1 : end;
    }

    private boolean peek(int i, String s) {
        return i < sig.size() && sig.get(i).is(s);
    }

    /** Index of the token closing the bracket at i (or sig.size() when unbalanced). */
    private int matching(int i) {
        int depth = 0;
        for (int k = i; k < sig.size(); k++) {
            Token t = sig.get(k);
            if (t.is("(") || t.is("[") || t.is("{")) {
                depth++;
            } else if (t.is(")") || t.is("]") || t.is("}")) {
                depth--;
                if (depth == 0) {
                    return k;
                }
            }
        }
        if (!commented) {
            problem(sig.get(i).start(), src.length(), "bracket never closed");
        }
        return sig.size();
    }

    /** Index of the terminating ';' (or close tag / end) of a simple statement starting at i. */
    private int endOfSimple(int i) {
        int depth = 0;
        for (int k = i; k < sig.size(); k++) {
            Token t = sig.get(k);
            if (t.kind() == Kind.CLOSE_TAG && depth == 0) {
                return k;
            }
            if (t.is("(") || t.is("[") || t.is("{")) {
                depth++;
            } else if (t.is(")") || t.is("]") || t.is("}")) {
                if (depth == 0) {
                    return k; // end of an enclosing block: statement without ';'
                }
                depth--;
            } else if ((t.is(";") || (t.is(":") && (sig.get(i).isIdent("case") || sig.get(i).isIdent("default"))))
                    && depth == 0) {
                return k;
            }
        }
        return sig.size();
    }

    private int sigEnd(int endIndex) {
        if (endIndex < sig.size()) {
            return sig.get(endIndex).end();
        }
        return sig.isEmpty() ? 0 : sig.get(sig.size() - 1).end();
    }

    private String compact(int from, int endIndex) {
        StringBuilder b = new StringBuilder();
        for (int k = from; k <= Math.min(endIndex, sig.size() - 1); k++) {
            b.append(sig.get(k).text());
        }
        return b.toString();
    }

    private void addStatement(boolean top, Type type, int from, int endIndex, List<String> globals) {
        if (!top) {
            return;
        }
        int start = sig.get(from).start();
        int end = endIndex < sig.size() && (sig.get(endIndex).is(";") || sig.get(endIndex).is("}"))
                ? sig.get(endIndex).end() : sig.get(Math.max(from, Math.min(endIndex, sig.size()) - 1)).end();
        statements.add(new Statement(type, base + start, base + end, line(start), List.copyOf(globals),
                src.substring(start, end)));
    }

    /** Parses statements between sig indices [from, to) as a nested block. */
    private void block(int from, int to, Reach reach) {
        int i = from;
        while (i < to) {
            Token t = sig.get(i);
            if (t.kind() == Kind.OPEN_TAG || t.kind() == Kind.CLOSE_TAG || t.kind() == Kind.INLINE_HTML) {
                i++;
                continue;
            }
            int n = statement(i, reach, false);
            i = Math.max(n, i + 1);
        }
    }

    /** if/else/while/switch/function: a head, then a block or one statement; bodies are conditional. */
    private int control(int i, Reach reach, boolean top) {
        int start = i;
        int controlPerRequest = 0;
        int k = i;
        while (true) {
            k++; // past keyword
            if (k < sig.size() && sig.get(k - 1).isIdent("else") && sig.get(k).isIdent("if")) {
                k++;
            }
            if (k < sig.size() && sig.get(k - 1).isIdent("function")) {
                while (k < sig.size() && !sig.get(k).is("(")) {
                    k++;
                }
            }
            boolean headPerRequest = false;
            if (k < sig.size() && sig.get(k).is("(")) {
                int close = matching(k);
                if (!sig.get(start).isIdent("function")) {
                    scanCalls(k + 1, close, reach);
                    headPerRequest = perRequest(k + 1, close);
                }
                k = close + 1;
            }
            if (headPerRequest) {
                requestDepth++;
                controlPerRequest++;
            }
            if (k < sig.size() && sig.get(k).is("{")) {
                int close = matching(k);
                block(k + 1, close, reach);
                k = Math.min(close + 1, sig.size());
            } else if (k < sig.size() && sig.get(k).is(":")) {
                // alternative syntax: read up to the matching end keyword
                int e = k + 1;
                while (e < sig.size() && !(sig.get(e).kind() == Kind.IDENT
                        && sig.get(e).text().toLowerCase(java.util.Locale.ROOT).startsWith("end"))) {
                    e++;
                }
                block(k + 1, e, reach);
                k = Math.min(e + 1, sig.size());
                if (k < sig.size() && sig.get(k).is(";")) {
                    k++;
                }
            } else if (k < sig.size()) {
                k = statement(k, reach, false);
            }
            if (k < sig.size() && (sig.get(k).isIdent("else") || sig.get(k).isIdent("elseif"))) {
                continue;
            }
            if (k < sig.size() && sig.get(start).isIdent("do") && sig.get(k).isIdent("while")) {
                int e = endOfSimple(k);
                k = e + 1;
            }
            break;
        }
        requestDepth -= controlPerRequest;
        addStatement(top, Type.BLOCK, start, k - 1, List.of());
        return k;
    }

    /**
     * For {@code if ( ! defined ( 'X' ) ) { define ( 'X' , ... ) ; }}, with or without the braces,
     * returns the indices of the inner {@code define} and of the statement's last token; else null.
     */
    private int[] wrappedDefine(int i) {
        if (!(peek(i + 1, "(") && peek(i + 2, "!") && i + 3 < sig.size() && sig.get(i + 3).isIdent("defined")
                && peek(i + 4, "(") && i + 5 < sig.size() && isString(sig.get(i + 5)) && peek(i + 6, ")")
                && peek(i + 7, ")"))) {
            return null;
        }
        boolean braces = peek(i + 8, "{");
        int def = braces ? i + 9 : i + 8;
        if (!(def < sig.size() && sig.get(def).isIdent("define") && peek(def + 1, "("))) {
            return null;
        }
        int defineEnd = endOfSimple(def);
        if (defineEnd >= sig.size() || !sig.get(defineEnd).is(";")) {
            return null;
        }
        int last = defineEnd;
        if (braces) {
            last = matching(i + 8);
            if (last != defineEnd + 1) {
                return null;
            }
        }
        Optional<String> outer = literal(sig.get(i + 5));
        Optional<String> inner = def + 2 < sig.size() && isString(sig.get(def + 2)) ? literal(sig.get(def + 2)) : Optional.empty();
        if (outer.isEmpty() || !outer.equals(inner) || (last + 1 < sig.size()
                && (sig.get(last + 1).isIdent("else") || sig.get(last + 1).isIdent("elseif")))) {
            return null;
        }
        return new int[] {def, last};
    }

    /**
     * {@code if (...) ... elseif (...) ... else ...}, with braces, single statements or the
     * alternative syntax ({@code if (...): ... endif;}): each branch is read as running always,
     * never or maybe, from its condition as PHP would decide it for a web request.
     */
    private int ifChain(int i, Reach reach, boolean top) {
        int k = i;
        Tri noneYet = Tri.TRUE;
        boolean alternative = false;
        boolean chainPerRequest = false;
        while (k < sig.size()) {
            Token kw = sig.get(k);
            Reach branch;
            if (kw.isIdent("if") || kw.isIdent("elseif") || (kw.isIdent("else") && k + 1 < sig.size() && sig.get(k + 1).isIdent("if")
                    && !alternative)) {
                if (kw.isIdent("else")) {
                    k++;
                }
                k++;
                if (!peek(k, "(")) {
                    break;
                }
                int close = matching(k);
                scanCalls(k + 1, close, reach.and(noneYet));
                if (!chainPerRequest && perRequest(k + 1, close)) {
                    chainPerRequest = true;
                    requestDepth++;
                }
                Tri c = Evaluator.condition(sig.subList(k + 1, Math.min(close, sig.size())), constants);
                k = Math.min(close + 1, sig.size());
                branch = reach.and(noneYet.and(c));
                noneYet = noneYet.and(c.not());
            } else {
                k++;
                branch = reach.and(noneYet);
                noneYet = Tri.FALSE;
            }
            if (peek(k, "{")) {
                int close = matching(k);
                block(k + 1, close, branch);
                k = Math.min(close + 1, sig.size());
            } else if (peek(k, ":")) {
                alternative = true;
                k++;
                while (k < sig.size() && !sig.get(k).isIdent("elseif") && !sig.get(k).isIdent("else")
                        && !sig.get(k).isIdent("endif")) {
                    Token t = sig.get(k);
                    if (t.kind() == Kind.OPEN_TAG || t.kind() == Kind.CLOSE_TAG || t.kind() == Kind.INLINE_HTML) {
                        k++;
                        continue;
                    }
                    k = Math.max(statement(k, branch, false), k + 1);
                }
                if (k < sig.size() && sig.get(k).isIdent("endif")) {
                    k = next(k + 1);
                    break;
                }
                continue;
            } else if (k < sig.size()) {
                k = statement(k, branch, false);
            }
            if (!alternative && k < sig.size() && (sig.get(k).isIdent("else") || sig.get(k).isIdent("elseif"))) {
                continue;
            }
            break;
        }
        if (chainPerRequest) {
            requestDepth--;
        }
        addStatement(top, Type.BLOCK, i, k - 1, List.of());
        return k;
    }

    private static boolean isString(Token t) {
        return (t.kind() == Kind.SINGLE_QUOTED || t.kind() == Kind.DOUBLE_QUOTED) && !t.broken();
    }

    private static Optional<String> literal(Token t) {
        if (t.kind() == Kind.SINGLE_QUOTED) {
            return Optional.of(Evaluator.singleQuoted(t.text()));
        }
        return Evaluator.doubleQuoted(t.text());
    }

    /**
     * define ( NAME , value [, flag] ) ; — i is the 'define' token; ifStart the wrapping
     * {@code if (!defined('NAME'))} or -1, last the wrapped statement's last token.
     */
    private int define(int i, Reach reachIn, boolean top, int ifStart, int last) {
        boolean wrapped = ifStart >= 0;
        int open = i + 1;
        int close = matching(open);
        int end = endOfSimple(i);
        int stmtEnd = wrapped ? last : end;
        int resume = wrapped ? last + 1 : next(end);
        Optional<String> name = open + 1 < sig.size() && isString(sig.get(open + 1)) && peek(open + 2, ",")
                ? literal(sig.get(open + 1)) : Optional.empty();
        if (name.isEmpty() || close >= sig.size()) {
            if (!commented) {
                problem(sig.get(i).start(), sigEnd(end), "define() with a name that is not a plain string; kept as written");
            }
            opaque(reachIn, sig.get(i), "defines a constant whose name the reader cannot read");
            addStatement(top, Type.OTHER, i, end, List.of());
            return resume;
        }
        int valueFrom = open + 3;
        int valueTo = valueFrom;
        int depth = 0;
        while (valueTo < close) {
            Token t = sig.get(valueTo);
            if (t.is("(") || t.is("[") || t.is("{")) {
                depth++;
            } else if (t.is(")") || t.is("]") || t.is("}")) {
                depth--;
            } else if (t.is(",") && depth == 0) {
                break;
            }
            valueTo++;
        }
        if (valueTo == valueFrom) {
            addStatement(top, Type.OTHER, i, end, List.of());
            return resume;
        }
        int vs = sig.get(valueFrom).start();
        int ve = sig.get(valueTo - 1).end();
        scanCalls(valueFrom, close, reachIn);
        Optional<PhpValue> value = Evaluator.evaluate(sig.subList(valueFrom, valueTo), constants);
        String n = name.get();
        if (!commented && reachIn != Reach.NEVER) {
            notePerRequest(n, sig.get(i), perRequest(valueFrom, valueTo));
        }
        State state = stateOf(n, reachIn, wrapped, value);
        int spanStart = wrapped ? sig.get(ifStart).start() : sig.get(i).start();
        int spanEnd = sigEnd(stmtEnd);
        if (!wrapped && end < sig.size() && !sig.get(end).is(";")) {
            spanEnd = sig.get(close).end();
        }
        definitions.add(new Definition(Definition.Kind.DEFINE, n, List.of(), value, src.substring(vs, ve),
                span(spanStart, spanEnd), span(vs, ve), state, wrapped));
        if (top) {
            statements.add(new Statement(wrapped ? Type.WRAPPED_DEFINE : Type.DEFINE, base + spanStart, base + spanEnd,
                    line(spanStart), List.of(n), src.substring(spanStart, spanEnd)));
        }
        return resume;
    }

    /** The state of a define of n reached with reachIn (wrapped: inside its own !defined guard), updating the table. */
    private State stateOf(String n, Reach reachIn, boolean wrapped, Optional<PhpValue> value) {
        Tri already = constants.defined(n);
        Reach reach = wrapped ? reachIn.and(already.not()) : reachIn;
        State state;
        if (commented) {
            state = State.COMMENTED;
        } else if (wrapped && already == Tri.TRUE && reachIn != Reach.NEVER) {
            state = State.SHADOWED; // the guard skips it: an earlier define wins
        } else if (reach == Reach.NEVER) {
            state = State.NOT_TAKEN;
        } else if (reach == Reach.MAYBE) {
            state = State.CONDITIONAL;
            if (wrapped && reachIn == Reach.ALWAYS) {
                constants.definedWithUnknownValue(n); // defined here or before: which value only PHP knows
            } else {
                constants.maybeDefine(n);
            }
        } else if (already == Tri.TRUE) {
            state = State.SHADOWED; // first define wins; PHP only warns
        } else if (already == Tri.UNKNOWN) {
            state = State.CONDITIONAL; // takes effect only when the earlier, conditional define did not run
            constants.definedWithUnknownValue(n);
        } else {
            state = State.ACTIVE;
            constants.define(n, value);
        }
        return state;
    }

    /** $var [ 'k' ]* = expr ; */
    private int assignment(int i, Reach reach, boolean top) {
        int end = endOfSimple(i);
        String var = sig.get(i).text().substring(1);
        List<String> keys = new ArrayList<>();
        int k = i + 1;
        boolean literalKeys = true;
        while (k < end && sig.get(k).is("[")) {
            int close = matching(k);
            if (close == k + 2 && isString(sig.get(k + 1))) {
                keys.add(literal(sig.get(k + 1)).orElse(""));
            } else {
                literalKeys = false;
            }
            k = close + 1;
        }
        addStatement(top, Type.ASSIGNMENT, i, end, List.of(var));
        scanCalls(i + 1, end, reach);
        trackVariable(var, i, end, reach);
        if (reach != Reach.NEVER && (requestDepth > 0 || perRequest(i + 1, end))) {
            requestVars.add(var);
        }
        if (k < end && sig.get(k).is("=") && literalKeys && k + 1 < end) {
            Definition.Kind kind = null;
            if (var.equals("civicrm_root") && keys.isEmpty()) {
                kind = Definition.Kind.ROOT;
            } else if (var.equals("civicrm_setting") && keys.size() == 2) {
                kind = Definition.Kind.SETTING;
            } else if (var.equals("civicrm_paths") && keys.size() == 2) {
                kind = Definition.Kind.PATH;
            }
            if (kind != null) {
                int vs = sig.get(k + 1).start();
                int ve = sig.get(end - 1).end();
                Optional<PhpValue> value = Evaluator.evaluate(sig.subList(k + 1, end), constants);
                State state = commented ? State.COMMENTED : reach == Reach.ALWAYS ? State.ACTIVE
                        : reach == Reach.MAYBE ? State.CONDITIONAL : State.NOT_TAKEN;
                String key = var + "\u0000" + String.join("\u0000", keys);
                if (state == State.ACTIVE) {
                    Integer previous = lastAssignment.put(key, definitions.size());
                    if (previous != null) {
                        Definition p = definitions.get(previous);
                        definitions.set(previous, new Definition(p.kind(), p.name(), p.keys(), p.value(), p.valueSource(),
                                p.span(), p.valueSpan(), State.SHADOWED, p.wrapped()));
                    }
                }
                int stmtEnd = end < sig.size() && sig.get(end).is(";") ? sig.get(end).end() : ve;
                definitions.add(new Definition(kind, var, keys, value, src.substring(vs, ve),
                        span(sig.get(i).start(), stmtEnd), span(vs, ve), state, false));
            }
        }
        return next(end);
    }

    private static final java.util.Set<String> REQUEST_VARIABLES = java.util.Set.of("$_SERVER", "$_ENV", "$_GET", "$_POST",
            "$_COOKIE", "$_REQUEST", "$_FILES", "$_SESSION", "$argv", "$argc", "$http_response_header");
    private static final java.util.Set<String> REQUEST_NAMES = java.util.Set.of("php_sapi", "php_sapi_name", "getallheaders",
            "apache_request_headers", "headers_sent", "session_id", "drupal_is_cli", "request_uri", "ip_address", "conf_path");

    /**
     * Whether tokens [from, to) read something that differs per request or SAPI: the request
     * superglobals, {@code PHP_SAPI}/{@code php_sapi_name()}, variables assigned from them, and
     * constants defined from them. PHP's command line cannot stand in for a web request there.
     */
    private boolean perRequest(int from, int to) {
        for (int k = from; k < Math.min(to, sig.size()); k++) {
            Token t = sig.get(k);
            if (t.kind() == Kind.VARIABLE && (REQUEST_VARIABLES.contains(t.text()) || requestVars.contains(t.text().substring(1)))) {
                return true;
            }
            if (t.kind() == Kind.VARIABLE && t.text().equals("$GLOBALS") && k + 2 < sig.size() && isString(sig.get(k + 2))
                    && literal(sig.get(k + 2)).map(v -> REQUEST_VARIABLES.contains("$" + v) || requestVars.contains(v)).orElse(false)) {
                return true;
            }
            if (t.kind() == Kind.IDENT && (REQUEST_NAMES.contains(t.text().toLowerCase(java.util.Locale.ROOT))
                    || perRequest.containsKey(t.text()))) {
                return true;
            }
            if (isString(t) && literal(t).map(perRequest::containsKey).orElse(false)) {
                return true; // defined('X') / constant('X') of a constant that differs per request
            }
        }
        return false;
    }

    /** Records that a define differs per request when it does (its branch, its value, or everything after a stop). */
    private void notePerRequest(String name, Token at, boolean value) {
        if (perRequest.containsKey(name)) {
            return;
        }
        if (requestDepth > 0) {
            perRequest.put(name, "line " + line(at.start()) + " is in a branch whose condition differs per request");
        } else if (value) {
            perRequest.put(name, "line " + line(at.start()) + " computes it from something that differs per request");
        } else if (requestSince != null) {
            perRequest.put(name, requestSince);
        }
    }

    /** A statement that may define any constant: later guards and first-define-wins become run-time dependent. */
    private void opaque(Reach reach, Token at, String why) {
        if (reach == Reach.NEVER || commented) {
            return;
        }
        constants.opaqueStatement();
        if (opaqueReason == null) {
            opaqueReason = "line " + line(at.start()) + " " + why;
        }
        if (requestDepth > 0 && requestSince == null) {
            requestSince = "line " + line(at.start()) + " " + why + " only for some requests";
        }
    }

    /** Functions PHP and Drupal provide that cannot define a constant (no callbacks, no includes). */
    private static final java.util.Set<String> SAFE_FUNCTIONS = java.util.Set.of(
            "defined", "constant", "getenv", "isset", "empty", "array", "list", "function_exists", "class_exists",
            "file_exists", "is_dir", "is_file", "is_readable", "is_writable", "realpath", "dirname", "basename",
            "set_include_path", "get_include_path", "ini_set", "ini_get", "trim", "rtrim", "ltrim", "strtolower",
            "strtoupper", "substr", "strlen", "strpos", "str_replace", "implode", "explode", "sprintf", "in_array",
            "array_key_exists", "is_array", "is_string", "intval", "date_default_timezone_set", "error_reporting",
            "variable_get", "php_sapi_name", "preg_match", "urlencode", "rawurlencode", "str_repeat", "unset",
            "echo", "print", "exit", "die", "gethostname", "sys_get_temp_dir", "getcwd", "is_null", "count",
            "array_merge", "max", "min", "abs", "rand", "mt_rand", "time", "date", "md5", "sha1", "base64_decode",
            "base64_encode", "json_decode", "json_encode", "version_compare", "phpversion", "extension_loaded",
            "ini_get_all", "stripos", "str_contains", "str_starts_with", "str_ends_with", "ucfirst", "lcfirst",
            "addslashes", "stripslashes", "urldecode", "rawurldecode", "htmlspecialchars",
            // the CMS setting readers the installer's templates call (Backdrop, WordPress): they read settings, define nothing
            "config_get", "get_option");
    private static final java.util.Set<String> BUILT_IN_EXCEPTIONS = java.util.Set.of("Exception", "RuntimeException",
            "LogicException", "InvalidArgumentException", "UnexpectedValueException", "DomainException", "Error");
    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("if", "elseif", "while", "for", "foreach",
            "switch", "match", "fn", "function", "and", "or", "xor", "return", "int", "string", "bool", "float",
            "array", "object");

    /**
     * Marks the table opaque when tokens [from, to) call code the reader cannot see into: unknown
     * functions, methods, {@code new}, {@code eval}, includes in expressions, {@code define} inside
     * an expression (other than the {@code defined('X') or define('X', ...)} idiom, read separately).
     */
    private void scanCalls(int from, int to, Reach reach) {
        if (reach == Reach.NEVER || commented) {
            return;
        }
        for (int k = from; k < Math.min(to, sig.size()); k++) {
            Token t = sig.get(k);
            if (t.kind() != Kind.IDENT) {
                continue;
            }
            String w = t.text().toLowerCase(java.util.Locale.ROOT);
            boolean member = k > 0 && (sig.get(k - 1).is("->") || sig.get(k - 1).is("::"));
            if (w.equals("new") || w.startsWith("include") || w.startsWith("require") || w.equals("eval")
                    || (peek(k + 1, "(") && (member || !(SAFE_FUNCTIONS.contains(w) || KEYWORDS.contains(w))))) {
                opaque(reach, t, "calls code the reader cannot see into (" + t.text() + ")");
                return;
            }
        }
    }

    /**
     * {@code defined('X') or define('X', ...);} (also {@code ||}): returns the indices of the
     * {@code define} and of the closing {@code ;}, or null.
     */
    private int[] orDefine(int i) {
        if (!(peek(i + 1, "(") && i + 2 < sig.size() && isString(sig.get(i + 2)) && peek(i + 3, ")")
                && i + 4 < sig.size() && (sig.get(i + 4).isIdent("or") || sig.get(i + 4).is("||"))
                && i + 5 < sig.size() && sig.get(i + 5).isIdent("define") && peek(i + 6, "(")
                && i + 7 < sig.size() && isString(sig.get(i + 7)))) {
            return null;
        }
        int end = endOfSimple(i + 5);
        if (end >= sig.size() || !sig.get(end).is(";") || matching(i + 6) != end - 1
                || !literal(sig.get(i + 2)).equals(literal(sig.get(i + 7)))) {
            return null;
        }
        return new int[] {i + 5, end};
    }

    /** {@code const A = expr, B = expr;} at top level: like define() (in a namespaced file the name is the namespace's). */
    private int constDeclaration(int i, Reach reach, boolean top) {
        int end = endOfSimple(i);
        if (namespaced) {
            opaque(reach, sig.get(i), "declares a namespaced constant");
            addStatement(top, Type.OTHER, i, end, List.of());
            return next(end);
        }
        int k = i + 1;
        while (k < end) {
            int nameAt = k;
            if (!(sig.get(k).kind() == Kind.IDENT && peek(k + 1, "="))) {
                opaque(reach, sig.get(i), "declares a constant the reader cannot read");
                break;
            }
            int from = k + 2;
            int to = from;
            int depth = 0;
            while (to < end && !(depth == 0 && sig.get(to).is(","))) {
                Token t = sig.get(to);
                if (t.is("(") || t.is("[") || t.is("{")) {
                    depth++;
                } else if (t.is(")") || t.is("]") || t.is("}")) {
                    depth--;
                }
                to++;
            }
            if (to == from) {
                opaque(reach, sig.get(i), "declares a constant the reader cannot read");
                break;
            }
            String n = sig.get(nameAt).text();
            scanCalls(from, to, reach);
            Optional<PhpValue> value = Evaluator.evaluate(sig.subList(from, to), constants);
            if (!commented && reach != Reach.NEVER) {
                notePerRequest(n, sig.get(nameAt), perRequest(from, to));
            }
            State state = stateOf(n, reach, false, value);
            int vs = sig.get(from).start();
            int ve = sig.get(to - 1).end();
            int spanEnd = to < sig.size() && to == end && sig.get(to).is(";") ? sig.get(to).end() : ve;
            definitions.add(new Definition(Definition.Kind.DEFINE, n, List.of(), value, src.substring(vs, ve),
                    span(sig.get(nameAt).start(), spanEnd), span(vs, ve), state, false));
            k = to + 1;
        }
        addStatement(top, Type.OTHER, i, end, List.of());
        return next(end);
    }

    /**
     * {@code $var = expr;} run for every request, with a known value, where {@code $var} is written
     * nowhere else in the file (no other assignment, reference, loop variable or destructuring):
     * its value is known from here on. Any other write makes it unknown.
     */
    private void trackVariable(String var, int i, int end, Reach reach) {
        if (commented) {
            return;
        }
        boolean plain = i + 1 < end && sig.get(i + 1).is("=") && reach == Reach.ALWAYS && requestDepth == 0
                && !perRequest(i + 2, end) && writtenOnlyHere(var, i);
        Optional<PhpValue> value = plain ? Evaluator.evaluate(sig.subList(i + 2, end), constants) : Optional.empty();
        if (value.isPresent()) {
            constants.knownVariable(var, value.get());
        } else {
            constants.unknownVariable(var);
        }
    }

    /** True when the only token of the file that may write {@code $var} is the one at index at. */
    private boolean writtenOnlyHere(String var, int at) {
        for (int k = 0; k < sig.size(); k++) {
            Token t = sig.get(k);
            if (k == at || t.kind() != Kind.VARIABLE || !t.text().substring(1).equals(var)) {
                if (t.is("$") || (t.kind() == Kind.IDENT && (t.isIdent("extract") || t.isIdent("parse_str") || t.isIdent("list")))
                        || ((t.is("]") || t.is(")")) && k + 1 < sig.size() && sig.get(k + 1).is("="))) {
                    return false; // variable variables, functions that create variables, destructuring
                }
                continue;
            }
            boolean readOnly = k + 1 < sig.size() && !(sig.get(k + 1).text().endsWith("=") && !sig.get(k + 1).is("==")
                    && !sig.get(k + 1).is("===") && !sig.get(k + 1).is("!=") && !sig.get(k + 1).is("!==")
                    && !sig.get(k + 1).is("<=") && !sig.get(k + 1).is(">="))
                    && !sig.get(k + 1).is("[") && !sig.get(k + 1).is("++") && !sig.get(k + 1).is("--")
                    && !sig.get(k + 1).is("->");
            boolean before = k > 0 && (sig.get(k - 1).is("&") || sig.get(k - 1).isIdent("as") || sig.get(k - 1).is("++")
                    || sig.get(k - 1).is("--") || sig.get(k - 1).is("=>"));
            if (!readOnly || before) {
                return false;
            }
        }
        return true;
    }

    /** Definitions written inside comments: parsed from the comment text, marked COMMENTED. */
    private void commentedDefinitions() {
        for (Token t : tokens) {
            if (t.kind() != Kind.LINE_COMMENT && t.kind() != Kind.BLOCK_COMMENT) {
                continue;
            }
            Matcher m = IN_COMMENT.matcher(t.text());
            int from = 0;
            while (m.find(from)) {
                int semi = t.text().indexOf(';', m.start());
                int stop = semi < 0 ? t.text().length() : semi + 1;
                String snippet = t.text().substring(m.start(), stop);
                String prefix = "<?php ";
                int snippetBase = t.start() + m.start() - prefix.length();
                SettingsParser sub = new SettingsParser(prefix + snippet, snippetBase, lineStarts, true, Map.of());
                sub.constants.known().putAll(constants.known());
                sub.run();
                for (Definition d : sub.definitions) {
                    definitions.add(new Definition(d.kind(), d.name(), d.keys(), d.value(), d.valueSource(),
                            new SourceSpan(t.start(), t.end(), line(t.start())), d.valueSpan(), State.COMMENTED, d.wrapped()));
                }
                from = Math.max(stop, m.end());
                if (from >= t.text().length()) {
                    break;
                }
            }
        }
    }

    /** Constants as they stand after the file ran (for callers that need the evaluation context). */
    Map<String, PhpValue> constants() {
        return new LinkedHashMap<>(constants.known());
    }

    /** Whether a statement runs for a web request: always, never, or depending on run time. */
    enum Reach {
        ALWAYS, MAYBE, NEVER;

        /** This reach narrowed by a condition. */
        Reach and(Tri c) {
            if (this == NEVER || c == Tri.FALSE) {
                return NEVER;
            }
            return this == ALWAYS && c == Tri.TRUE ? ALWAYS : MAYBE;
        }
    }
}
