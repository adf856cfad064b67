package org.civiupgrade.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.mysql.MySqlDataSourceFactory;
import org.civiupgrade.mysql.MySqlDialect;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.BackupSummary;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.RestoreSummary;
import org.civiupgrade.testkit.TestDatabaseServer;

/**
 * Compares, in one run on the same generated data and server: our backup with
 * {@code mariadb-dump --single-transaction --routines --triggers --events} and {@code mydumper -t 2};
 * our restore with {@code mariadb < dump.sql} and {@code myloader -t 2}; and our selective rollback
 * after a typical upgrade change with our full restore. Every restore is checked checksum-equal
 * to the source. Ends with one {@code RESULT ...} line (ratios: ours / theirs, lower is better).
 *
 * <p>Usage: {@code BackupBenchmark [--scale 0.1] [--workdir DIR]}; the server is the testkit's
 * (embedded MariaDB, or {@code CIVI_UPGRADE_TEST_JDBC_URL}).
 */
public final class BackupBenchmark {
    private final TestDatabaseServer server = TestDatabaseServer.shared();
    private final MySqlDialect dialect = new MySqlDialect();
    private final Path work;
    private long heapPeak;
    private boolean settling = true;

    private BackupBenchmark(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        double scale = 0.1;
        Path work = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--workdir" -> work = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i] + "; use --scale N [--workdir DIR]");
            }
        }
        if (work == null) {
            work = Files.createTempDirectory("civi-upgrade-bench-");
        }
        try {
            new BackupBenchmark(work).run(scale);
        } finally {
            FileUtils.deleteQuietly(work.toFile());
        }
        System.exit(0);
    }

    private DatabaseCoordinates coords(String schema) {
        return server.admin(schema);
    }

    private void run(double scale) throws Exception {
        String src = "bench_src";
        List<String> schemas = List.of(src, "bench_ours", "bench_sql", "bench_myl", "bench_scratch");
        try (HikariDataSource admin = MySqlDataSourceFactory.pool(coords("mysql"), 2)) {
            for (String s : schemas) {
                exec(admin, "DROP DATABASE IF EXISTS `" + s + "`");
            }
            exec(admin, "CREATE DATABASE " + src + " CHARACTER SET utf8mb4");
        }
        say("server: " + server + ", scale " + scale + ", work dir " + work);
        try (HikariDataSource ds = MySqlDataSourceFactory.pool(coords(src), 6)) {
            long t = System.nanoTime();
            CiviDatabaseGenerator.generate(ds, scale);
            say(String.format(Locale.ROOT, "generated in %.1f s: %d MB data+index", secs(t), sizeMb(ds, src)));
            Map<String, Long> sourceSums = checksums(ds, src);

            // ---- backups
            Path ours = work.resolve("ours");
            settle(ds);
            resetHeap();
            t = System.nanoTime();
            BackupSummary b = dialect.backup(ds, ours, BackupOptions.defaults().withWorkers(2));
            double oursBackup = secs(t);
            long heap1 = heapMb();
            say(String.format(Locale.ROOT, "ours backup:        %6.2f s  (%d tables, %d rows, %d MB raw, %d MB on disk, lock %d ms)",
                    oursBackup, b.tables(), b.rows(), b.dataBytes() >> 20, b.fileBytes() >> 20, b.lockMillis()));

            // the same backup again in the now warm JVM: what a large database sees after the first seconds
            settle(ds);
            t = System.nanoTime();
            dialect.backup(ds, work.resolve("ours-warm"), BackupOptions.defaults().withWorkers(2));
            double oursBackupWarm = secs(t);
            FileUtils.deleteDirectory(work.resolve("ours-warm").toFile());
            say(String.format(Locale.ROOT, "ours backup (warm): %6.2f s", oursBackupWarm));

            Path dump = work.resolve("dump.sql");
            settle(ds);
            t = System.nanoTime();
            tool(List.of(client("mariadb-dump"), "--no-defaults", "--protocol=tcp", "-h", server.host(), "-P", port(), "-u", user(),
                    "--single-transaction", "--routines", "--triggers", "--events", "--max-allowed-packet=256M",
                    "--result-file=" + dump, src), null);
            double dumpTime = secs(t);
            say(String.format(Locale.ROOT, "mariadb-dump:       %6.2f s  (%d MB)", dumpTime, Files.size(dump) >> 20));

            Path myd = work.resolve("mydumper");
            settle(ds);
            t = System.nanoTime();
            tool(List.of("mydumper", "-t", "2", "-h", server.host(), "-P", port(), "-u", user(), "-p", password(),
                    "-B", src, "-o", myd.toString(), "-G", "-E", "-R"), null);
            double mydumperTime = secs(t);
            say(String.format(Locale.ROOT, "mydumper -t 2:      %6.2f s  (%d MB)", mydumperTime, FileUtils.sizeOfDirectory(myd.toFile()) >> 20));

            // ---- restores, each into an empty schema, each compared with the source
            settle(ds);
            resetHeap();
            t = System.nanoTime();
            dialect.restore(ds, ours, RestoreOptions.full().into("bench_ours").withWorkers(2));
            double oursRestore = secs(t);
            long heap2 = heapMb();
            compare(ds, sourceSums, "bench_ours", "ours restore");
            say(String.format(Locale.ROOT, "ours restore:       %6.2f s", oursRestore));

            try (HikariDataSource admin = MySqlDataSourceFactory.pool(coords("mysql"), 2)) {
                exec(admin, "CREATE DATABASE bench_sql CHARACTER SET utf8mb4");
            }
            settle(ds);
            t = System.nanoTime();
            tool(List.of(client("mariadb"), "--no-defaults", "--protocol=tcp", "-h", server.host(), "-P", port(), "-u", user(),
                    "--max-allowed-packet=256M", "bench_sql"), dump);
            double mariadbRestore = secs(t);
            compare(ds, sourceSums, "bench_sql", "mariadb < dump.sql");
            say(String.format(Locale.ROOT, "mariadb < dump.sql: %6.2f s", mariadbRestore));

            settle(ds);
            t = System.nanoTime();
            tool(List.of("myloader", "-t", "2", "-h", server.host(), "-P", port(), "-u", user(), "-p", password(),
                    "-d", myd.toString(), "-B", "bench_myl", "-o"), null);
            double myloaderRestore = secs(t);
            compare(ds, sourceSums, "bench_myl", "myloader");
            say(String.format(Locale.ROOT, "myloader -t 2:      %6.2f s", myloaderRestore));

            // ---- a typical upgrade change on the source, then our selective rollback
            exec(ds, "DROP TRIGGER civicrm_contact_after_insert", "DROP TRIGGER civicrm_contact_after_update",
                    "DROP TRIGGER civicrm_contact_after_delete", "DROP TRIGGER civicrm_phone_before_insert",
                    "ALTER TABLE civicrm_option_value ADD COLUMN icon VARCHAR(255)",
                    "INSERT INTO civicrm_option_value (option_group_id, label, value, name, weight) VALUES (3, 'New', '99', 'new', 99)",
                    "ALTER TABLE civicrm_contribution ADD COLUMN tax_amount DECIMAL(20,2)",
                    "CREATE TABLE civicrm_upgrade_new_entity (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64))",
                    "UPDATE civicrm_domain SET version = '5.0.0.upgrade'");
            settle(ds);
            resetHeap();
            t = System.nanoTime();
            RestoreSummary sel = dialect.restore(ds, ours, RestoreOptions.selective().withWorkers(2));
            double selective = secs(t);
            long heap3 = heapMb();
            compare(ds, sourceSums, src, "selective rollback");
            say(String.format(Locale.ROOT, "ours selective:     %6.2f s  (%d tables reloaded, %d unchanged, %d dropped, %d objects)",
                    selective, sel.tablesRestored().size(), sel.tablesUnchanged().size(), sel.tablesDropped().size(),
                    sel.objectsRecreated()));
            heapPeak = Math.max(heap1, Math.max(heap2, heap3));
            say("every restore is checksum-equal to the source");
            say(String.format(Locale.ROOT, "warm JVM: backup_vs_mariadb_dump=%.2f backup_vs_mydumper=%.2f",
                    oursBackupWarm / dumpTime, oursBackupWarm / mydumperTime));
            System.out.printf(Locale.ROOT, "RESULT backup_vs_mariadb_dump=%.2f backup_vs_mydumper=%.2f restore_vs_mariadb=%.2f"
                            + " restore_vs_myloader=%.2f selective_vs_full=%.2f heap_mb=%d lock_ms=%d%n",
                    oursBackup / dumpTime, oursBackup / mydumperTime, oursRestore / mariadbRestore, oursRestore / myloaderRestore,
                    selective / oursRestore, heapPeak, b.lockMillis());
        } finally {
            try (HikariDataSource admin = MySqlDataSourceFactory.pool(coords("mysql"), 2)) {
                for (String s : schemas) {
                    exec(admin, "DROP DATABASE IF EXISTS `" + s + "`");
                }
            }
        }
    }

    private String client(String name) {
        return server.clientBinary(name).map(Path::toString).orElseThrow(() -> new IllegalStateException(name + " not found"));
    }

    private String port() {
        return String.valueOf(server.port());
    }

    private String user() {
        return coords("mysql").user();
    }

    private String password() {
        return coords("mysql").password().reveal();
    }

    private void tool(List<String> command, Path input) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("MYSQL_PWD", password());
        Path log = Files.createTempFile(work, "tool", ".log");
        pb.redirectOutput(log.toFile());
        if (input != null) {
            pb.redirectInput(input.toFile());
        }
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + Files.readString(log).replace(password(), "******"));
        }
    }

    /**
     * Before each timed operation: waits (up to two minutes) until InnoDB has written the pages the
     * previous operation dirtied, so no contender pays for another's writes. Needs SUPER (to lower
     * {@code innodb_max_dirty_pages_pct} for the wait); without it the benchmark says so and goes on.
     */
    private void settle(HikariDataSource ds) throws SQLException, InterruptedException {
        if (!settling) {
            return;
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            String old;
            try (ResultSet rs = st.executeQuery("SELECT @@GLOBAL.innodb_max_dirty_pages_pct")) {
                rs.next();
                old = rs.getString(1);
            }
            try {
                st.execute("SET GLOBAL innodb_max_dirty_pages_pct = 0");
            } catch (SQLException e) {
                settling = false;
                say("(cannot lower innodb_max_dirty_pages_pct: " + e.getMessage() + "; operations are timed without settling)");
                return;
            }
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (System.nanoTime() < deadline) {
                    long dirty = 0;
                    long total = 1;
                    try (ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN"
                            + " ('Innodb_buffer_pool_pages_dirty', 'Innodb_buffer_pool_pages_total')")) {
                        while (rs.next()) {
                            if (rs.getString(1).equalsIgnoreCase("Innodb_buffer_pool_pages_dirty")) {
                                dirty = rs.getLong(2);
                            } else {
                                total = Math.max(1, rs.getLong(2));
                            }
                        }
                    }
                    if (dirty * 200 <= total) {
                        break;
                    }
                    Thread.sleep(250);
                }
            } finally {
                st.execute("SET GLOBAL innodb_max_dirty_pages_pct = " + old);
            }
        }
    }

    private static Map<String, Long> checksums(HikariDataSource ds, String schema) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + schema
                    + "' AND TABLE_TYPE = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("CHECKSUM TABLE `" + schema + "`.`" + t + "`")) {
                    rs.next();
                    out.put(t, rs.getLong(2));
                }
            }
        }
        return out;
    }

    private static void compare(HikariDataSource ds, Map<String, Long> expected, String schema, String what) throws SQLException {
        Map<String, Long> got = checksums(ds, schema);
        if (!got.equals(expected)) {
            throw new IllegalStateException(what + " is not checksum-equal to the source: expected " + expected + ", got " + got);
        }
    }

    private static long sizeMb(HikariDataSource ds, String schema) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT SUM(DATA_LENGTH + INDEX_LENGTH) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                     + schema + "'")) {
            rs.next();
            return rs.getLong(1) >> 20;
        }
    }

    private static void exec(javax.sql.DataSource ds, String... sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private static void resetHeap() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak usage since the last reset, in MB. */
    private static long heapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum >> 20;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void say(String s) {
        System.out.println(s);
        System.out.flush();
    }
}
