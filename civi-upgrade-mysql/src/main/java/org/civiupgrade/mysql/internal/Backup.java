package org.civiupgrade.mysql.internal;

import org.civiupgrade.spi.support.IoProblems;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import javax.sql.DataSource;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.commons.io.output.CountingOutputStream;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.BackupSummary;
import org.civiupgrade.spi.db.DatabaseObject;
import org.civiupgrade.spi.db.DatabaseObject.Kind;
import org.civiupgrade.spi.support.DeletePath;
import org.civiupgrade.spi.support.SafeFiles;
import org.slf4j.Logger;

/**
 * The native backup: a short {@code LOCK TABLES ... READ} on the coordinator while every worker
 * starts {@code START TRANSACTION WITH CONSISTENT SNAPSHOT}, then tables streamed in parallel
 * ({@code fetchSize = Integer.MIN_VALUE}, raw bytes with {@code character_set_results = binary})
 * into one compressed file per table (zstd, or gzip; see {@link DataFileCompression}) in the
 * {@code LOAD DATA} text format, plus definitions and a
 * manifest written last. Memory use is a few buffers per worker plus the largest single row.
 */
public final class Backup {
    private static final Logger LOG = org.civiupgrade.internal.redact.Logs.get(Backup.class);
    static final String DATA_DIR = "data";

    private Backup() {
    }

    private record Task(int schemaIndex, String schema, String table, String owner, List<Manifest.Column> columns,
                        long estimate, String file) {
    }

    private record Dumped(String createSql, String engine, long rows, long dataBytes, long fileBytes, long crc) {
    }

    /** Runs a backup. */
    public static BackupSummary run(DataSource ds, Path dir, BackupOptions o) {
        return run(ds, dir, o, null);
    }

