package org.civiupgrade.mysql.internal;

import org.civiupgrade.spi.support.IoProblems;

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
import org.civiupgrade.spi.db.DatabaseObject;
import org.civiupgrade.spi.db.DatabaseObject.Kind;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.RestoreSummary;
import org.slf4j.Logger;

/**
 * Restores a native backup: tables in parallel with {@code LOAD DATA LOCAL INFILE} fed from the
 * compressed data files ({@code setLocalInfileInputStream}), then views, routines, events and, last,
 * triggers, each without its DEFINER so a user without SUPER can create it. Selective mode (the
 * rollback) touches CiviCRM's objects and those the upgrade created (see {@link Ownership#upgradeCreated}).
 *
 * <p>Order of work, so that parallel workers never do DDL beside each other (MariaDB 10.6+ fails
 * DDL on a foreign-key parent at once with error 1205 while another session does DDL on a child,
 * even with {@code foreign_key_checks=0}): every {@code DROP TABLE}/{@code CREATE TABLE} runs on one
 * connection, one table after the other; only {@code LOAD DATA} and {@code CHECKSUM TABLE} run in
 * parallel. A table found changed by its checksum is recreated after the parallel phase, and loaded
 * in a second one. Each table's work is retried on a fresh connection when it fails with an error a
 * retry can overcome ({@link TransientErrors}), at most {@value TransientErrors#ATTEMPTS} times, each
 * retry logged with its attempt number.
 *
 * <p>A restore that fails after it dropped views, triggers and routines recreates those the backup
 * holds before it reports the failure, as far as the tables they need exist. Running the restore
 * again after any partial run completes it: every step checks the live state first.
 */
