package org.civiupgrade.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.civiupgrade.CheckResult;

/**
 * The server's global {@code sql_mode} (what the upgrader's connections get) against zero dates in
 * CiviCRM's DATE, DATETIME and TIMESTAMP columns: under a strict mode with {@code NO_ZERO_DATE} or
 * {@code NO_ZERO_IN_DATE}, an ALTER TABLE that copies the rows (a column type change, or one the
 * server cannot do in place) fails with error 1292 on such values, and any ALTER TABLE fails with
 * error 1067 on such defaults. Cost: one information_schema query, then one
 * scan per table that has date columns (all its columns in one SELECT).
 */
final class SqlModeCheck {
    private SqlModeCheck() {
    }

    private record Column(String table, String name, boolean nullable, String type, String defaultValue) {
    }

    /** Zero values found in one column. */
    record Found(String schema, String table, String column, boolean nullable, long zeroDates, long zeroInDates, boolean zeroDefault) {
    }

    static List<CheckResult> run(Connection c, String main, Optional<String> logging) throws SQLException {
        SqlMode mode = SqlMode.parse(Sql.one(c, "SELECT @@GLOBAL.sql_mode").orElse(""));
        List<Found> found = new ArrayList<>();
        scan(c, main, "civicrm\\_%", found);
        // CiviCRM's log tables live in the logging database, which is the main one unless CIVICRM_LOGGING_DSN names another
        scan(c, logging.orElse(main), "log\\_civicrm\\_%", found);
        return judge(mode, found);
    }

    static void scan(Connection c, String schema, String tableLike, List<Found> out) throws SQLException {
        Map<String, List<Column>> byTable = new LinkedHashMap<>();
        for (String[] r : Sql.rows(c, "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.IS_NULLABLE, c.COLUMN_TYPE, c.COLUMN_DEFAULT"
                + " FROM information_schema.COLUMNS c JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA"
                + " AND t.TABLE_NAME = c.TABLE_NAME WHERE c.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE'"
                + " AND c.TABLE_NAME LIKE ? AND c.DATA_TYPE IN ('date', 'datetime', 'timestamp')"
                + " ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION", schema, tableLike)) {
            byTable.computeIfAbsent(r[0], k -> new ArrayList<>()).add(new Column(r[0], r[1], "YES".equals(r[2]), r[3], r[4]));
        }
        for (Map.Entry<String, List<Column>> e : byTable.entrySet()) {
            List<Column> cols = e.getValue();
            String select = cols.stream().map(col -> {
                String v = "CAST(" + Sql.q(col.name()) + " AS CHAR)";
                return "COALESCE(SUM(" + v + " LIKE '0000-00-00%'), 0), COALESCE(SUM(" + v + " NOT LIKE '0000-00-00%' AND (SUBSTRING(" + v
                        + ", 6, 2) = '00' OR SUBSTRING(" + v + ", 9, 2) = '00')), 0)";
            }).collect(Collectors.joining(", "));
            String[] counts = Sql.rows(c, "SELECT " + select + " FROM " + Sql.q(schema, e.getKey())).get(0);
            for (int i = 0; i < cols.size(); i++) {
                Column col = cols.get(i);
                long zero = Long.parseLong(counts[2 * i]);
                long zeroIn = Long.parseLong(counts[2 * i + 1]);
                boolean zeroDefault = col.defaultValue() != null && col.defaultValue().replace("'", "").startsWith("0000-00-00");
                if (zero > 0 || zeroIn > 0 || zeroDefault) {
                    out.add(new Found(schema, col.table(), col.name(), col.nullable(), zero, zeroIn, zeroDefault));
                }
            }
        }
    }

    private static String describe(Found f) {
        List<String> parts = new ArrayList<>();
        if (f.zeroDates() > 0) {
            parts.add(f.zeroDates() + " zero date(s)");
        }
        if (f.zeroInDates() > 0) {
            parts.add(f.zeroInDates() + " date(s) with a zero month or day");
        }
        if (f.zeroDefault()) {
            parts.add("a zero DEFAULT");
        }
        return f.table() + "." + f.column() + " (" + String.join(", ", parts) + ")";
    }

