package org.civiupgrade.mysql.internal;

import org.civiupgrade.spi.support.IoProblems;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;

/**
 * Writes a native backup as one SQL script in mysqldump's style, for {@code mysql db < dump.sql}:
 * tables with extended INSERTs (binary columns as hex, text columns in their own character set),
 * views, routines and triggers (created after the data) without DEFINER. A separate logging
 * database is created and filled by name at the end.
 */
public final class SqlDump {
    private static final int STATEMENT_BYTES = 1 << 20;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private SqlDump() {
    }

    /** Writes the script. */
    public static void write(Path dir, OutputStream target) {
        Manifest m = Manifest.read(dir);
        try {
            BufferedOutputStream out = new BufferedOutputStream(target, 1 << 16);
            text(out, "-- civi-upgrade SQL dump of " + m.schemas().get(0).name() + ", taken " + m.createdAt()
                    + " from server " + m.serverVersion() + "\n"
                    + "/*!40101 SET NAMES utf8mb4 */;\n/*!40103 SET TIME_ZONE='+00:00' */;\n"
                    + "/*!40014 SET FOREIGN_KEY_CHECKS=0 */;\n/*!40014 SET UNIQUE_CHECKS=0 */;\n"
                    + "/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n/*!40111 SET SQL_NOTES=0 */;\n\n");
            for (Manifest.SchemaEntry s : m.schemas()) {
                if (s.role().equals("logging")) {
                    text(out, "CREATE DATABASE IF NOT EXISTS " + Sql.q(s.name()) + ";\nUSE " + Sql.q(s.name()) + ";\n\n");
                }
                for (Manifest.TableEntry t : s.tables()) {
                    table(out, dir, t);
                }
                for (String kind : List.of("VIEW", "FUNCTION", "PROCEDURE", "EVENT", "TRIGGER")) {
                    for (Manifest.ObjectEntry ob : s.objects()) {
                        if (!ob.kind().equals(kind)) {
                            continue;
                        }
                        String sql = Definitions.renameSchema(Definitions.withoutDefiner(ob.createSql()), s.name(), s.name());
                        if (kind.equals("VIEW")) {
                            text(out, "DROP VIEW IF EXISTS " + Sql.q(ob.name()) + ";\n" + stripQualifier(sql, s.name()) + ";\n\n");
                        } else {
                            text(out, "DROP " + kind + " IF EXISTS " + Sql.q(ob.name()) + ";\n/*!50003 SET SESSION SQL_MODE="
                                    + Sql.literal(ob.sqlMode() == null ? "" : ob.sqlMode()) + " */;\nDELIMITER ;;\n" + sql
                                    + " ;;\nDELIMITER ;\n/*!50003 SET SESSION SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n\n");
                        }
                    }
                }
            }
            text(out, "/*!40014 SET FOREIGN_KEY_CHECKS=1 */;\n/*!40014 SET UNIQUE_CHECKS=1 */;\n-- Dump completed\n");
            out.flush();
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.FILE_ERROR, "Writing the SQL dump of " + dir + " failed", e);
        }
    }

    /** Views in the main schema are written without their schema qualifier, so the script restores into any database. */
    private static String stripQualifier(String sql, String schema) {
        return sql.replace(Sql.q(schema) + ".", "");
    }

    private static void table(OutputStream out, Path dir, Manifest.TableEntry t) throws IOException {
        text(out, "DROP TABLE IF EXISTS " + Sql.q(t.name()) + ";\n" + t.createSql() + ";\n");
        if (t.rows() == 0) {
            text(out, "\n");
            return;
        }
        String head = "INSERT INTO " + Sql.q(t.name()) + " (" + String.join(", ", t.columns().stream().map(c -> Sql.q(c.name())).toList())
                + ") VALUES ";
        try (InputStream in = new BufferedInputStream(DataFileCompression.ofFile(t.file())
                .decompressing(new BufferedInputStream(Files.newInputStream(dir.resolve(t.file())), 1 << 16)), 1 << 16)) {
            List<byte[]> row;
            long inStatement = 0;
            while ((row = TextFormat.readRow(in)) != null) {
                if (inStatement == 0) {
                    text(out, head);
                } else {
                    out.write(',');
                }
                out.write('(');
                for (int i = 0; i < row.size(); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    inStatement += value(out, row.get(i), t.columns().get(i));
                }
                out.write(')');
                inStatement += 3;
                if (inStatement > STATEMENT_BYTES) {
                    text(out, ";\n");
                    inStatement = 0;
                }
            }
            if (inStatement > 0) {
                text(out, ";\n");
            }
        }
        text(out, "\n");
    }

    private static int value(OutputStream out, byte[] v, Manifest.Column c) throws IOException {
        if (v == null) {
            text(out, "NULL");
            return 4;
        }
        switch (c.kind()) {
            case "NUMBER", "BIT" -> {
                out.write(v);
                return v.length;
            }
            case "BINARY" -> {
                if (v.length == 0) {
                    text(out, "''");
                    return 2;
                }
                out.write('0');
                out.write('x');
                for (byte b : v) {
                    out.write(HEX[(b >> 4) & 0xF]);
                    out.write(HEX[b & 0xF]);
                }
                return 2 + v.length * 2;
            }
            default -> {
                String cs = c.charset() == null ? "" : c.charset().toLowerCase(Locale.ROOT);
                if (!cs.isEmpty() && !cs.startsWith("utf8")) {
                    text(out, "_" + cs);
                }
                out.write('\'');
                for (byte b : v) {
                    switch (b) {
                        case 0 -> text(out, "\\0");
                        case '\'' -> text(out, "\\'");
                        case '\\' -> text(out, "\\\\");
                        case '\n' -> text(out, "\\n");
                        case '\r' -> text(out, "\\r");
                        case 0x1a -> text(out, "\\Z");
                        default -> out.write(b);
                    }
                }
                out.write('\'');
                return v.length + 2;
            }
        }
    }

    private static void text(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }
}
