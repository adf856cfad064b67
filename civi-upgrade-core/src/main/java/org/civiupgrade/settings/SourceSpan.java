package org.civiupgrade.settings;

/**
 * A range of bytes in a settings file.
 *
 * @param start offset of the first byte
 * @param end   offset after the last byte
 * @param line  1-based line of the first byte
 */
public record SourceSpan(int start, int end, int line) {
    public SourceSpan {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end);
        }
    }

    /**
     * The span's length.
     *
     * @return {@code end - start}, in characters of the source
     */
    public int length() {
        return end - start;
    }
}