    private static String fix(Found f) {
        String v = "CAST(" + Sql.q(f.column()) + " AS CHAR)";
        return "UPDATE " + Sql.q(f.schema(), f.table()) + " SET " + Sql.q(f.column()) + " = NULL WHERE " + v
                + " LIKE '0000-00-00%' OR SUBSTRING(" + v + ", 6, 2) = '00' OR SUBSTRING(" + v + ", 9, 2) = '00';";
    }

    static List<CheckResult> judge(SqlMode mode, List<Found> found) {
        List<CheckResult> out = new ArrayList<>();
        String shown = String.join(",", mode.modes().stream().sorted().toList());
        List<Found> trips = found.stream().filter(f -> mode.rejectsZeroDates() && (f.zeroDates() > 0 || f.zeroDefault())
                || mode.rejectsZeroInDates() && f.zeroInDates() > 0).toList();
        String laxMode = "SET GLOBAL sql_mode = '" + mode.without("NO_ZERO_DATE", "NO_ZERO_IN_DATE") + "'";
        if (!trips.isEmpty()) {
            List<String> updates = trips.stream().filter(f -> f.nullable() && (f.zeroDates() > 0 || f.zeroInDates() > 0))
                    .map(SqlModeCheck::fix).toList();
            out.add(CheckResult.blocker("mysql.sql-mode", "The server's sql_mode (" + shown + ") rejects zero dates, and CiviCRM"
                    + " columns hold them: " + trips.stream().map(SqlModeCheck::describe).collect(Collectors.joining(", "))
                    + ". An upgrade step that copies one of these tables (a column type change such as DATETIME to TIMESTAMP,"
                    + " or any ALTER TABLE the server cannot do in place) fails with error 1292 (Incorrect date value)"
                    + (trips.stream().anyMatch(Found::zeroDefault) ? "; any ALTER TABLE of a table with a zero DEFAULT fails"
                    + " with error 1067 (Invalid default value)" : "") + ".",
                    "Either run the upgrade with a sql_mode that accepts them (as an administrator: " + laxMode
                    + "; and the same in my.cnf, restored afterwards)"
                    + (updates.isEmpty() ? "" : ", or clear the values: " + String.join(" ", updates)) + "."));
        } else if (mode.zeroesZeroInDates() && found.stream().anyMatch(f -> f.zeroInDates() > 0)) {
            out.add(CheckResult.warning("mysql.sql-mode", "The server's sql_mode (" + shown + ") has NO_ZERO_IN_DATE without"
                    + " strict mode: a table copy turns dates with a zero month or day into 0000-00-00 in "
                    + found.stream().filter(f -> f.zeroInDates() > 0).map(SqlModeCheck::describe).collect(Collectors.joining(", ")) + ".",
                    "To keep the values, run the upgrade with: " + laxMode + ";"));
        } else if (!found.isEmpty()) {
            out.add(CheckResult.info("mysql.sql-mode", "CiviCRM columns hold zero dates ("
                    + found.stream().map(SqlModeCheck::describe).collect(Collectors.joining(", ")) + "); the server's sql_mode ("
                    + shown + ") accepts them."));
        } else {
            out.add(CheckResult.info("mysql.sql-mode", "No CiviCRM date column holds a zero date; sql_mode is " + shown + "."));
        }
        if (mode.has("ONLY_FULL_GROUP_BY")) {
            out.add(CheckResult.warning("mysql.sql-mode", "The server's sql_mode has ONLY_FULL_GROUP_BY: CiviCRM releases before"
                    + " 4.7.21 fail many queries with error 1055, and extensions may too.",
                    "Run the upgrade with: SET GLOBAL sql_mode = '" + mode.without("ONLY_FULL_GROUP_BY") + "';"));
        }
        return out;
    }
}