    /**
     * Runs a backup of only the named base tables of the main schema (no logging database, no
     * views, triggers or routines) when {@code onlyTables} is not null; of everything otherwise.
     */
    public static BackupSummary run(DataSource ds, Path dir, BackupOptions o, java.util.Set<String> onlyTables) {
        if (Files.exists(dir.resolve(Manifest.FILE))) {
            throw new UpgradeException(ErrorCode.FILE_ERROR, "A backup already exists in " + dir + ".",
                    "Choose an empty folder for the new backup.", null);
        }
        Path data = dir.resolve(DATA_DIR);
        try {
            SafeFiles.ownerOnlyDirectories(dir);
            if (Files.exists(data)) {
                DeletePath.deleteIfPresent(data);
            }
            SafeFiles.ownerOnlyDirectories(data);
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot create the backup folder " + dir, e);
        }
        List<Connection> workers = new ArrayList<>();
        Connection coordinator = null;
        boolean ok = false;
        try {
            long tBegin = System.nanoTime();
            coordinator = ds.getConnection();
            String main = Sql.schemaOf(coordinator);
            List<String[]> schemas = new ArrayList<>(); // role, name, prefix
            schemas.add(new String[] {"main", main, o.scope().cmsTablePrefix()});
            o.scope().loggingDatabase().filter(l -> !l.equals(main) && onlyTables == null)
                    .ifPresent(l -> schemas.add(new String[] {"logging", l, ""}));
            DataFileCompression codec = DataFileCompression.forBackup(o.compression());
            List<Task> tasks = new ArrayList<>();
            List<List<DatabaseObject>> objects = new ArrayList<>();
            List<Boolean> shared = new ArrayList<>();
            for (int si = 0; si < schemas.size(); si++) {
                String[] s = schemas.get(si);
                List<DatabaseObject> objs = Inventory.list(coordinator, s[1], s[2], s[0].equals("logging"));
                shared.add(objs.stream().anyMatch(x -> x.kind() == org.civiupgrade.spi.db.DatabaseObject.Kind.TABLE && !x.civicrm()));
                if (o.civicrmOnly()) {
                    objs = objs.stream().filter(DatabaseObject::civicrm).toList();
                }
                if (onlyTables != null) {
                    objs = objs.stream().filter(x -> x.kind() == Kind.TABLE && onlyTables.contains(x.name())).toList();
                }
                objects.add(objs);
                Map<String, Long> sizes = new ConcurrentHashMap<>();
                for (String[] r : Sql.rows(coordinator, "SELECT TABLE_NAME, COALESCE(DATA_LENGTH, 0) FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'", s[1])) {
                    sizes.put(r[0], Long.parseLong(r[1]));
                }
                int ti = 0;
                for (DatabaseObject t : objs) {
                    if (t.kind() == Kind.TABLE) {
                        tasks.add(new Task(si, s[1], t.name(), t.owner().name(), Inventory.columns(coordinator, s[1], t.name()),
                                sizes.getOrDefault(t.name(), 0L), String.format("%s/%d-%05d%s", DATA_DIR, si, ti++, codec.suffix())));
                    }
                }
            }
            long tInventory = System.nanoTime();
            // one connection per worker, plus one that runs CHECKSUM TABLE alongside the streaming
            for (int i = 0; i <= o.workers(); i++) {
                workers.add(ds.getConnection());
            }
            String serverVersion = Sql.one(coordinator, "SELECT VERSION()").orElse("");
            // The consistent point: writes blocked only while the workers open their snapshots.
            long t0 = System.nanoTime();
            Sql.exec(coordinator, "SET SESSION lock_wait_timeout = 120");
            if (!tasks.isEmpty()) {
                Sql.exec(coordinator, "LOCK TABLES " + tasks.stream().map(t -> Sql.q(t.schema(), t.table()) + " READ")
                        .collect(Collectors.joining(", ")));
            }
            try {
                for (Connection w : workers) {
                    Sql.exec(w, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ",
                            "START TRANSACTION WITH CONSISTENT SNAPSHOT");
                }
            } finally {
                Sql.exec(coordinator, "UNLOCK TABLES");
            }
            long lockMillis = (System.nanoTime() - t0) / 1_000_000;
            Optional<String> civiVersion;
            try {
                civiVersion = DomainVersion.read(workers.get(0), o.domainId());
            } catch (SQLException e) {
                civiVersion = Optional.empty();
            }
            for (Connection w : workers) {
                Sql.exec(w, "SET character_set_results = binary");
            }
            List<List<Manifest.ObjectEntry>> defs = new ArrayList<>();
            for (int si = 0; si < schemas.size(); si++) {
                defs.add(definitions(coordinator, schemas.get(si)[1], objects.get(si)));
            }
            coordinator.close();
            coordinator = null;
            long tDefinitions = System.nanoTime();

            Map<Task, Optional<Long>> checksums = new ConcurrentHashMap<>();
            Map<Task, Dumped> done = dump(workers, tasks, dir, o, checksums);
            LOG.debug("inventory {} ms, lock and definitions {} ms, tables {} ms", (tInventory - tBegin) / 1_000_000,
                    (tDefinitions - tInventory) / 1_000_000, (System.nanoTime() - tDefinitions) / 1_000_000);
            List<Manifest.SchemaEntry> entries = new ArrayList<>();
            long rows = 0;
            long dataBytes = 0;
            long fileBytes = 0;
            for (int si = 0; si < schemas.size(); si++) {
                List<Manifest.TableEntry> tables = new ArrayList<>();
                for (Task t : tasks) {
                    if (t.schemaIndex() == si) {
                        Dumped d = done.get(t);
                        tables.add(new Manifest.TableEntry(t.table(), t.owner(), d.engine(), d.createSql(), t.columns(), t.file(),
                                d.rows(), d.dataBytes(), d.fileBytes(), d.crc(), checksums.get(t).orElse(null)));
                        rows += d.rows();
                        dataBytes += d.dataBytes();
                        fileBytes += d.fileBytes();
                    }
                }
                entries.add(new Manifest.SchemaEntry(schemas.get(si)[0], schemas.get(si)[1], schemas.get(si)[2], tables, defs.get(si),
                        shared.get(si)));
            }
            for (Connection w : workers) {
                Sql.exec(w, "COMMIT", "SET NAMES utf8mb4");
            }
            Manifest m = new Manifest(Manifest.FORMAT, Instant.now().toString(), serverVersion, civiVersion.orElse(null),
                    lockMillis, entries);
            m.write(dir);
            SafeFiles.forceDirectory(data);
            ok = true;
            LOG.info("Backup of {} tables ({} rows) in {}; writes blocked {} ms", tasks.size(), rows, dir, lockMillis);
            return new BackupSummary(dir, serverVersion, civiVersion, tasks.size(), rows, dataBytes, fileBytes, lockMillis);
        } catch (SQLException e) {
            cleanup(data);
            throw Sql.error("Backup of the database into " + dir, e);
        } catch (IOException e) {
            cleanup(data);
            throw IoProblems.failure(ErrorCode.FILE_ERROR, "Writing the backup into " + dir + " failed", e);
        } catch (RuntimeException | Error e) {
            cleanup(data);
            throw e;
        } finally {
            for (Connection w : workers) {
                if (ok) {
                    closeQuietly(w);
                } else {
                    Sql.discard(ds, w);
                }
            }
            if (ok) {
                closeQuietly(coordinator);
            } else {
                Sql.discard(ds, coordinator);
            }
        }
    }

