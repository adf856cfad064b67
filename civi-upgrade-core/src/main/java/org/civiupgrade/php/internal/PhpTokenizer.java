package org.civiupgrade.php.internal;

import java.util.ArrayList;
import java.util.List;
import org.civiupgrade.php.internal.Token.Kind;

/**
 * Splits PHP source into tokens without ever failing: anything it does not recognise becomes
 * an {@link Kind#OTHER} token of one character, unterminated strings and comments run to the
 * end and are marked broken. The tokens cover every byte exactly once.
 */
public final class PhpTokenizer {
    private static final String[] PUNCT = {
        "===", "!==", "<<=", ">>=", "**=", "...", "<=>", "??=",
        "::", "->", "=>", "==", "!=", "<>", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=",
        ".=", "%=", "&=", "|=", "^=", "<<", ">>", "??", "**",
        "(", ")", "{", "}", "[", "]", ";", ",", "=", ".", "!", "+", "-", "*", "/", "%", "<", ">",
        "&", "|", "^", "~", "?", ":", "@", "\\"
    };

    private final String src;
    private final List<Token> out = new ArrayList<>();
    private int pos;

    private PhpTokenizer(String src) {
        this.src = src;
    }

    /** Tokenizes a whole file (starting outside PHP, as PHP does). */
    public static List<Token> tokenize(String src) {
        PhpTokenizer t = new PhpTokenizer(src);
        t.run();
        return t.out;
    }

    private void run() {
        while (pos < src.length()) {
            html();
            if (pos < src.length()) {
                php();
            }
        }
    }

    private void add(Kind kind, int start, int end, boolean broken) {
        out.add(new Token(kind, start, end, src.substring(start, end), broken));
        pos = end;
    }

    private void html() {
        int start = pos;
        int open = src.indexOf("<?", pos);
        while (open >= 0 && !isOpenTag(open)) {
            open = src.indexOf("<?", open + 1);
        }
        int end = open < 0 ? src.length() : open;
        if (end > start) {
            add(Kind.INLINE_HTML, start, end, false);
        }
        if (open >= 0) {
            int len;
            if (src.regionMatches(true, open, "<?php", 0, 5)) {
                len = 5;
                if (open + 5 < src.length() && isWs(src.charAt(open + 5))) {
                    len = 6;
                    if (src.charAt(open + 5) == '\r' && open + 6 < src.length() && src.charAt(open + 6) == '\n') {
                        len = 7;
                    }
                }
            } else if (src.startsWith("<?=", open)) {
                len = 3;
            } else {
                len = 2;
            }
            add(Kind.OPEN_TAG, open, open + len, false);
        }
    }

    private boolean isOpenTag(int i) {
        // "<?php" followed by whitespace or end, or a short tag "<?" (treated as PHP like short_open_tag=On)
        if (src.regionMatches(true, i, "<?php", 0, 5)) {
            return i + 5 >= src.length() || isWs(src.charAt(i + 5));
        }
        return !src.regionMatches(true, i, "<?xml", 0, 5);
    }

