package org.civiupgrade.mysql.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code LOAD DATA} text format civi-upgrade writes: fields separated by TAB, rows ended by
 * LF, {@code \N} for NULL, and backslash escapes for backslash, NUL, TAB and LF; every other byte
 * is written raw (the data is loaded with {@code CHARACTER SET binary}).
 */
public final class TextFormat {
    private TextFormat() {
    }

    /** Writes one field value (null for NULL). */
    public static void writeField(OutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.write('\\');
            out.write('N');
            return;
        }
        int start = 0;
        for (int i = 0; i < value.length; i++) {
            byte b = value[i];
            byte esc;
            switch (b) {
                case '\\' -> esc = '\\';
                case 0 -> esc = '0';
                case '\t' -> esc = 't';
                case '\n' -> esc = 'n';
                default -> esc = -1;
            }
            if (esc != -1) {
                out.write(value, start, i - start);
                out.write('\\');
                out.write(esc);
                start = i + 1;
            }
        }
        out.write(value, start, value.length - start);
    }

    /**
     * Reads one row, or null at the end of the stream. NULL fields are null.
     *
     * @throws IOException on a truncated row
     */
    public static List<byte[]> readRow(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            return null;
        }
        List<byte[]> fields = new ArrayList<>();
        java.io.ByteArrayOutputStream cur = new java.io.ByteArrayOutputStream();
        boolean isNull = false;
        while (true) {
            if (b < 0) {
                throw new IOException("Truncated row in backup data");
            }
            if (b == '\n' || b == '\t') {
                fields.add(isNull ? null : cur.toByteArray());
                cur.reset();
                isNull = false;
                if (b == '\n') {
                    return fields;
                }
            } else if (b == '\\') {
                int n = in.read();
                switch (n) {
                    case 'N' -> isNull = true;
                    case '0' -> cur.write(0);
                    case 't' -> cur.write('\t');
                    case 'n' -> cur.write('\n');
                    case '\\' -> cur.write('\\');
                    case -1 -> throw new IOException("Truncated escape in backup data");
                    default -> cur.write(n);
                }
            } else {
                cur.write(b);
            }
            b = in.read();
        }
    }
}