    private static void cleanup(Path data) {
        try {
            DeletePath.deleteIfPresent(data);
        } catch (IOException e) {
            LOG.warn("Could not remove the partial backup data {}: {}", data, e.getMessage());
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                if (!c.isClosed()) {
                    try (Statement st = c.createStatement()) {
                        st.execute("ROLLBACK");
                        st.execute("SET NAMES utf8mb4");
                    } catch (SQLException ignored) {
                        // a killed connection: the pool evicts it
                    }
                }
                c.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }

    private static List<Manifest.ObjectEntry> definitions(Connection c, String schema, List<DatabaseObject> objs) throws SQLException {
        List<Manifest.ObjectEntry> out = new ArrayList<>();
        for (DatabaseObject ob : objs) {
            switch (ob.kind()) {
                case VIEW -> {
                    Map<String, String> r = showCreate(c, "SHOW CREATE VIEW " + Sql.q(schema, ob.name()));
                    out.add(new Manifest.ObjectEntry("VIEW", ob.name(), ob.owner().name(), null, need(r, "Create View", ob),
                            null, r.get("character_set_client"), r.get("collation_connection")));
                }
                case TRIGGER -> {
                    Map<String, String> r = showCreate(c, "SHOW CREATE TRIGGER " + Sql.q(schema, ob.name()));
                    String table = Sql.one(c, "SELECT EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?"
                            + " AND TRIGGER_NAME = ?", schema, ob.name()).orElse(null);
                    out.add(new Manifest.ObjectEntry("TRIGGER", ob.name(), ob.owner().name(), table,
                            need(r, "SQL Original Statement", ob), r.get("sql_mode"), r.get("character_set_client"),
                            r.get("collation_connection")));
                }
                case FUNCTION, PROCEDURE -> {
                    String kind = ob.kind().name();
                    Map<String, String> r = showCreate(c, "SHOW CREATE " + kind + " " + Sql.q(schema, ob.name()));
                    out.add(new Manifest.ObjectEntry(kind, ob.name(), ob.owner().name(), null,
                            need(r, kind.equals("FUNCTION") ? "Create Function" : "Create Procedure", ob), r.get("sql_mode"),
                            r.get("character_set_client"), r.get("collation_connection")));
                }
                case EVENT -> {
                    Map<String, String> r = showCreate(c, "SHOW CREATE EVENT " + Sql.q(schema, ob.name()));
                    out.add(new Manifest.ObjectEntry("EVENT", ob.name(), ob.owner().name(), null, need(r, "Create Event", ob),
                            r.get("sql_mode"), r.get("character_set_client"), r.get("collation_connection")));
                }
                default -> {
                }
            }
        }
        return out;
    }

    private static String need(Map<String, String> r, String column, DatabaseObject ob) throws SQLException {
        String v = r.get(column);
        if (v == null || v.isBlank()) {
            throw new UpgradeException(ErrorCode.DATABASE_ERROR, "The definition of " + ob.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " " + ob.name() + " is not readable by the database user (it belongs to another DEFINER), so it cannot be"
                    + " backed up.", "As an administrator grant the right to read it (SHOW VIEW for views; SELECT ON mysql.proc,"
                    + " or SHOW CREATE ROUTINE on MariaDB 11.3+, for routines): civi-upgrade check names the exact GRANT."
                    + " Or run the upgrade as the object's definer.", null);
        }
        return v;
    }

    private static Map<String, String> showCreate(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            Map<String, String> out = new java.util.HashMap<>();
            if (rs.next()) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    byte[] b = rs.getBytes(i);
                    out.put(md.getColumnLabel(i), b == null ? null : new String(b, StandardCharsets.UTF_8));
                }
            }
            return out;
        }
    }

    /**
     * Streams the tables on all but the last connection and runs {@code CHECKSUM TABLE} on the last
     * one at the same time, both largest first; each side helps the other once its own queue is
     * empty. All connections share one snapshot, so the order does not matter.
     */
    private static Map<Task, Dumped> dump(List<Connection> connections, List<Task> tasks, Path dir, BackupOptions o,
                                          Map<Task, Optional<Long>> checksums) throws SQLException, IOException {
        List<Task> largestFirst = tasks.stream().sorted(Comparator.comparingLong(Task::estimate).reversed()).toList();
        ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>(largestFirst);
        ConcurrentLinkedQueue<Task> toChecksum = new ConcurrentLinkedQueue<>(largestFirst);
        Map<Task, Dumped> done = new ConcurrentHashMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong bytes = new AtomicLong();
        long total = tasks.stream().mapToLong(Task::estimate).sum();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            Connection conn = connections.get(i);
            boolean streams = i < connections.size() - 1;
            Thread th = new Thread(() -> {
                Task t = null;
                try {
                    if (streams) {
                        while (failure.get() == null && (t = queue.poll()) != null) {
                            done.put(t, dumpTable(conn, t, dir, bytes, total, o, failure));
                        }
                    }
                    while (failure.get() == null && (t = toChecksum.poll()) != null) {
                        checksums.put(t, checksum(conn, t));
                    }
                    while (!streams && failure.get() == null && (t = queue.poll()) != null) {
                        done.put(t, dumpTable(conn, t, dir, bytes, total, o, failure));
                    }
                } catch (Exception e) {
                    String where = t == null ? "" : "table " + t.schema() + "." + t.table() + ": ";
                    failure.compareAndSet(null, new SQLException(where + e.getMessage(),
                            e instanceof SQLException s ? s.getSQLState() : null,
                            e instanceof SQLException s2 ? s2.getErrorCode() : 0, e));
                }
            }, "civi-upgrade-backup-" + i);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            try {
                th.join();
            } catch (InterruptedException e) {
                failure.compareAndSet(null, e);
                Thread.currentThread().interrupt();
            }
        }
        Exception f = failure.get();
        if (f instanceof SQLException s) {
            throw s;
        }
        if (f instanceof IOException io) {
            throw io;
        }
        if (f != null) {
            throw new UpgradeException(ErrorCode.INTERRUPTED, "The backup was interrupted.", f);
        }
        if (done.size() != tasks.size() || checksums.size() != tasks.size()) {
            throw new SQLException("the backup is incomplete: " + done.size() + " of " + tasks.size() + " tables streamed, "
                    + checksums.size() + " checksummed");
        }
        return done;
    }

    private static Optional<Long> checksum(Connection c, Task t) throws SQLException {
        long tStart = System.nanoTime();
        Long checksum = null;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("CHECKSUM TABLE " + Sql.q(t.schema(), t.table()))) {
            if (rs.next()) {
                long v = rs.getLong(2);
                checksum = rs.wasNull() ? null : v;
            }
        }
        LOG.debug("{}.{}: checksum {} ms", t.schema(), t.table(), (System.nanoTime() - tStart) / 1_000_000);
        return Optional.ofNullable(checksum);
    }

    private static Dumped dumpTable(Connection c, Task t, Path dir, AtomicLong bytes, long total, BackupOptions o,
                                    AtomicReference<Exception> failure) throws SQLException, IOException {
        long tStart = System.nanoTime();
        String createSql;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + Sql.q(t.schema(), t.table()))) {
            rs.next();
            createSql = new String(rs.getBytes(2), StandardCharsets.UTF_8);
        }
        String engine = Sql.rows(c, "SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                t.schema(), t.table()).stream().findFirst().map(r -> r[0] == null ? "" : r[0]).orElse("");
        Path file = dir.resolve(t.file());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String select = "SELECT " + t.columns().stream().map(col -> col.kind().equals("BIT")
                ? "CAST(" + Sql.q(col.name()) + " AS UNSIGNED)" : Sql.q(col.name())).collect(Collectors.joining(", "))
                + " FROM " + Sql.q(t.schema(), t.table());
        long rows = 0;
        CRC32C crc = new CRC32C();
        CountingOutputStream raw;
        TextWriter out;
        try (FileOutputStream fos = new FileOutputStream(file.toFile())) {
            raw = new CountingOutputStream(new BufferedOutputStream(fos, 1 << 16));
            try (OutputStream compressed = DataFileCompression.ofFile(t.file()).compressing(CloseShieldOutputStream.wrap(raw))) {
                out = new TextWriter(new CheckedOutputStream(compressed, crc), 1 << 17);
                try (Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    st.setFetchSize(Integer.MIN_VALUE);
                    try (ResultSet rs = st.executeQuery(select)) {
                        int n = t.columns().size();
                        long reported = 0;
                        while (rs.next()) {
                            out.field(rs.getBytes(1));
                            for (int i = 2; i <= n; i++) {
                                out.tab();
                                out.field(rs.getBytes(i));
                            }
                            out.newline();
                            rows++;
                            if ((rows & 0xFFF) == 0) {
                                if (failure.get() != null) {
                                    st.cancel();
                                    throw new SQLException("stopped because another table failed");
                                }
                                long now = out.written();
                                o.progress().report(bytes.addAndGet(now - reported), total, "bytes");
                                reported = now;
                            }
                        }
                        bytes.addAndGet(out.written() - reported);
                    }
                }
                out.flush();
            }
            raw.flush();
            fos.getChannel().force(true);
        }
        LOG.debug("{}.{}: {} rows, {} bytes, dump {} ms", t.schema(), t.table(), rows, out.written(),
                (System.nanoTime() - tStart) / 1_000_000);
        return new Dumped(createSql, engine, rows, out.written(), raw.getByteCount(), crc.getValue());
    }
}