    private static boolean isWs(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private void php() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            int start = pos;
            if (c == '?' && src.startsWith("?>", pos)) {
                int end = pos + 2;
                if (end < src.length() && src.charAt(end) == '\n') {
                    end++;
                } else if (src.startsWith("\r\n", end)) {
                    end += 2;
                }
                add(Kind.CLOSE_TAG, start, end, false);
                return;
            }
            if (isWs(c)) {
                int e = pos;
                while (e < src.length() && isWs(src.charAt(e))) {
                    e++;
                }
                add(Kind.WHITESPACE, start, e, false);
            } else if (c == '#' || (c == '/' && src.startsWith("//", pos))) {
                int e = pos;
                while (e < src.length() && src.charAt(e) != '\n' && src.charAt(e) != '\r' && !src.startsWith("?>", e)) {
                    e++;
                }
                add(Kind.LINE_COMMENT, start, e, false);
            } else if (c == '/' && src.startsWith("/*", pos)) {
                int close = src.indexOf("*/", pos + 2);
                add(Kind.BLOCK_COMMENT, start, close < 0 ? src.length() : close + 2, close < 0);
            } else if (c == '<' && src.startsWith("<<<", pos) && heredoc()) {
                continue;
            } else if (c == '\'' || c == '"') {
                int e = pos + 1;
                boolean closed = false;
                while (e < src.length()) {
                    char d = src.charAt(e);
                    if (d == '\\' && e + 1 < src.length()) {
                        e += 2;
                        continue;
                    }
                    e++;
                    if (d == c) {
                        closed = true;
                        break;
                    }
                }
                add(c == '\'' ? Kind.SINGLE_QUOTED : Kind.DOUBLE_QUOTED, start, e, !closed);
            } else if (c == '$' && pos + 1 < src.length() && isIdentStart(src.charAt(pos + 1))) {
                int e = pos + 1;
                while (e < src.length() && isIdentPart(src.charAt(e))) {
                    e++;
                }
                add(Kind.VARIABLE, start, e, false);
            } else if (isIdentStart(c)) {
                int e = pos;
                while (e < src.length() && isIdentPart(src.charAt(e))) {
                    e++;
                }
                add(Kind.IDENT, start, e, false);
                if (src.substring(start, e).equalsIgnoreCase("__halt_compiler")) {
                    halt();
                    return;
                }
            } else if (Character.isDigit(c)) {
                int e = pos;
                boolean hex = src.startsWith("0x", pos) || src.startsWith("0X", pos);
                while (e < src.length() && (Character.isLetterOrDigit(src.charAt(e)) || src.charAt(e) == '.'
                        || src.charAt(e) == '_' || (!hex && (src.charAt(e) == '+' || src.charAt(e) == '-')
                        && (src.charAt(e - 1) == 'e' || src.charAt(e - 1) == 'E')
                        && e + 1 < src.length() && Character.isDigit(src.charAt(e + 1))))) {
                    e++;
                }
                add(Kind.NUMBER, start, e, false);
            } else {
                String p = null;
                for (String candidate : PUNCT) {
                    if (src.startsWith(candidate, pos)) {
                        p = candidate;
                        break;
                    }
                }
                add(p == null ? Kind.OTHER : Kind.PUNCT, start, start + (p == null ? 1 : p.length()), false);
            }
        }
    }

    /**
     * {@code __halt_compiler();} (or {@code __halt_compiler() ?>}): PHP stops compiling there; the rest
     * of the file is data, one {@link Kind#HALTED_DATA} token.
     */
    private void halt() {
        int e = pos;
        int[] expected = {'(', ')'};
        for (int want : expected) {
            while (e < src.length() && isWs(src.charAt(e))) {
                e++;
            }
            if (e < src.length() && src.charAt(e) == want) {
                e++;
            }
        }
        if (e > pos) {
            add(Kind.PUNCT, pos, e, false);
        }
        if (pos < src.length()) {
            add(Kind.HALTED_DATA, pos, src.length(), false);
        }
    }

    /**
     * A heredoc ({@code <<<EOT}, {@code <<<"EOT"}) or nowdoc ({@code <<<'EOT'}) at pos, with PHP 7.3's
     * flexible closing marker (indented, followed by any non-identifier character). Adds one
     * {@link Kind#HEREDOC} token and returns true; false when pos does not open one.
     */
    private boolean heredoc() {
        int k = pos + 3;
        while (k < src.length() && (src.charAt(k) == ' ' || src.charAt(k) == '\t')) {
            k++;
        }
        char quote = k < src.length() && (src.charAt(k) == '\'' || src.charAt(k) == '"') ? src.charAt(k) : 0;
        if (quote != 0) {
            k++;
        }
        int nameStart = k;
        if (k >= src.length() || !isIdentStart(src.charAt(k))) {
            return false;
        }
        while (k < src.length() && isIdentPart(src.charAt(k))) {
            k++;
        }
        String name = src.substring(nameStart, k);
        if (quote != 0) {
            if (k >= src.length() || src.charAt(k) != quote) {
                return false;
            }
            k++;
        }
        if (src.startsWith("\r\n", k)) {
            k += 2;
        } else if (k < src.length() && (src.charAt(k) == '\n' || src.charAt(k) == '\r')) {
            k++;
        } else {
            return false;
        }
        int line = k;
        while (line <= src.length()) {
            int m = line;
            while (m < src.length() && (src.charAt(m) == ' ' || src.charAt(m) == '\t')) {
                m++;
            }
            if (src.startsWith(name, m) && (m + name.length() >= src.length() || !isIdentPart(src.charAt(m + name.length())))) {
                add(Kind.HEREDOC, pos, m + name.length(), false);
                return true;
            }
            int nl = nextLine(line);
            if (nl < 0) {
                break;
            }
            line = nl;
        }
        add(Kind.HEREDOC, pos, src.length(), true);
        return true;
    }

    private int nextLine(int from) {
        for (int m = from; m < src.length(); m++) {
            char d = src.charAt(m);
            if (d == '\n') {
                return m + 1;
            }
            if (d == '\r') {
                return src.startsWith("\r\n", m) ? m + 2 : m + 1;
            }
        }
        return -1;
    }

    private static boolean isIdentStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }
}
