package org.civiupgrade.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.civiupgrade.spi.db.DatabaseObject;
import org.civiupgrade.spi.db.DatabaseObject.Kind;
import org.civiupgrade.spi.db.DatabaseObject.Owner;
import org.civiupgrade.spi.db.ObjectScope;

/** Lists a schema's objects from information_schema and classifies them with {@link Ownership}. */
public final class Inventory {
    private static final Set<String> NUMBER_TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint",
            "decimal", "numeric", "float", "double", "real", "year");
    private static final Set<String> BINARY_TYPES = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");
    private static final Set<String> UNSUPPORTED = Set.of("geometry", "point", "linestring", "polygon", "multipoint",
            "multilinestring", "multipolygon", "geometrycollection");

    private Inventory() {
    }

    /** Every object of the schema ({@code logging} true for a separate logging database). */
    public static List<DatabaseObject> list(Connection c, String schema, String prefix, boolean logging) throws SQLException {
        List<DatabaseObject> out = new ArrayList<>();
        java.util.Map<String, Owner> tableOwners = new java.util.HashMap<>();
        for (String[] r : Sql.rows(c, "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
                + " ORDER BY TABLE_NAME", schema)) {
            Owner o = Ownership.ofTable(r[0], prefix, logging);
            tableOwners.put(r[0], o);
            out.add(new DatabaseObject(schema, "VIEW".equals(r[1]) ? Kind.VIEW : Kind.TABLE, r[0], o));
        }
        for (String[] r : Sql.rows(c, "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?"
                + " ORDER BY TRIGGER_NAME", schema)) {
            out.add(new DatabaseObject(schema, Kind.TRIGGER, r[0],
                    tableOwners.getOrDefault(r[1], Ownership.ofTable(r[1], prefix, logging))));
        }
        for (String[] r : Sql.rows(c, "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?"
                + " AND ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE') ORDER BY ROUTINE_NAME", schema)) {
            out.add(new DatabaseObject(schema, Kind.valueOf(r[1]), r[0], logging ? Owner.CMS : Ownership.ofRoutine(r[0])));
        }
        for (String[] r : Sql.rows(c, "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME",
                schema)) {
            out.add(new DatabaseObject(schema, Kind.EVENT, r[0], logging ? Owner.CMS : Ownership.ofRoutine(r[0])));
        }
        return out;
    }

    /** The objects of the main schema and the logging database of the scope. */
    public static List<DatabaseObject> list(Connection c, ObjectScope scope) throws SQLException {
        String main = Sql.schemaOf(c);
        List<DatabaseObject> all = new ArrayList<>(list(c, main, scope.cmsTablePrefix(), false));
        if (scope.loggingDatabase().isPresent() && !scope.loggingDatabase().get().equals(main)) {
            all.addAll(list(c, scope.loggingDatabase().get(), "", true));
        }
        return all;
    }

    /** The columns of a table as they are dumped (generated columns are left out). */
    public static List<Manifest.Column> columns(Connection c, String schema, String table) throws SQLException {
        List<Manifest.Column> out = new ArrayList<>();
        for (String[] r : Sql.rows(c, "SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_SET_NAME, EXTRA FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", schema, table)) {
            String type = r[1].toLowerCase(Locale.ROOT);
            String extra = r[3] == null ? "" : r[3].toUpperCase(Locale.ROOT);
            if (extra.contains("GENERATED") || extra.contains("VIRTUAL") || extra.contains("PERSISTENT") || extra.contains("STORED")) {
                continue;
            }
            if (UNSUPPORTED.contains(type)) {
                throw new SQLException("Column " + table + "." + r[0] + " has spatial type " + type
                        + ", which the native backup does not handle.");
            }
            String kind = type.equals("bit") ? "BIT" : NUMBER_TYPES.contains(type) ? "NUMBER"
                    : BINARY_TYPES.contains(type) ? "BINARY" : "TEXT";
            out.add(new Manifest.Column(r[0], kind, r[2]));
        }
        return out;
    }
}
