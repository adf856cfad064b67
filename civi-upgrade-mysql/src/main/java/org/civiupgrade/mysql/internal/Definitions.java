package org.civiupgrade.mysql.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rewrites object definitions for restoring: DEFINER removed (so the restoring user becomes it), schema renamed. */
public final class Definitions {
    private static final Pattern DEFINER = Pattern.compile(
            "\\bDEFINER\\s*=\\s*(?:`(?:[^`]|``)*`|'(?:[^']|'')*'|[^\\s@]+)(?:\\s*@\\s*(?:`(?:[^`]|``)*`|'(?:[^']|'')*'|[^\\s]+))?\\s+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AUTO_INCREMENT = Pattern.compile("\\s+AUTO_INCREMENT=\\d+");

    private Definitions() {
    }

    /** Removes the first {@code DEFINER=user@host} clause: the object is created with the current user as definer. */
    public static String withoutDefiner(String sql) {
        Matcher m = DEFINER.matcher(sql);
        return m.find() ? sql.substring(0, m.start()) + sql.substring(m.end()) : sql;
    }

    /** Replaces {@code `from`.} qualifiers (as SHOW CREATE VIEW writes them) by {@code `to`.}. */
    public static String renameSchema(String sql, String from, String to) {
        if (from.equals(to)) {
            return sql;
        }
        return sql.replace(Sql.q(from) + ".", Sql.q(to) + ".");
    }

    /** A table definition without its AUTO_INCREMENT counter, for comparing definitions. */
    public static String normaliseTable(String createSql) {
        return AUTO_INCREMENT.matcher(createSql).replaceAll("");
    }
}
