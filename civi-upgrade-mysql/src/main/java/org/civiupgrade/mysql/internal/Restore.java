package org.civiupgrade.mysql.internal;

import com.mysql.cj.jdbc.JdbcStatement;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import javax.sql.DataSource;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.DatabaseObject;
import org.civiupgrade.spi.DatabaseObject.Kind;
import org.civiupgrade.spi.RestoreOptions;
import org.civiupgrade.spi.RestoreSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a native backup: tables in parallel with {@code LOAD DATA LOCAL INFILE} fed from the
 * compressed data files ({@code setLocalInfileInputStream}), then views, routines, events and, last,
 * triggers, each without its DEFINER so a user without SUPER can create it. Selective mode (the
 * rollback) touches CiviCRM's objects only.
 */
public final class Restore {
    private static final Logger LOG = LoggerFactory.getLogger(Restore.class);
    static final String SESSION = "SET SESSION foreign_key_checks = 0, unique_checks = 0,"
            + " sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'";

    private Restore() {
    }

    /** A table to load; with {@code checkFirst}, only when its live checksum differs from the backup's. */
    private record Load(String schema, Manifest.TableEntry table, boolean checkFirst) {
        long cost() {
            return checkFirst ? table.dataBytes() : 3 * table.dataBytes() + 1;
        }
    }