public final class Restore {
    private static final Logger LOG = org.civiupgrade.internal.redact.Logs.get(Restore.class);
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
        Map<String, String> schemaMap = new LinkedHashMap<>();
        boolean[] objectsDropped = {false};
        try {
            return run(ds, dir, o, schemaMapOverride, m, schemaMap, objectsDropped);
        } catch (RuntimeException e) {
            if (objectsDropped[0]) {
                recreateAfterFailure(ds, m, schemaMap, o.mode() == RestoreOptions.Mode.SELECTIVE, e);
            }
            throw e;
        }
    }

    private static RestoreSummary run(DataSource ds, Path dir, RestoreOptions o, Map<String, String> schemaMapOverride,
                                      Manifest m, Map<String, String> schemaMap, boolean[] objectsDropped) {
        boolean selective = o.mode() == RestoreOptions.Mode.SELECTIVE;
        List<String> restored = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        List<Load> loads = new ArrayList<>();
        Set<String> repaired = new java.util.HashSet<>();
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
            objectsDropped[0] = true;
            for (Manifest.SchemaEntry s : m.schemas()) {
                String target = schemaMap.get(s.name());
                if (Sql.one(c, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", target).isEmpty()) {
                    Sql.exec(c, "CREATE DATABASE " + Sql.q(target) + " CHARACTER SET utf8mb4");
                }
                boolean logging = s.role().equals("logging");
                List<DatabaseObject> existing = Inventory.list(c, target, s.cmsTablePrefix(), logging);
                Set<String> inBackupTables = s.tables().stream().map(Manifest.TableEntry::name).collect(Collectors.toSet());
                Set<String> inBackupObjects = s.objects().stream().map(x -> x.kind() + ":" + x.name()).collect(Collectors.toSet());
                Set<String> inBackupViews = s.objects().stream().filter(x -> x.kind().equals("VIEW")).map(Manifest.ObjectEntry::name)
                        .collect(Collectors.toSet());
                boolean shared = s.shared();
                // 1. triggers, views, routines and events go first; they are all recreated at the end
                for (DatabaseObject ob : existing) {
                    boolean isNew = ob.kind() == Kind.VIEW ? !inBackupViews.contains(ob.name()) && !inBackupTables.contains(ob.name())
                            : !inBackupObjects.contains(ob.kind() + ":" + ob.name());
                    boolean upgrades = isNew && Ownership.upgradeCreated(ob, s.cmsTablePrefix(), shared);
                    boolean mine = selective ? ob.civicrm() || upgrades
                            : ob.civicrm() || upgrades || inBackupObjects.contains(ob.kind() + ":" + ob.name());
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
                // 2. tables the backup does not know were created after it: drop the upgrade's
                Map<String, DatabaseObject> existingTables = new HashMap<>();
                for (DatabaseObject ob : existing) {
                    if (ob.kind() == Kind.TABLE) {
                        existingTables.put(ob.name(), ob);
                        if (!inBackupTables.contains(ob.name()) && Ownership.upgradeCreated(ob, s.cmsTablePrefix(), shared)) {
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
                        if (!check && withoutAddedColumns(ds, c, target, t)) {
                            check = true;
                            repaired.add(target + "." + t.name());
                        }
                    }
                    loads.add(new Load(target, t, check));
                }
            }
            resetSession(c);
        } catch (SQLException e) {
            throw Sql.error("Preparing the restore of " + dir, e);
        }
        Set<Load> same = ConcurrentHashMap.newKeySet();
        long rows = load(ds, dir, loads, o, same);
        for (Load l : loads) {
            String name = l.schema() + "." + l.table().name();
            (same.contains(l) && !repaired.contains(name) ? unchanged : restored).add(name);
        }
        int counters = resetAutoIncrement(ds, same);
        int objects = recreateObjects(ds, m, schemaMap, selective);
        LOG.info("Restore from {}: {} tables loaded, {} unchanged ({} AUTO_INCREMENT counters reset), {} dropped,"
                + " {} objects recreated", dir, restored.size(), unchanged.size(), counters, dropped.size(), objects);
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
     *
     * <p>MariaDB refuses an instant drop of a column that is indexed or in a foreign key (error
     * 1846). Indexes and foreign keys made of added columns only are dropped first (no table copy);
     * when an added column shares an index or foreign key with an old column, or another table's
     * foreign key references it, the table is reloaded without trying. The attempt runs on a
     * connection of its own, given back to the pool only when it ended cleanly, so no outcome of it
     * can affect the restore's other connections.
     */
    private static boolean withoutAddedColumns(DataSource ds, Connection c, String schema, Manifest.TableEntry t) throws SQLException {
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
        Set<String> addedLower = added.stream().map(x -> x.toLowerCase(java.util.Locale.ROOT)).collect(Collectors.toSet());
        // index name -> does every column belong to the added ones; same for foreign keys
        Map<String, Boolean> indexes = new LinkedHashMap<>();
        Map<String, Boolean> touchesAdded = new HashMap<>();
        for (String[] r : Sql.rows(c, "SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME = ?", schema, t.name())) {
            boolean isAdded = addedLower.contains(r[1].toLowerCase(java.util.Locale.ROOT));
            indexes.merge(r[0], isAdded, Boolean::logicalAnd);
            touchesAdded.merge(r[0], isAdded, Boolean::logicalOr);
        }
        Map<String, Boolean> foreignKeys = new LinkedHashMap<>();
        Map<String, Boolean> fkTouchesAdded = new HashMap<>();
        for (String[] r : Sql.rows(c, "SELECT CONSTRAINT_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME = ? AND REFERENCED_TABLE_NAME IS NOT NULL", schema, t.name())) {
            boolean isAdded = addedLower.contains(r[1].toLowerCase(java.util.Locale.ROOT));
            foreignKeys.merge(r[0], isAdded, Boolean::logicalAnd);
            fkTouchesAdded.merge(r[0], isAdded, Boolean::logicalOr);
        }
        boolean mixed = indexes.keySet().stream().anyMatch(k -> touchesAdded.get(k) && !indexes.get(k))
                || foreignKeys.keySet().stream().anyMatch(k -> fkTouchesAdded.get(k) && !foreignKeys.get(k));
        boolean referenced = !Sql.rows(c, "SELECT 1 FROM information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_SCHEMA = ?"
                + " AND REFERENCED_TABLE_NAME = ? AND REFERENCED_COLUMN_NAME IN (" + String.join(", ", java.util.Collections.nCopies(
                added.size(), "?")) + ")", java.util.stream.Stream.concat(java.util.stream.Stream.of(schema, t.name()), added.stream())
                .toArray()).isEmpty();
        if (mixed || referenced) {
            LOG.debug("{}.{}: an added column shares an index or foreign key with old columns or is referenced, the table is"
                    + " reloaded", schema, t.name());
            return false;
        }
        List<String> first = new ArrayList<>();
        foreignKeys.forEach((k, onlyAdded) -> {
            if (onlyAdded) {
                first.add("DROP FOREIGN KEY " + Sql.q(k));
            }
        });
        indexes.forEach((k, onlyAdded) -> {
            if (onlyAdded) {
                first.add("DROP INDEX " + Sql.q(k));
            }
        });
        Connection own = ds.getConnection();
        boolean clean = false;
        try {
            Sql.exec(own, SESSION);
            if (!first.isEmpty()) {
                Sql.exec(own, "ALTER TABLE " + Sql.q(schema, t.name()) + " " + String.join(", ", first));
            }
            Sql.exec(own, "ALTER TABLE " + Sql.q(schema, t.name()) + " "
                    + added.stream().map(a -> "DROP COLUMN " + Sql.q(a)).collect(Collectors.joining(", ")) + ", ALGORITHM=INSTANT");
            clean = true;
        } catch (SQLException e) {
            LOG.debug("{}.{}: added columns not dropped instantly ({}), the table is reloaded", schema, t.name(), e.getMessage());
            return false;
        } finally {
            if (clean) {
                resetSession(own);
                own.close();
            } else {
                Sql.discard(ds, own);
            }
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
     * Loads the tables: first every table to load without checking is recreated, one after the
     * other on one connection; then the workers load those in parallel, costliest first, while one
     * extra connection checksums the tables marked {@code checkFirst} (largest first; each side
     * helps the other once its queue is empty). An unchanged table goes into {@code same}; the
     * changed ones are recreated one after the other and loaded in a second parallel phase.
     */
    private static long load(DataSource ds, Path dir, List<Load> loads, RestoreOptions o, Set<Load> same) {
        if (loads.isEmpty()) {
            return 0;
        }
        Comparator<Load> costliest = Comparator.comparingLong(Load::cost).reversed();
        AtomicLong bytes = new AtomicLong();
        long total = loads.stream().mapToLong(l -> l.table().dataBytes()).sum();
        List<Load> direct = loads.stream().filter(l -> !l.checkFirst()).sorted(costliest).toList();
        List<Load> checks = loads.stream().filter(Load::checkFirst).sorted(costliest).toList();
        recreateTables(ds, direct);
        Set<Load> changed = ConcurrentHashMap.newKeySet();
        long rows = parallel(ds, dir, direct, checks, o, same, changed, bytes, total);
        if (!changed.isEmpty()) {
            List<Load> again = changed.stream().sorted(costliest).toList();
            recreateTables(ds, again);
            rows += parallel(ds, dir, again, List.of(), o, same, changed, bytes, total);
        }
        return rows;
    }

    /**
     * Drops the tables (a hundred to a statement: DDL is what costs most when a restore recreates
     * hundreds of small tables) and creates them, one after the other on one connection.
     */
    private static void recreateTables(DataSource ds, List<Load> tables) {
        if (tables.isEmpty()) {
            return;
        }
        try (Session s = new Session(ds)) {
            for (List<Load> chunk : com.google.common.collect.Lists.partition(tables, 100)) {
                String names = chunk.stream().map(l -> Sql.q(l.schema(), l.table().name())).collect(Collectors.joining(", "));
                run(s, "Dropping " + chunk.size() + " tables to restore", c -> Sql.exec(c, "DROP TABLE IF EXISTS " + names));
            }
            for (Load l : tables) {
                run(s, "Creating table " + l.schema() + "." + l.table().name(), c -> create(c, l));
            }
        }
    }

    /** DDL of {@link #recreateTables}, retried like every table's work. */
    @FunctionalInterface
    private interface Ddl {
        void run(Connection c) throws SQLException;
    }

    private static void run(Session s, String what, Ddl ddl) {
        try {
            s.retrying(what, (c, attempt) -> {
                ddl.run(c);
                return null;
            });
        } catch (IOException e) {
            s.discard();
            throw IoProblems.failure(ErrorCode.FILE_ERROR, what + " failed", e);
        } catch (SQLException e) {
            s.discard();
            throw new UpgradeException(ErrorCode.DATABASE_ERROR, what + " failed: " + e.getMessage(), e);
        }
    }

    private static void create(Connection c, Load l) throws SQLException {
        String previous = c.getCatalog();
        c.setCatalog(l.schema());
        try {
            Sql.exec(c, l.table().createSql());
        } finally {
            c.setCatalog(previous);
        }
    }

    private static void recreateTable(Connection c, Load l) throws SQLException {
        Sql.exec(c, "DROP TABLE IF EXISTS " + Sql.q(l.schema(), l.table().name()));
        create(c, l);
    }

    private static final java.util.regex.Pattern COUNTER = java.util.regex.Pattern.compile("\\sAUTO_INCREMENT=(\\d+)");
    private static final java.util.regex.Pattern AUTO_COLUMN = java.util.regex.Pattern.compile("\\sAUTO_INCREMENT(?!=)");

    /**
     * Sets the AUTO_INCREMENT counter of each kept table back to the backup's: rows added and
     * removed since the backup leave the data equal but the counter moved. The backup's table
     * definition carries the counter ({@code AUTO_INCREMENT=n}; none means the counter was 1). The
     * server never sets a counter at or below the table's highest value, so this is safe on any data.
     * DDL, so it runs on one connection after the parallel phase.
     */
    private static int resetAutoIncrement(DataSource ds, Set<Load> kept) {
        List<Load> withCounter = kept.stream().filter(l -> AUTO_COLUMN.matcher(l.table().createSql()).find())
                .sorted(Comparator.comparing((Load l) -> l.schema()).thenComparing(l -> l.table().name())).toList();
        if (withCounter.isEmpty()) {
            return 0;
        }
        int reset = 0;
        try (Session s = new Session(ds)) {
            for (Load l : withCounter) {
                java.util.regex.Matcher b = COUNTER.matcher(l.table().createSql());
                String want = b.find() ? b.group(1) : "1";
                String name = l.schema() + "." + l.table().name();
                try {
                    boolean changed = s.retrying("Resetting the AUTO_INCREMENT counter of " + name, (c, attempt) -> {
                        String live;
                        try (Statement st = c.createStatement();
                             ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + Sql.q(l.schema(), l.table().name()))) {
                            rs.next();
                            live = rs.getString(2);
                        }
                        java.util.regex.Matcher lm = COUNTER.matcher(live);
                        if ((lm.find() ? lm.group(1) : "1").equals(want)) {
                            return false;
                        }
                        Sql.exec(c, "ALTER TABLE " + Sql.q(l.schema(), l.table().name()) + " AUTO_INCREMENT = " + want);
                        return true;
                    });
                    if (changed) {
                        reset++;
                        LOG.debug("{}: AUTO_INCREMENT counter set back to {}", name, want);
                    }
                } catch (IOException e) {
                    s.discard();
                    throw IoProblems.failure(ErrorCode.FILE_ERROR, "Resetting the AUTO_INCREMENT counter of " + name + " failed", e);
                } catch (SQLException e) {
                    s.discard();
                    throw new UpgradeException(ErrorCode.DATABASE_ERROR, "Resetting the AUTO_INCREMENT counter of " + name
                            + " failed: " + e.getMessage(), e);
                }
            }
        }
        return reset;
    }

    /**
     * After a failed restore: recreates every view, routine, event and trigger of the backup (in
     * selective mode CiviCRM's) that is missing, so a failure never leaves the database without
     * them; one that cannot be created (its table is missing) is named in a suppressed exception
     * of {@code failure}. Never throws.
     */
    private static void recreateAfterFailure(DataSource ds, Manifest m, Map<String, String> schemaMap, boolean civicrmOnly,
                                             RuntimeException failure) {
        List<String> missing = new ArrayList<>();
        int created = 0;
        try (Connection c = ds.getConnection()) {
            String previous = c.getCatalog();
            try {
                for (String kind : List.of("VIEW", "FUNCTION", "PROCEDURE", "EVENT", "TRIGGER")) {
                    for (Manifest.SchemaEntry s : m.schemas()) {
                        String target = schemaMap.get(s.name());
                        if (target == null) {
                            continue;
                        }
                        c.setCatalog(target);
                        List<Manifest.ObjectEntry> todo = new ArrayList<>(s.objects().stream()
                                .filter(x -> x.kind().equals(kind) && (!civicrmOnly || x.civicrm())).toList());
                        while (!todo.isEmpty()) {
                            List<Manifest.ObjectEntry> failed = new ArrayList<>();
                            for (Manifest.ObjectEntry ob : todo) {
                                try {
                                    if (exists(c, target, ob)) {
                                        continue;
                                    }
                                    create(c, ob, schemaMap);
                                    created++;
                                } catch (SQLException e) {
                                    failed.add(ob);
                                }
                            }
                            if (failed.size() == todo.size()) {
                                failed.forEach(ob -> missing.add(ob.kind().toLowerCase(java.util.Locale.ROOT) + " " + target + "." + ob.name()));
                                break;
                            }
                            todo = failed;
                        }
                    }
                }
            } finally {
                c.setCatalog(previous);
                Sql.exec(c, "SET SESSION sql_mode = DEFAULT");
            }
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        LOG.warn("The restore failed; {} views, routines and triggers of the backup recreated{}", created,
                missing.isEmpty() ? "" : ", not recreated: " + String.join(", ", missing));
        if (!missing.isEmpty()) {
            failure.addSuppressed(new UpgradeException(ErrorCode.DATABASE_ERROR, "After the failed restore these objects of the"
                    + " backup could not be recreated yet: " + String.join(", ", missing)));
        }
    }

    private static boolean exists(Connection c, String schema, Manifest.ObjectEntry ob) throws SQLException {
        String sql = switch (ob.kind()) {
            case "VIEW" -> "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";
            case "TRIGGER" -> "SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? AND TRIGGER_NAME = ?";
            case "EVENT" -> "SELECT 1 FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? AND EVENT_NAME = ?";
            default -> "SELECT 1 FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? AND ROUTINE_NAME = ? AND ROUTINE_TYPE = '"
                    + ob.kind() + "'";
        };
        return Sql.one(c, sql, schema, ob.name()).isPresent();
    }


    /**
     * The parallel phase: the workers load {@code loads} (already created and empty) and one more
     * connection checks {@code checks}; no DDL runs here, except to recreate a table whose load is
     * retried (under a lock, one at a time).
     */
    private static long parallel(DataSource ds, Path dir, List<Load> loads, List<Load> checks, RestoreOptions o, Set<Load> same,
                                 Set<Load> changed, AtomicLong bytes, long total) {
        ConcurrentLinkedQueue<Load> queue = new ConcurrentLinkedQueue<>(loads);
        ConcurrentLinkedQueue<Load> checkQueue = new ConcurrentLinkedQueue<>(checks);
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong rows = new AtomicLong();
        Object ddl = new Object();
        List<Thread> threads = new ArrayList<>();
        int loaders = Math.min(o.workers(), queue.size());
        int n = Math.min(loaders + (checkQueue.isEmpty() ? 0 : 1), loads.size() + checks.size());
        for (int i = 0; i < n; i++) {
            boolean checksFirst = i >= loaders;
            Thread th = new Thread(() -> {
                try (Session s = new Session(ds)) {
                    Load l;
                    while (failure.get() == null
                            && (l = next(checksFirst ? checkQueue : queue, checksFirst ? queue : checkQueue)) != null) {
                        Load load = l;
                        String name = l.schema() + "." + l.table().name();
                        try {
                            if (load.checkFirst() && !changed.contains(load)) {
                                if (s.retrying("Checksumming table " + name, (c, attempt) -> sameChecksum(c, load.schema(), load.table()))) {
                                    same.add(load);
                                } else {
                                    changed.add(load);
                                }
                                continue;
                            }
                            rows.addAndGet(s.retrying("Restoring table " + name, (c, attempt) -> {
                                if (attempt > 1) {
                                    synchronized (ddl) {
                                        recreateTable(c, load);
                                    }
                                }
                                return loadTable(c, dir, load, bytes, total, o);
                            }));
                        } catch (Exception e) {
                            s.discard();
                            failure.compareAndSet(null, new UpgradeException(ErrorCode.DATABASE_ERROR, "Restoring table "
                                    + name + " failed: " + e.getMessage(), e));
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
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

    /** Work on a restore connection; {@code attempt} counts from 1. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c, int attempt) throws SQLException, IOException;
    }

    /**
     * One restore connection in the restore's session state, replaced by a fresh one after a
     * failure; given back to the pool in its default session state, or evicted when it failed.
     */
    private static final class Session implements AutoCloseable {
        private final DataSource ds;
        private Connection c;

        Session(DataSource ds) {
            this.ds = ds;
        }

        Connection get() throws SQLException {
            if (c == null) {
                c = ds.getConnection();
                try {
                    Sql.exec(c, SESSION);
                } catch (SQLException e) {
                    discard();
                    throw e;
                }
            }
            return c;
        }

        void discard() {
            Sql.discard(ds, c);
            c = null;
        }

        /**
         * Runs {@code work}, again on a fresh connection after an error a retry can overcome, at
         * most {@link TransientErrors#ATTEMPTS} times; every retry is logged with its attempt number.
         */
        <T> T retrying(String what, Work<T> work) throws SQLException, IOException {
            for (int attempt = 1; ; attempt++) {
                try {
                    return work.run(get(), attempt);
                } catch (SQLException | IOException e) {
                    if (!TransientErrors.isRetryable(e)) {
                        throw e;
                    }
                    if (attempt >= TransientErrors.ATTEMPTS) {
                        throw new SQLException(what + " failed " + attempt + " times, last: " + IoProblems.describe(e),
                                e instanceof SQLException se ? se.getSQLState() : null,
                                e instanceof SQLException se ? se.getErrorCode() : 0, e);
                    }
                    LOG.warn("{}: attempt {} of {} failed ({}); retrying on a fresh connection", what, attempt,
                            TransientErrors.ATTEMPTS, IoProblems.describe(e));
                    discard();
                    TransientErrors.pauseBefore(attempt + 1);
                }
            }
        }

        @Override
        public void close() {
            if (c != null) {
                resetSession(c);
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // returned to the pool or gone
                }
                c = null;
            }
        }
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
        Load l = new Load(schema, t, false);
        recreateTable(c, l);
        return loadTable(c, dir, l, new AtomicLong(), Math.max(1, t.dataBytes()), o);
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
