package org.civiupgrade.mysql.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes rows in the {@link TextFormat} into its own buffer, escaping in one pass, and hands the
 * buffer to the underlying stream in large chunks (no per-field calls through stream layers).
 * Not thread-safe; one per table.
 */
final class TextWriter {
    private final OutputStream out;
    private final byte[] buf;
    private int pos;
    private long written;

    TextWriter(OutputStream out, int size) {
        this.out = out;
        this.buf = new byte[Math.max(size, 64)];
    }

    /** Writes one field value (null for NULL), escaped as {@link TextFormat#writeField} does. */
    void field(byte[] value) throws IOException {
        if (value == null) {
            room(2);
            buf[pos++] = '\\';
            buf[pos++] = 'N';
            return;
        }
        int n = value.length;
        if (2 * n <= buf.length) {
            room(2 * n);
            int p = pos;
            byte[] b = buf;
            for (int i = 0; i < n; i++) {
                byte c = value[i];
                switch (c) {
                    case '\\' -> {
                        b[p++] = '\\';
                        b[p++] = '\\';
                    }
                    case 0 -> {
                        b[p++] = '\\';
                        b[p++] = '0';
                    }
                    case '\t' -> {
                        b[p++] = '\\';
                        b[p++] = 't';
                    }
                    case '\n' -> {
                        b[p++] = '\\';
                        b[p++] = 'n';
                    }
                    default -> b[p++] = c;
                }
            }
            pos = p;
        } else {
            drain();
            TextFormat.writeField(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    written++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written += len;
                }
            }, value);
        }
    }

    /** Writes the field separator. */
    void tab() throws IOException {
        room(1);
        buf[pos++] = '\t';
    }

    /** Ends a row. */
    void newline() throws IOException {
        room(1);
        buf[pos++] = '\n';
    }

    /** Bytes of text written so far, escapes included (the file before compression). */
    long written() {
        return written + pos;
    }

    /** Hands everything buffered to the underlying stream and flushes it. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void room(int n) throws IOException {
        if (pos + n > buf.length) {
            drain();
        }
    }

    private void drain() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            written += pos;
            pos = 0;
        }
    }
}
