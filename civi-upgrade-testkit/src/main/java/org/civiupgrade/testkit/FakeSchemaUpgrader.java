package org.civiupgrade.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Release;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.Version;
import org.civiupgrade.spi.SchemaUpgrader;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in for CiviCRM's database upgrader that walks revisions the way CiviCRM does: reads
 * {@code civicrm_domain.version} and the code version, drops the CiviCRM triggers, then for
 * each revision of {@code CRM/Upgrade/Incremental/sql/*.mysql.tpl} newer than the database
 * writes {@code X.Y.Z.upgrade}, runs the revision's SQL (no transaction) and writes
 * {@code X.Y.Z}; finally sets the code version and rebuilds the triggers. Told to fail at a
 * revision, it stops after writing that revision's {@code .upgrade} marker, as a failing SQL
 * task would, leaving the triggers dropped.
 *
 * <p>With a {@link Behaviour} it also does, each switchable, what CiviCRM's real upgrader does
 * besides running SQL: snapshot tables {@code snap_civicrm_vX_Y_<table>} created in each
 * revision (dropped and created again on a retry), an indexed column and a foreign-key column
 * added (as 5.54's {@code civicrm_participant.created_id} referencing {@code civicrm_contact}),
 * and, in its finishing task, the rows Drupal rewrites when CiviCRM flushes its caches
 * ({@link DrupalCacheFlush}), in Drupal's database, which may not be CiviCRM's. Told to fail at
 * {@link #FAIL_AT_FINISH}, it fails late: after all of that, before the triggers are rebuilt.
 *
 * <p>Used in process as a {@link SchemaUpgrader}, and by {@link FakeCv} behind a fake
 * {@code cv} executable, printing what {@code cv upgrade:db} prints.
 */
public final class FakeSchemaUpgrader implements SchemaUpgrader {
    /** {@code failAt} value: fail in the finishing task, after every revision and the Drupal cache flush. */
    public static final String FAIL_AT_FINISH = "finish";

    /**
     * What the fake does besides walking revisions.
     *
     * @param snapshotTables    create {@code snap_civicrm_vX_Y_contact} in each revision before its SQL
     * @param addColumns        in the first revision, add an indexed column to {@code civicrm_contact} and a
     *                          foreign-key column to {@code civicrm_participant} (when the table exists) and fill them
     * @param flushDrupalCaches in the finishing task, rewrite Drupal's rows as its cache flush does
     */
    public record Behaviour(boolean snapshotTables, boolean addColumns, boolean flushDrupalCaches) {
        /** Only the revisions' SQL, the version marks and the triggers. */
        public static final Behaviour PLAIN = new Behaviour(false, false, false);
        /** Everything the real upgrader is known to do. */
        public static final Behaviour REAL = new Behaviour(true, true, true);
    }

    private final String failAt;
    private final int domainId;
    private final Behaviour behaviour;

    /** Succeeds. */
    public FakeSchemaUpgrader() {
        this(null, 1);
    }

    /** Fails at the given revision (null: never). */
    public FakeSchemaUpgrader(@Nullable String failAt, int domainId) {
        this(failAt, domainId, Behaviour.PLAIN);
    }

    /** Fails at the given revision or at {@link #FAIL_AT_FINISH} (null: never), doing what {@code behaviour} switches on. */
    public FakeSchemaUpgrader(@Nullable String failAt, int domainId, Behaviour behaviour) {
        this.failAt = failAt;
        this.domainId = domainId;
        this.behaviour = behaviour == null ? Behaviour.PLAIN : behaviour;
    }

    /** The failure of a task, as CiviCRM's queue runner reports it. */
    public static final class TaskFailed extends Exception {
        private static final long serialVersionUID = 1L;
        private final String task;

        TaskFailed(String task, String message, Throwable cause) {
            super(message, cause);
            this.task = task;
        }

        /** The failing task's title. */
        public String task() {
            return task;
        }
    }

    @Override
    public String name() {
        return "fake-upgrader";
    }

    @Override
    public String describe(Site site) {
        return "the fake CiviCRM upgrader" + (failAt == null ? "" : " (failing at " + failAt + ")")
                + (behaviour.equals(Behaviour.PLAIN) ? "" : " " + behaviour);
    }

    @Override
    public List<String> upgrade(Request request) throws Exception {
        try (Connection c = request.resources().civicrmDatabase().getConnection()) {
            DrupalFlush flush = null;
            if (behaviour.flushDrupalCaches()) {
                String prefix = request.site().cmsDatabase().tablePrefix();
                flush = code -> {
                    try (Connection d = request.resources().cmsDatabase().getConnection()) {
                        DrupalCacheFlush.run(d, prefix, code);
                    }
                };
            }
            return run(c, request.site().civicrmCodeDir(), domainId, failAt, request.dryRun(), true, request.output(), behaviour, flush);
        } catch (TaskFailed e) {
            throw new UpgradeException(ErrorCode.PROCESS_FAILED, "The upgrade failed at task \"" + e.task() + "\": " + e.getMessage(), e);
        }
    }

    /** The revisions the code folder ships, in order. */
    public static List<Version> revisions(Path codeDir) throws IOException {
        Path dir = codeDir.resolve("CRM/Upgrade/Incremental/sql");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".mysql.tpl"))
                    .map(n -> Version.tryParse(n.substring(0, n.length() - ".mysql.tpl".length())))
                    .flatMap(Optional::stream).sorted().toList();
        }
    }

    /**
     * Runs the upgrade on a connection, printing cv's lines to {@code out}.
     *
     * @return the task titles
     * @throws TaskFailed when a task fails (the database is left as CiviCRM would leave it)
     */
    public static List<String> run(Connection c, Path codeDir, int domainId, String failAt, boolean dryRun, boolean verbose,
                                   Consumer<String> out) throws TaskFailed, IOException, SQLException {
        return run(c, codeDir, domainId, failAt, dryRun, verbose, out, Behaviour.PLAIN, null);
    }

    /** Rewrites Drupal's rows for the new code version, on Drupal's database. */
    @FunctionalInterface
    interface DrupalFlush {
        void flush(Version code) throws SQLException;
    }

    static List<String> run(Connection c, Path codeDir, int domainId, String failAt, boolean dryRun, boolean verbose,
                            Consumer<String> out, Behaviour behaviour, DrupalFlush flush) throws TaskFailed, IOException, SQLException {
        String dbText = readVersion(c, domainId);
        Version code = Release.installedVersion(codeDir);
        out.accept("Found CiviCRM database version " + dbText + ".");
        out.accept("Found CiviCRM code version " + code + ".");
        Version db = Version.tryParse(dbText).orElseThrow(() -> new TaskFailed("", "Version information missing in civicrm database.", null));
        if (db.compareTo(code) == 0 && !db.isPartialUpgrade()) {
            out.accept("You are already upgraded to CiviCRM " + code);
            return List.of();
        }
        if (db.isPartialUpgrade()) {
            throw new TaskFailed("", "Cannot begin upgrade: The database indicates that an incomplete upgrade is pending. "
                    + "If you would like to resume, use --retry or --skip.", null);
        }
        if (db.compareTo(code) > 0) {
            throw new TaskFailed("", "Your database is marked with an unexpected version number: " + db
                    + ". The v" + code + " codebase may not be compatible with your database state.", null);
        }
        out.accept("Checking pre-upgrade messages...");
        out.accept("(No messages)");
        out.accept("Dropping SQL triggers...");
        List<String> triggers = dryRun ? List.of() : dropTriggers(c);
        out.accept("Preparing upgrade...");
        List<Version> revs = revisions(codeDir).stream().filter(r -> r.compareTo(db) > 0 && r.compareTo(code) <= 0).toList();
        out.accept("Executing upgrade...");
        List<String> tasks = new ArrayList<>();
        for (Version rev : revs) {
            String title = "Upgrade DB to " + rev + ": SQL";
            out.accept(verbose ? title : ".");
            tasks.add(title);
            if (dryRun) {
                continue;
            }
            setVersion(c, domainId, rev + ".upgrade");
            if (behaviour.snapshotTables()) {
                snapshot(c, rev);
            }
            if (rev.toString().equals(failAt)) {
                out.accept("Error executing task \"" + title + "\"");
                throw new TaskFailed(title, "DB Error: injected failure in revision " + rev, null);
            }
            try {
                runSql(c, Files.readString(codeDir.resolve("CRM/Upgrade/Incremental/sql/" + rev + ".mysql.tpl"), StandardCharsets.UTF_8));
            } catch (SQLException e) {
                out.accept("Error executing task \"" + title + "\"");
                throw new TaskFailed(title, "DB Error: " + e.getMessage(), e);
            }
            if (behaviour.addColumns() && rev.equals(revs.get(0))) {
                addColumns(c);
            }
            setVersion(c, domainId, rev.toString());
        }
        String finish = "Finish Upgrade DB to " + code;
        out.accept(verbose ? finish : ".");
        tasks.add(finish);
        out.accept("Finishing upgrade...");
        if (!dryRun) {
            if (flush != null) {
                flush.flush(code);
            }
            if (FAIL_AT_FINISH.equals(failAt)) {
                out.accept("Error executing task \"" + finish + "\"");
                throw new TaskFailed(finish, "DB Error: injected failure in the finishing task", null);
            }
            setVersion(c, domainId, code.toString());
            rebuildTriggers(c, triggers);
        }
        out.accept("Upgrade to " + code + " completed.");
        out.accept("Checking post-upgrade messages...");
        out.accept("(No messages)");
        out.accept("Have a nice day.");
        return tasks;
    }

    /** CiviCRM's snapshot of a revision ({@code CRM_Upgrade_Snapshot}): dropped first, so a retry recreates it. */
    static void snapshot(Connection c, Version rev) throws SQLException {
        String name = "snap_civicrm_v" + rev.major() + "_" + rev.minor() + "_contact";
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS `" + name + "`");
            st.execute("CREATE TABLE `" + name + "` ENGINE=InnoDB AS SELECT id, sort_name FROM civicrm_contact");
        }
    }

    /**
     * An indexed column on {@code civicrm_contact} and, when {@code civicrm_participant} exists, a
     * foreign-key column referencing {@code civicrm_contact} with its index (named as CiviCRM names
     * them); a database that has the real columns already gets test columns beside them. Filled from
     * existing data. Safe to repeat.
     */
    static void addColumns(Connection c) throws SQLException {
        String indexed = hasColumn(c, "civicrm_contact", "modified_date") ? "upgrade_test_modified_date" : "modified_date";
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE civicrm_contact ADD COLUMN IF NOT EXISTS `" + indexed + "` timestamp NULL DEFAULT NULL,"
                    + " ADD INDEX IF NOT EXISTS `index_" + indexed + "` (`" + indexed + "`)");
            st.execute("UPDATE civicrm_contact SET `" + indexed + "` = '2026-01-01 00:00:00'");
        }
        if (!hasTable(c, "civicrm_participant")) {
            return;
        }
        String fk = hasColumn(c, "civicrm_participant", "created_id") ? "upgrade_test_created_id" : "created_id";
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE civicrm_participant ADD COLUMN IF NOT EXISTS `" + fk + "` int unsigned DEFAULT NULL"
                    + " COMMENT 'Contact ID that created this participant record.'");
            if (!hasConstraint(c, "civicrm_participant", "FK_civicrm_participant_" + fk)) {
                st.execute("ALTER TABLE civicrm_participant ADD CONSTRAINT `FK_civicrm_participant_" + fk + "` FOREIGN KEY (`" + fk
                        + "`) REFERENCES civicrm_contact (id) ON DELETE SET NULL");
            }
            st.execute("UPDATE civicrm_participant SET `" + fk + "` = contact_id");
        }
    }

    private static boolean hasTable(Connection c, String table) throws SQLException {
        return exists(c, "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", table);
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        return exists(c, "SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
                + " AND COLUMN_NAME = ?", table, column);
    }

    private static boolean hasConstraint(Connection c, String table, String name) throws SQLException {
        return exists(c, "SELECT 1 FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?", table, name);
    }

    private static boolean exists(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String readVersion(Connection c, int domainId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT version FROM civicrm_domain WHERE id = ?")) {
            st.setInt(1, domainId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
            }
        }
    }

    static void setVersion(Connection c, int domainId, String v) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE civicrm_domain SET version = ? WHERE id = ?")) {
            st.setString(1, v);
            st.setInt(2, domainId);
            st.executeUpdate();
        }
    }

    /** Drops the triggers of CiviCRM tables and returns their CREATE statements (without DEFINER). */
    static List<String> dropTriggers(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
                     + " AND (EVENT_OBJECT_TABLE LIKE 'civicrm\\_%' OR EVENT_OBJECT_TABLE LIKE 'log\\_civicrm\\_%') ORDER BY TRIGGER_NAME")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        List<String> creates = new ArrayList<>();
        for (String n : names) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE TRIGGER `" + n + "`")) {
                rs.next();
                creates.add(rs.getString("SQL Original Statement").replaceFirst("DEFINER=`[^`]*`@`[^`]*`\\s*", ""));
            }
            try (Statement st = c.createStatement()) {
                st.execute("DROP TRIGGER IF EXISTS `" + n + "`");
            }
        }
        return creates;
    }

    static void rebuildTriggers(Connection c, List<String> creates) throws SQLException {
        for (String sql : creates) {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }
    }

    /** Runs a {@code .mysql.tpl} body: Smarty comments and SQL comments dropped, statements split at a ';' ending a line. */
    static void runSql(Connection c, String tpl) throws SQLException {
        String body = tpl.replaceAll("(?s)\\{\\*.*?\\*\\}", "");
        StringBuilder stmt = new StringBuilder();
        for (String line : body.split("\n")) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("--") || t.startsWith("#")) {
                continue;
            }
            stmt.append(line).append('\n');
            if (t.endsWith(";")) {
                try (Statement st = c.createStatement()) {
                    st.execute(stmt.toString().trim().replaceAll(";$", ""));
                }
                stmt.setLength(0);
            }
        }
        if (!stmt.toString().isBlank()) {
            try (Statement st = c.createStatement()) {
                st.execute(stmt.toString());
            }
        }
    }
}
