package org.civiupgrade.settings.internal;

import java.util.ArrayList;
import java.util.List;
import org.civiupgrade.settings.internal.Token.Kind;

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

    private static boolean isIdentStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }
}