    /**
     * Restores. {@code schemaMap} maps each manifest schema name to the schema to restore into.
     */
    public static RestoreSummary run(DataSource ds, Path dir, RestoreOptions o, Map<String, String> schemaMapOverride) {
        Manifest m = Manifest.read(dir);
        boolean selective = o.mode() == RestoreOptions.Mode.SELECTIVE;
        List<String> restored = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        List<Load> loads = new ArrayList<>();
        Set<String> repaired = new java.util.HashSet<>();
        Map<String, String> schemaMap = new LinkedHashMap<>();
        try (Connection c = ds.getConnection()) {
            String current = Sql.schemaOf(c);
            for (Manifest.SchemaEntry s : m.schemas()) {
                String target = schemaMapOverride.getOrDefault(s.name(),
                        s.role().equals("main") ? o.targetSchema().orElse(current) : s.name());
                schemaMap.put(s.name(), target);
            }
            List<org.civiupgrade.CheckResult> blockers = Checks.restorable(c, m).stream()
                    .filter(org.civiupgrade.CheckResult::isBlocker).toList();
            if (!blockers.isEmpty()) {
                throw new UpgradeException(ErrorCode.CHECK_FAILED, "The backup in " + dir + " cannot be restored on this server: "
                        + blockers.stream().map(org.civiupgrade.CheckResult::message).collect(Collectors.joining(" ")),
                        blockers.stream().map(org.civiupgrade.CheckResult::remedy).collect(Collectors.joining(" ")), null);
            }
            Sql.exec(c, SESSION);
            for (Manifest.SchemaEntry s : m.schemas()) {
                String target = schemaMap.get(s.name());
                if (Sql.one(c, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", target).isEmpty()) {
                    Sql.exec(c, "CREATE DATABASE " + Sql.q(target) + " CHARACTER SET utf8mb4");
                }
                boolean logging = s.role().equals("logging");
                List<DatabaseObject> existing = Inventory.list(c, target, s.cmsTablePrefix(), logging);
                Set<String> inBackupTables = s.tables().stream().map(Manifest.TableEntry::name).collect(Collectors.toSet());
                Set<String> inBackupObjects = s.objects().stream().map(x -> x.kind() + ":" + x.name()).collect(Collectors.toSet());
                // 1. triggers, views, routines and events go first; they are all recreated at the end
                for (DatabaseObject ob : existing) {
                    boolean mine = selective ? ob.civicrm() : ob.civicrm() || inBackupObjects.contains(ob.kind() + ":" + ob.name());
                    if (!mine) {
                        continue;
                    }
                    switch (ob.kind()) {
                        case TRIGGER -> Sql.exec(c, "DROP TRIGGER IF EXISTS " + Sql.q(target, ob.name()));
                        case VIEW -> Sql.exec(c, "DROP VIEW IF EXISTS " + Sql.q(target, ob.name()));
                        case FUNCTION -> Sql.exec(c, "DROP FUNCTION IF EXISTS " + Sql.q(target, ob.name()));
                        case PROCEDURE -> Sql.exec(c, "DROP PROCEDURE IF EXISTS " + Sql.q(target, ob.name()));
                        case EVENT -> Sql.exec(c, "DROP EVENT IF EXISTS " + Sql.q(target, ob.name()));
                        default -> {
                        }
                    }
                }
                // 2. CiviCRM tables the backup does not know were created after it: drop them
                Map<String, DatabaseObject> existingTables = new HashMap<>();
                for (DatabaseObject ob : existing) {
                    if (ob.kind() == Kind.TABLE) {
                        existingTables.put(ob.name(), ob);
                        if (ob.civicrm() && !inBackupTables.contains(ob.name())) {
                            Sql.exec(c, "DROP TABLE IF EXISTS " + Sql.q(target, ob.name()));
                            dropped.add(target + "." + ob.name());
                        }
                    }
                }
                // 3. which tables to load
                for (Manifest.TableEntry t : s.tables()) {
                    if (selective && !t.civicrm()) {
                        continue;
                    }
                    if (selective && existingTables.containsKey(t.name()) && !existingTables.get(t.name()).civicrm()) {
                        continue; // never touch a CMS table, whatever the backup says
                    }
                    // a table whose definition differs is reloaded without reading it; one with the same
                    // definition is checksummed (in parallel, below) and reloaded only if its data differs
                    boolean check = false;
                    if (selective && existingTables.containsKey(t.name())) {
                        check = sameDefinition(c, target, t);
                        if (!check && withoutAddedColumns(c, target, t)) {
                            check = true;
                            repaired.add(target + "." + t.name());
                        }
                    }
                    loads.add(new Load(target, t, check));
                }
            }
        } catch (SQLException e) {
            throw Sql.error("Preparing the restore of " + dir, e);
        }
        Set<Load> same = ConcurrentHashMap.newKeySet();
        long rows = load(ds, dir, loads, o, same);
        for (Load l : loads) {
            String name = l.schema() + "." + l.table().name();
            (same.contains(l) && !repaired.contains(name) ? unchanged : restored).add(name);
        }
        int objects = recreateObjects(ds, m, schemaMap, selective);
        LOG.info("Restore from {}: {} tables loaded, {} unchanged, {} dropped, {} objects recreated", dir, restored.size(),
                unchanged.size(), dropped.size(), objects);
        return new RestoreSummary(restored, unchanged, dropped, objects, rows);
    }

    /** True when the live table has the backed-up definition and the backup has a checksum to compare. */
    private static boolean sameDefinition(Connection c, String schema, Manifest.TableEntry t) throws SQLException {
        if (t.checksum() == null) {
            return false;
        }
        String create;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + Sql.q(schema, t.name()))) {
            rs.next();
            create = rs.getString(2);
        }
        return Definitions.normaliseTable(create).equals(Definitions.normaliseTable(t.createSql()));
    }

    /**
     * The usual upgrade change to a table is columns added. When the live table holds the backup's
     * columns in the same order plus others, those others are dropped (only if the server can do it
     * instantly) and the definitions compared again; true when they are now the same, so the data
     * can be proved unchanged by its checksum instead of reloaded. Sound either way: a table is only
     * kept when definition and checksum both equal the backup's, otherwise it is reloaded.
     */
    private static boolean withoutAddedColumns(Connection c, String schema, Manifest.TableEntry t) throws SQLException {
        if (t.checksum() == null) {
            return false;
        }
        List<String> live = Sql.rows(c, "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", schema, t.name()).stream().map(r -> r[0]).toList();
        List<String> backup = t.columns().stream().map(Manifest.Column::name).toList();
        if (live.size() <= backup.size()) {
            return false;
        }
        List<String> added = new ArrayList<>();
        int j = 0;
        for (String col : live) {
            if (j < backup.size() && backup.get(j).equalsIgnoreCase(col)) {
                j++;
            } else {
                added.add(col);
            }
        }
        if (j != backup.size()) {
            return false;
        }
        try {
            Sql.exec(c, "ALTER TABLE " + Sql.q(schema, t.name()) + " "
                    + added.stream().map(a -> "DROP COLUMN " + Sql.q(a)).collect(Collectors.joining(", ")) + ", ALGORITHM=INSTANT");
        } catch (SQLException e) {
            LOG.debug("{}.{}: added columns not dropped instantly ({}), the table is reloaded", schema, t.name(), e.getMessage());
            return false;
        }
        return sameDefinition(c, schema, t);
    }

    /** True when the live table's {@code CHECKSUM TABLE} equals the backup's. */
    private static boolean sameChecksum(Connection c, String schema, Manifest.TableEntry t) throws SQLException {
        long tStart = System.nanoTime();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("CHECKSUM TABLE " + Sql.q(schema, t.name()))) {
            boolean same = rs.next() && rs.getLong(2) == t.checksum() && !rs.wasNull();
            LOG.debug("{}.{}: checksum {} ms, {}", schema, t.name(), (System.nanoTime() - tStart) / 1_000_000,
                    same ? "unchanged" : "changed");
            return same;
        }
    }

    /**
     * Loads the tables in parallel, costliest first; a table marked {@code checkFirst} is
     * checksummed and, when unchanged, added to {@code same} instead of loaded (when it differs, the
     * worker that checked it loads it). With tables to check, one extra connection checks them
     * (largest first) while the workers load, and each side helps the other once its queue is empty.
     */
    private static long load(DataSource ds, Path dir, List<Load> loads, RestoreOptions o, Set<Load> same) {
        if (loads.isEmpty()) {
            return 0;
        }
        ConcurrentLinkedQueue<Load> queue = new ConcurrentLinkedQueue<>(loads.stream().filter(l -> !l.checkFirst())
                .sorted(Comparator.comparingLong(Load::cost).reversed()).toList());
        ConcurrentLinkedQueue<Load> checks = new ConcurrentLinkedQueue<>(loads.stream().filter(Load::checkFirst)
                .sorted(Comparator.comparingLong(Load::cost).reversed()).toList());
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong rows = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long total = loads.stream().mapToLong(l -> l.table().dataBytes()).sum();
        List<Thread> threads = new ArrayList<>();
        int loaders = Math.min(o.workers(), queue.size());
        int n = Math.min(o.workers() + (checks.isEmpty() ? 0 : 1), loads.size());
        for (int i = 0; i < n; i++) {
            boolean checksFirst = i >= loaders;
            Thread th = new Thread(() -> {
                Connection c = null;
                boolean broken = false;
                try {
                    c = ds.getConnection();
                    Sql.exec(c, SESSION);
                    Load l;
                    while (failure.get() == null && (l = next(checksFirst ? checks : queue, checksFirst ? queue : checks)) != null) {
                        try {
                            if (l.checkFirst() && sameChecksum(c, l.schema(), l.table())) {
                                same.add(l);
                                continue;
                            }
                            rows.addAndGet(loadTable(c, dir, l, bytes, total, o));
                        } catch (Exception e) {
                            broken = true;
                            failure.compareAndSet(null, new UpgradeException(ErrorCode.DATABASE_ERROR, "Restoring table "
                                    + l.schema() + "." + l.table().name() + " failed: " + e.getMessage(), e));
                        }
                    }
                } catch (SQLException e) {
                    broken = true;
                    failure.compareAndSet(null, Sql.error("Opening a restore connection", e));
                } finally {
                    if (c != null) {
                        if (broken) {
                            Sql.discard(ds, c);
                        } else {
                            resetSession(c);
                            try {
                                c.close();
                            } catch (SQLException ignored) {
                                // returned to the pool or gone
                            }
                        }
                    }
                }
            }, "civi-upgrade-restore-" + i);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new UpgradeException(ErrorCode.INTERRUPTED, "The restore was interrupted.", e));
            }
        }
        Exception f = failure.get();
        if (f instanceof UpgradeException u) {
            throw u;
        }
        if (f != null) {
            throw new UpgradeException(ErrorCode.DATABASE_ERROR, "The restore failed: " + f.getMessage(), f);
        }
        return rows.get();
    }

    private static Load next(ConcurrentLinkedQueue<Load> first, ConcurrentLinkedQueue<Load> then) {
        Load l = first.poll();
        return l != null ? l : then.poll();
    }

    private static void resetSession(Connection c) {
        try {
            if (!c.isClosed()) {
                Sql.exec(c, "SET SESSION foreign_key_checks = 1, unique_checks = 1, sql_mode = DEFAULT");
            }
        } catch (SQLException ignored) {
            // a killed connection: the pool evicts it
        }
    }

    /** The LOAD DATA statement of a table. */
    static String loadStatement(String schema, Manifest.TableEntry t) {
        List<String> targets = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        int v = 0;
        for (Manifest.Column col : t.columns()) {
            if (col.kind().equals("BIT")) {
                String var = "@b" + (v++);
                targets.add(var);
                sets.add(Sql.q(col.name()) + " = CAST(" + var + " AS UNSIGNED)");
            } else {
                targets.add(Sql.q(col.name()));
            }
        }
        return "LOAD DATA LOCAL INFILE 'civi-upgrade-stream' INTO TABLE " + Sql.q(schema, t.name())
                + " CHARACTER SET binary FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("
                + String.join(", ", targets) + ")" + (sets.isEmpty() ? "" : " SET " + String.join(", ", sets));
    }

    private static long loadTable(Connection c, Path dir, Load l, AtomicLong bytes, long total, RestoreOptions o)
            throws SQLException, IOException {
        Manifest.TableEntry t = l.table();
        long tStart = System.nanoTime();
        Sql.exec(c, "DROP TABLE IF EXISTS " + Sql.q(l.schema(), t.name()));
        String previous = c.getCatalog();
        c.setCatalog(l.schema());
        try {
            Sql.exec(c, t.createSql());
        } finally {
            c.setCatalog(previous);
        }
        CRC32C crc = new CRC32C();
        long loaded;
        try (InputStream file = Files.newInputStream(dir.resolve(t.file()));
             InputStream plain = DataFileCompression.ofFile(t.file()).decompressing(new BufferedInputStream(file, 1 << 16));
             InputStream in = new ProgressStream(new CheckedInputStream(plain, crc), bytes, total, o)) {
            try (Statement st = c.createStatement()) {
                st.unwrap(JdbcStatement.class).setLocalInfileInputStream(org.apache.commons.io.input.CloseShieldInputStream.wrap(in));
                loaded = st.executeUpdate(loadStatement(l.schema(), t));
            }
            // drain, so the checksum covers the whole file even if the server stopped early
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        if (crc.getValue() != t.crc32c()) {
            throw new IOException("the data file " + t.file() + " is corrupt (CRC32C differs from the manifest)");
        }
        if (loaded != t.rows()) {
            throw new SQLException("loaded " + loaded + " rows, the backup holds " + t.rows());
        }
        LOG.debug("{}.{}: {} rows loaded in {} ms", l.schema(), t.name(), loaded, (System.nanoTime() - tStart) / 1_000_000);
        return loaded;
    }

    /**
     * Drops, recreates (with the backed-up {@code AUTO_INCREMENT}) and reloads one table of the
     * backup in {@code schema} on a connection the caller prepared with {@link #SESSION}.
     *
     * @return the rows loaded
     */
    static long reloadTable(Connection c, Path dir, String schema, Manifest.TableEntry t, RestoreOptions o)
            throws SQLException, IOException {
        return loadTable(c, dir, new Load(schema, t, false), new AtomicLong(), Math.max(1, t.dataBytes()), o);
    }

    /** Counts bytes for progress. */
    private static final class ProgressStream extends java.io.FilterInputStream {
        private final AtomicLong bytes;
        private final long total;
        private final RestoreOptions o;
        private long pending;

        ProgressStream(InputStream in, AtomicLong bytes, long total, RestoreOptions o) {
            super(in);
            this.bytes = bytes;
            this.total = total;
            this.o = o;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            pending += n;
            if (pending >= (1 << 20)) {
                o.progress().report(bytes.addAndGet(pending), total, "bytes");
                pending = 0;
            }
        }
    }

    /** Recreates views (in dependency order), routines, events and, last, triggers. */
    static int recreateObjects(DataSource ds, Manifest m, Map<String, String> schemaMap, boolean civicrmOnly) {
        int count = 0;
        try (Connection c = ds.getConnection()) {
            String previous = c.getCatalog();
            try {
                for (String kind : List.of("VIEW", "FUNCTION", "PROCEDURE", "EVENT", "TRIGGER")) {
                    for (Manifest.SchemaEntry s : m.schemas()) {
                        String target = schemaMap.get(s.name());
                        c.setCatalog(target);
                        List<Manifest.ObjectEntry> todo = new ArrayList<>(s.objects().stream()
                                .filter(x -> x.kind().equals(kind) && (!civicrmOnly || x.civicrm())).toList());
                        // views may use views: retry those that failed while others succeed
                        while (!todo.isEmpty()) {
                            List<Manifest.ObjectEntry> failed = new ArrayList<>();
                            SQLException last = null;
                            for (Manifest.ObjectEntry ob : todo) {
                                try {
                                    create(c, ob, schemaMap);
                                    count++;
                                } catch (SQLException e) {
                                    failed.add(ob);
                                    last = e;
                                }
                            }
                            if (failed.size() == todo.size()) {
                                Manifest.ObjectEntry ob = failed.get(0);
                                throw new UpgradeException(ErrorCode.DATABASE_ERROR, "Recreating " + ob.kind().toLowerCase(java.util.Locale.ROOT)
                                        + " " + target + "." + ob.name() + " failed: " + last.getMessage(), remedyFor(last), last);
                            }
                            todo = failed;
                        }
                    }
                }
            } finally {
                c.setCatalog(previous);
                Sql.exec(c, "SET SESSION sql_mode = DEFAULT");
            }
        } catch (SQLException e) {
            throw Sql.error("Recreating views, routines and triggers", e);
        }
        return count;
    }

    private static String remedyFor(SQLException e) {
        if (e.getErrorCode() == 1419) {
            return "Binary logging is on: set log_bin_trust_function_creators=1 (or restore as a user with SUPER), then retry.";
        }
        if (e.getErrorCode() == 1227 || e.getErrorCode() == 1142 || e.getErrorCode() == 1044) {
            return "Grant the restoring user CREATE VIEW, TRIGGER, CREATE ROUTINE and ALTER ROUTINE on the database, then retry.";
        }
        return ErrorCode.DATABASE_ERROR.remedy();
    }

    private static void create(Connection c, Manifest.ObjectEntry ob, Map<String, String> schemaMap) throws SQLException {
        String sql = Definitions.withoutDefiner(ob.createSql());
        for (Map.Entry<String, String> e : schemaMap.entrySet()) {
            sql = Definitions.renameSchema(sql, e.getKey(), e.getValue());
        }
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = " + Sql.literal(Optional.ofNullable(ob.sqlMode()).orElse("")));
            st.execute(sql);
        }
    }
}
