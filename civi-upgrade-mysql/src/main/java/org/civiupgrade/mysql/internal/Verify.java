package org.civiupgrade.mysql.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.civiupgrade.spi.support.IoProblems;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.VerifyOptions;
import org.civiupgrade.spi.db.VerifyReport;

/**
 * Proves a backup restores: a full restore into scratch schemas, then every table's checksum,
 * row count and definition and every view, trigger and routine definition compared with the
 * manifest. The scratch schemas are always dropped.
 *
 * <p>When the database user may not create {@code cuv_verify_*} schemas (the usual shared-hosting
 * grant, {@code ALL} on the site's own database only; see {@link #scratchAllowed}), the backup is
 * verified without one: every data file is decompressed and decoded, and its CRC32C (of the
 * decoded text, recorded while streaming), byte count, row count and field count per row are
 * compared with the manifest; every definition must be present. The report's
 * {@link VerifyReport#scratchSchema()} is then empty and its first note says so.
 */
public final class Verify {
    private Verify() {
    }

    /** Verifies. */
    public static VerifyReport run(DataSource ds, Path dir, VerifyOptions o) {
        Manifest m = Manifest.read(dir);
        if (o.scratchSchema().isEmpty()) {
            Grants g = Sql.with(ds, "Reading the database user's grants", Checks::grants);
            if (!scratchAllowed(g)) {
                String user = Sql.with(ds, "Reading the database user's name", Checks::account);
                return decodeOnly(dir, m, user);
            }
        }
        String scratch = o.scratchSchema().orElse("cuv_verify_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        Map<String, String> map = new LinkedHashMap<>();
        for (Manifest.SchemaEntry s : m.schemas()) {
            map.put(s.name(), s.role().equals("main") ? scratch : scratch + "_log");
        }
        List<String> notes = new ArrayList<>();
        List<String> created = new ArrayList<>();
        try {
            Sql.with(ds, "Creating the scratch schema " + scratch, c -> {
                for (String s : map.values()) {
                    try {
                        Sql.exec(c, "CREATE DATABASE " + Sql.q(s) + " CHARACTER SET utf8mb4");
                        created.add(s);
                    } catch (SQLException e) {
                        throw new UpgradeException(ErrorCode.DATABASE_ERROR, "Cannot create the scratch schema " + s
                                + " to verify the backup: " + e.getMessage(), "Grant the database user CREATE and DROP on "
                                + "`cuv\\_verify\\_%`.* (or name a scratch schema it may use), then run again.", e);
                    }
                }
                return null;
            });
            Restore.run(ds, dir, new RestoreOptions(RestoreOptions.Mode.FULL, java.util.Optional.of(scratch), o.workers(),
                    o.progress()), map);
            int[] counts = Sql.with(ds, "Comparing the restored backup", c -> compare(c, m, map, notes));
            return new VerifyReport(scratch, counts[0], counts[1], notes);
        } finally {
            if (!created.isEmpty()) {
                Sql.with(ds, "Dropping the scratch schema " + scratch, c -> {
                    for (String s : created) {
                        Sql.exec(c, "DROP DATABASE IF EXISTS " + Sql.q(s));
                    }
                    return null;
                });
            }
        }
    }

    /** The privileges a restore into a scratch schema and the comparison need on it. */
    static final java.util.Set<Grants.Privilege> SCRATCH_NEEDS = scratchNeeds();

    private static java.util.Set<Grants.Privilege> scratchNeeds() {
        java.util.Set<Grants.Privilege> s = java.util.EnumSet.copyOf(Checks.BASE);
        s.addAll(Checks.FROM_4_4);
        s.add(Grants.Privilege.SHOW_VIEW);
        return s;
    }

    /** A name scratch schemas take ({@code cuv_verify_} and 8 hex digits, {@code _log} added for the logging database). */
    static final String SCRATCH_SAMPLE = "cuv_verify_0a1b2c3d";

    /**
     * Whether the account's grants let it create, fill, compare and drop a {@code cuv_verify_*}
     * scratch schema (and its {@code _log} twin): {@link #SCRATCH_NEEDS} on such names.
     */
    public static boolean scratchAllowed(Grants g) {
        return g.onDatabase(SCRATCH_SAMPLE).containsAll(SCRATCH_NEEDS) && g.onDatabase(SCRATCH_SAMPLE + "_log").containsAll(SCRATCH_NEEDS);
    }

    /** The GRANT that enables the full verification for {@code account} ({@code 'user'@'host'}). */
    public static String scratchGrant(String account) {
        return "GRANT ALL ON `cuv\\_verify\\_%`.* TO " + account;
    }

    /** The note that opens the report of a verification without a scratch schema. */
    static String decodedNote(String account) {
        return "The backup was verified without a scratch schema (the database user may not create cuv_verify_* schemas):"
                + " every data file was decoded and its CRC32C, size and row count compared with the manifest; it was not"
                + " restored. For the full verification run as an administrator: " + scratchGrant(account) + ";";
    }

    private static VerifyReport decodeOnly(Path dir, Manifest m, String account) {
        List<String> problems = new ArrayList<>();
        int tables = 0;
        int objects = 0;
        for (Manifest.SchemaEntry s : m.schemas()) {
            for (Manifest.TableEntry t : s.tables()) {
                tables++;
                if (t.createSql() == null || t.createSql().isBlank()) {
                    problems.add("table " + t.name() + ": no definition");
                }
                try {
                    decodeTable(dir, t, problems);
                } catch (java.io.IOException | RuntimeException e) {
                    problems.add("table " + t.name() + ": " + t.file() + " cannot be decoded (" + IoProblems.describe(e) + ")");
                }
            }
            for (Manifest.ObjectEntry ob : s.objects()) {
                objects++;
                if (ob.createSql() == null || ob.createSql().isBlank()) {
                    problems.add(ob.kind().toLowerCase(java.util.Locale.ROOT) + " " + ob.name() + ": no definition");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new UpgradeException(ErrorCode.DATABASE_ERROR, "The backup in " + dir + " is not intact: "
                    + String.join("; ", problems) + ".", "Do not continue the upgrade; take a new backup and report the difference.", null);
        }
        return new VerifyReport("", tables, objects, List.of(decodedNote(account)));
    }

    private static void decodeTable(Path dir, Manifest.TableEntry t, List<String> problems) throws java.io.IOException {
        Path file = dir.resolve(t.file());
        long size = java.nio.file.Files.size(file);
        if (size != t.fileBytes()) {
            problems.add("table " + t.name() + ": " + t.file() + " holds " + size + " bytes, the manifest says " + t.fileBytes());
            return;
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        com.google.common.io.CountingInputStream counted;
        long rows = 0;
        int width = t.columns().size();
        try (java.io.InputStream raw = java.nio.file.Files.newInputStream(file);
             java.io.InputStream plain = DataFileCompression.ofFile(t.file()).decompressing(new java.io.BufferedInputStream(raw, 1 << 16));
             java.io.InputStream in = new java.io.BufferedInputStream(counted = new com.google.common.io.CountingInputStream(
                     new java.util.zip.CheckedInputStream(plain, crc)), 1 << 16)) {
            List<byte[]> row;
            while ((row = TextFormat.readRow(in)) != null) {
                if (row.size() != width) {
                    problems.add("table " + t.name() + ": row " + (rows + 1) + " has " + row.size() + " fields, the table " + width);
                    return;
                }
                rows++;
            }
        }
        if (crc.getValue() != t.crc32c()) {
            problems.add("table " + t.name() + ": " + t.file() + " is corrupt (CRC32C differs from the manifest)");
        } else if (counted.getCount() != t.dataBytes()) {
            problems.add("table " + t.name() + ": " + counted.getCount() + " bytes decoded, the manifest says " + t.dataBytes());
        } else if (rows != t.rows()) {
            problems.add("table " + t.name() + ": " + rows + " rows decoded, the manifest says " + t.rows());
        }
    }

    private static int[] compare(Connection c, Manifest m, Map<String, String> map, List<String> notes) throws SQLException {
        int tables = 0;
        int objects = 0;
        List<String> problems = new ArrayList<>();
        for (Manifest.SchemaEntry s : m.schemas()) {
            String target = map.get(s.name());
            for (Manifest.TableEntry t : s.tables()) {
                String create = showCreate(c, "SHOW CREATE TABLE " + Sql.q(target, t.name()), 2);
                if (!Definitions.normaliseTable(create).equals(Definitions.normaliseTable(t.createSql()))) {
                    problems.add("table " + t.name() + ": definition differs after restore");
                }
                if (t.checksum() == null) {
                    notes.add("table " + t.name() + " has no checksum (engine " + t.engine() + "); compared by row count and CRC only");
                } else {
                    long sum = checksum(c, target, t.name());
                    if (sum != t.checksum()) {
                        problems.add("table " + t.name() + ": checksum " + sum + " after restore, " + t.checksum() + " in the backup");
                    }
                }
                tables++;
            }
            for (Manifest.ObjectEntry ob : s.objects()) {
                String live = switch (ob.kind()) {
                    case "VIEW" -> showCreate(c, "SHOW CREATE VIEW " + Sql.q(target, ob.name()), 2);
                    case "TRIGGER" -> showCreateByLabel(c, "SHOW CREATE TRIGGER " + Sql.q(target, ob.name()), "SQL Original Statement");
                    case "FUNCTION" -> showCreateByLabel(c, "SHOW CREATE FUNCTION " + Sql.q(target, ob.name()), "Create Function");
                    case "PROCEDURE" -> showCreateByLabel(c, "SHOW CREATE PROCEDURE " + Sql.q(target, ob.name()), "Create Procedure");
                    default -> showCreateByLabel(c, "SHOW CREATE EVENT " + Sql.q(target, ob.name()), "Create Event");
                };
                String expected = normaliseObject(ob.createSql(), s.name(), target);
                if (live == null || !normaliseObject(live, target, target).equals(expected)) {
                    problems.add(ob.kind().toLowerCase(java.util.Locale.ROOT) + " " + ob.name() + ": definition differs after restore"
                            + difference(expected, live == null ? "" : normaliseObject(live, target, target)));
                }
                objects++;
            }
        }
        if (!problems.isEmpty()) {
            throw new UpgradeException(ErrorCode.DATABASE_ERROR, "The backup does not restore identically: "
                    + String.join("; ", problems) + ".", "Do not continue the upgrade; take a new backup and report the difference.", null);
        }
        return new int[] {tables, objects};
    }

    private static String difference(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 20);
        return " (backup: '..." + a.substring(from, Math.min(a.length(), i + 40)) + "', restored: '..."
                + b.substring(Math.min(from, b.length()), Math.min(b.length(), i + 40)) + "')";
    }

    /** Without DEFINER and without qualifiers naming the object's own schema (SHOW CREATE adds them when another schema is current). */
    static String normaliseObject(String sql, String ownSchema, String unused) {
        return Definitions.withoutDefiner(sql).replace(Sql.q(ownSchema) + ".", "").trim();
    }

    static long checksum(Connection c, String schema, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("CHECKSUM TABLE " + Sql.q(schema, table))) {
            rs.next();
            return rs.getLong(2);
        }
    }

    private static String showCreate(Connection c, String sql, int column) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            byte[] b = rs.getBytes(column);
            return b == null ? null : new String(b, StandardCharsets.UTF_8);
        }
    }

    private static String showCreateByLabel(Connection c, String sql, String label) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            byte[] b = rs.getBytes(label);
            return b == null ? null : new String(b, StandardCharsets.UTF_8);
        }
    }
}
