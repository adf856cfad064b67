package org.civiupgrade.php.internal;

/**
 * One lexical token of a PHP file. The text is the exact source (bytes as ISO-8859-1 chars), so
 * the concatenation of all tokens is the file.
 *
 * @param kind  what it is
 * @param start offset of the first byte
 * @param end   offset after the last byte
 * @param text  the source text
 * @param broken true when the token is unterminated (a string or comment that runs to the end)
 */
public record Token(Kind kind, int start, int end, String text, boolean broken) {
    /** Token kinds of the PHP subset configuration files use. */
    public enum Kind {
        INLINE_HTML, OPEN_TAG, CLOSE_TAG, WHITESPACE, LINE_COMMENT, BLOCK_COMMENT,
        SINGLE_QUOTED, DOUBLE_QUOTED, HEREDOC, IDENT, VARIABLE, NUMBER, PUNCT, OTHER,
        /** Everything after {@code __halt_compiler();}: data PHP never compiles. */
        HALTED_DATA
    }

    /** True for whitespace and comments, which carry no meaning. */
    public boolean trivia() {
        return kind == Kind.WHITESPACE || kind == Kind.LINE_COMMENT || kind == Kind.BLOCK_COMMENT;
    }

    public boolean is(String s) {
        return (kind == Kind.PUNCT || kind == Kind.IDENT) && text.equals(s);
    }

    public boolean isIdent(String s) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(s);
    }
}
