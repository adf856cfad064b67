package org.civiupgrade.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Locale;

/**
 * Splits a {@code mysqldump} / {@code mariadb-dump} script into statements the way the
 * {@code mariadb} client does: a {@code DELIMITER x} line at the start of a statement changes the
 * delimiter; quoted strings ({@code '...'}, {@code "..."} with backslash escapes, {@code `...`})
 * never end a statement; {@code -- } and {@code #} comments and plain {@code /* *}{@code /}
 * comments are dropped; executable comments ({@code /*!50003 ... *}{@code /}) are kept, since the
 * server runs them.
 */
final class SqlScript {
    /** One statement, without its delimiter, and the line it starts on (1-based). */
    record Sql(String text, int line) {
    }

    private final BufferedReader in;
    private String delimiter = ";";
    private String pending;
    private int lineNo;

    SqlScript(BufferedReader in) {
        this.in = in;
    }

    /** The next statement, or null at the end of the script. */
    Sql next() throws IOException {
        StringBuilder sql = new StringBuilder();
        int startLine = -1;
        char quote = 0;
        boolean blockComment = false;
        while (true) {
            String line = pending != null ? pending : in.readLine();
            pending = null;
            if (line == null) {
                String rest = sql.toString().trim();
                return rest.isEmpty() ? null : new Sql(rest, startLine);
            }
            lineNo++;
            if (quote == 0 && !blockComment && sql.toString().isBlank()) {
                String t = line.trim();
                if (t.toUpperCase(Locale.ROOT).startsWith("DELIMITER ")) {
                    delimiter = t.substring("DELIMITER ".length()).trim();
                    continue;
                }
            }
            int i = 0;
            int n = line.length();
            while (i < n) {
                char ch = line.charAt(i);
                if (blockComment) {
                    int end = line.indexOf("*/", i);
                    if (end < 0) {
                        i = n;
                    } else {
                        blockComment = false;
                        i = end + 2;
                    }
                    continue;
                }
                if (quote != 0) {
                    sql.append(ch);
                    if (ch == '\\' && quote != '`' && i + 1 < n) {
                        sql.append(line.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    if (ch == quote) {
                        quote = 0;
                    }
                    i++;
                    continue;
                }
                if (line.startsWith(delimiter, i)) {
                    String text = sql.toString().trim();
                    String rest = line.substring(i + delimiter.length());
                    pending = rest.isBlank() ? null : rest;
                    if (pending != null) {
                        lineNo--;
                    }
                    if (text.isEmpty()) {
                        sql.setLength(0);
                        startLine = -1;
                        i = n;
                        if (pending != null) {
                            break;
                        }
                        continue;
                    }
                    return new Sql(text, startLine);
                }
                if (ch == '\'' || ch == '"' || ch == '`') {
                    quote = ch;
                } else if (ch == '#' || (ch == '-' && line.startsWith("-- ", i)) || (ch == '-' && line.substring(i).equals("--"))) {
                    break;
                } else if (ch == '/' && line.startsWith("/*", i) && !line.startsWith("/*!", i)) {
                    blockComment = true;
                    i += 2;
                    continue;
                }
                if (startLine < 0 && !Character.isWhitespace(ch)) {
                    startLine = lineNo;
                }
                sql.append(ch);
                i++;
            }
            if (sql.length() > 0) {
                sql.append('\n');
            }
        }
    }
}
