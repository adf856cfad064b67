package org.civiupgrade.mysql.internal;

import org.civiupgrade.spi.support.IoProblems;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.civiupgrade.CheckResult;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Version;
import org.civiupgrade.mysql.internal.Grants.Privilege;
import org.civiupgrade.spi.db.DatabaseCheckOptions;

/** The MySQL/MariaDB pre-flight checks; each produces results and none throws for a failed check. */
public final class Checks {
    /** Privileges CiviCRM needs for every version. */
    public static final Set<Privilege> BASE = EnumSet.of(Privilege.SELECT, Privilege.INSERT, Privilege.UPDATE,
            Privilege.DELETE, Privilege.CREATE, Privilege.DROP, Privilege.INDEX, Privilege.ALTER,
            Privilege.CREATE_TEMPORARY_TABLES, Privilege.LOCK_TABLES);
    /** Added from 4.4. */
    public static final Set<Privilege> FROM_4_4 = EnumSet.of(Privilege.CREATE_VIEW, Privilege.TRIGGER,
            Privilege.CREATE_ROUTINE, Privilege.ALTER_ROUTINE);
    /** Backup output is about this share of the tables' data and index size. */
    static final double BACKUP_RATIO = 0.5;
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private Checks() {
    }

    /** Runs every check. */
    public static List<CheckResult> run(DataSource ds, DatabaseCheckOptions options) {
        List<CheckResult> out = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            String schema = Sql.schemaOf(c);
            Set<String> schemas = new HashSet<>(List.of(schema));
            options.scope().loggingDatabase().ifPresent(schemas::add);
            guard(out, "mysql.server", () -> server(c));
            guard(out, "mysql.innodb", () -> List.of(innodb(c)));
            guard(out, "mysql.privileges", () -> privileges(c, schemas, options.target()));
            guard(out, "mysql.scratch-schema", () -> List.of(scratchSchema(c)));
            guard(out, "mysql.object-definitions", () -> ObjectChecks.definitionsReadable(c, schemas));
            guard(out, "mysql.definers", () -> ObjectChecks.definers(c, schemas));
            guard(out, "mysql.sql-mode", () -> SqlModeCheck.run(c, schema, options.scope().loggingDatabase()));
            guard(out, "mysql.binlog", () -> List.of(binlog(c)));
            guard(out, "mysql.local_infile", () -> List.of(localInfile(c)));
            guard(out, "mysql.engines", () -> engines(c, schemas));
            options.backupDir().ifPresent(dir -> guard(out, "mysql.disk", () -> List.of(disk(c, schemas, dir))));
            guard(out, "civicrm.version", () -> version(c, options));
        } catch (SQLException e) {
            out.add(CheckResult.blocker("mysql.connect", "Cannot connect to the CiviCRM database: " + e.getMessage(),
                    ErrorCode.DATABASE_ERROR.remedy()));
        }
        return out;
    }

    private interface CheckBody {
        List<CheckResult> run() throws SQLException;
    }

    private static void guard(List<CheckResult> out, String id, CheckBody body) {
        try {
            out.addAll(body.run());
        } catch (SQLException e) {
            out.add(CheckResult.blocker(id, "The check could not run: " + cause(e), remedy(e)));
        } catch (RuntimeException e) {
            out.add(CheckResult.blocker(id, "The check could not run: " + e.getMessage(),
                    "Report this as a defect of civi-upgrade, with the message."));
        }
    }

    /** Vendor error codes that mean the account lacks a right. */
    static final Set<Integer> ACCESS_DENIED = Set.of(1044, 1045, 1142, 1143, 1227, 1370, 1698);

    /** The SQL error's real cause: vendor code, SQLState and the server's message. */
    public static String cause(SQLException e) {
        return "error " + e.getErrorCode() + " (SQLState " + e.getSQLState() + "): " + e.getMessage();
    }

    /** A remedy chosen by the error's vendor code (and SQLState class for connection failures). */
    public static String remedy(SQLException e) {
        int code = e.getErrorCode();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (ACCESS_DENIED.contains(code)) {
            return "The server refused a right this check needs (" + cause(e) + "): as an administrator grant the"
                    + " database user the right the message names, or run the check as a user that holds it.";
        }
        if (code == 1449) {
            return "An object's DEFINER names an account that does not exist (" + cause(e) + "): create that account"
                    + " (CREATE USER ... ACCOUNT LOCK, with its grants) or re-create the object with an existing definer.";
        }
        if (state.startsWith("08") || code == 2006 || code == 2013) {
            return "The connection to the database server failed (" + cause(e) + "): make sure the server is reachable"
                    + " and running, then run check again.";
        }
        return "The server reported " + cause(e) + ". Fix that cause, then run check again.";
    }

    /** The connected account as the server knows it, quoted for SQL: {@code 'user'@'host'}. */
    public static String account(Connection c) throws SQLException {
        String cu = Sql.one(c, "SELECT CURRENT_USER()").orElse("");
        int at = cu.lastIndexOf('@');
        return at < 0 ? Sql.literal(cu) : Sql.literal(cu.substring(0, at)) + "@" + Sql.literal(cu.substring(at + 1));
    }

    /**
     * Which verification the backup step will do ({@link Verify#scratchAllowed}, the same test the
     * verification itself makes): the full one (a restore into a {@code cuv_verify_*} schema) or the
     * one without a scratch schema, naming the GRANT that enables the full one.
     */
    static CheckResult scratchSchema(Connection c) throws SQLException {
        if (Verify.scratchAllowed(grants(c))) {
            return CheckResult.info("mysql.scratch-schema", "The backup will be verified in full: restored into a scratch"
                    + " schema cuv_verify_* (dropped afterwards) and compared table by table.");
        }
        return CheckResult.info("mysql.scratch-schema", "The database user may not create cuv_verify_* scratch schemas, so the"
                + " backup will be verified without one: every data file decoded and compared with the CRC32C, size and row"
                + " count recorded while it was written, but not restored. For the full verification run as an administrator: "
                + Verify.scratchGrant(account(c)) + ";");
    }

    /** Parses "10.11.6-MariaDB-0+deb12u1" or "8.0.36": {major, minor, patch}. */
    public static int[] parseServerVersion(String v) {
        Matcher m = VERSION.matcher(v == null ? "" : v.trim());
        if (!m.find()) {
            return new int[] {0, 0, 0};
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
    }

    static List<CheckResult> server(Connection c) throws SQLException {
        String version = Sql.one(c, "SELECT VERSION()").orElse("");
        String comment = Sql.one(c, "SELECT @@version_comment").orElse("");
        boolean maria = (version + " " + comment).toLowerCase(Locale.ROOT).contains("mariadb");
        int[] v = parseServerVersion(version);
        String flavour = (maria ? "MariaDB " : "MySQL ") + version;
        if (!maria && (v[0] < 5)) {
            return List.of(CheckResult.blocker("mysql.server", flavour + " is too old: CiviCRM needs MySQL 5.0 or later"
                    + " with InnoDB (4.0 and 4.1 are refused).", "Upgrade the database server to MySQL 5.7+ or MariaDB 10.4+."));
        }
        if (!maria && v[0] == 5 && v[1] < 5) {
            return List.of(CheckResult.warning("mysql.server", flavour + " is older than any server civi-upgrade is tested with.",
                    "Rehearse the upgrade on a copy first, or upgrade the server."));
        }
        return List.of(CheckResult.info("mysql.server", flavour + (maria ? "" : " (MySQL is supported but tested less than MariaDB)")));
    }

    static CheckResult innodb(Connection c) throws SQLException {
        String support = Sql.one(c, "SELECT SUPPORT FROM information_schema.ENGINES WHERE ENGINE = 'InnoDB'").orElse("NO");
        if (support.equalsIgnoreCase("YES") || support.equalsIgnoreCase("DEFAULT")) {
            return CheckResult.info("mysql.innodb", "InnoDB is available (" + support + ").");
        }
        return CheckResult.blocker("mysql.innodb", "InnoDB is not available on the server (support: " + support + ").",
                "Enable the InnoDB storage engine in the server configuration; CiviCRM requires it.");
    }

    /** The account's grants, its roles' grants included. */
    public static Grants grants(Connection c) throws SQLException {
        Grants g = new Grants();
        List<String> lines = Sql.rows(c, "SHOW GRANTS").stream().map(r -> r[0]).toList();
        g.add(lines);
        Deque<String> todo = new ArrayDeque<>(g.roles());
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String role = todo.pop();
            if (!seen.add(role)) {
                continue;
            }
            try {
                List<String> roleLines = Sql.rows(c, "SHOW GRANTS FOR " + Sql.q(role)).stream().map(x -> x[0]).toList();
                g.add(roleLines);
                todo.addAll(new Grants().add(roleLines).roles());
            } catch (SQLException e) {
                // a role we may not inspect: its grants stay unknown
            }
        }
        return g;
    }

    static List<CheckResult> privileges(Connection c, Set<String> schemas, Optional<Version> target) throws SQLException {
        Grants g = grants(c);
        Set<Privilege> needed = EnumSet.copyOf(BASE);
        if (target.isEmpty() || target.get().isAtLeast(Version.parse("4.4.0"))) {
            needed.addAll(FROM_4_4);
        }
        List<CheckResult> out = new ArrayList<>();
        for (String s : schemas.stream().sorted().toList()) {
            Set<Privilege> have = g.onDatabase(s);
            Set<Privilege> missing = EnumSet.copyOf(needed);
            missing.removeAll(have);
            if (missing.isEmpty()) {
                out.add(CheckResult.info("mysql.privileges", "The database user holds every privilege CiviCRM needs on " + s + "."));
            } else {
                String list = missing.stream().map(Privilege::sql).collect(Collectors.joining(", "));
                out.add(CheckResult.blocker("mysql.privileges", "The database user lacks " + list + " on " + s + ".",
                        "As an administrator run: GRANT " + list + " ON " + Sql.q(s) + ".* TO the CiviCRM user."));
            }
        }
        return out;
    }

    static CheckResult binlog(Connection c) throws SQLException {
        boolean logBin = on(Sql.one(c, "SELECT @@log_bin").orElse("0"));
        if (!logBin) {
            return CheckResult.info("mysql.binlog", "Binary logging is off: stored functions can be created.");
        }
        boolean trust = on(Sql.one(c, "SELECT @@log_bin_trust_function_creators").orElse("0"));
        boolean superPriv = grants(c).global().contains(Privilege.SUPER);
        if (trust || superPriv) {
            return CheckResult.info("mysql.binlog", "Binary logging is on and the user may create functions ("
                    + (trust ? "log_bin_trust_function_creators=1" : "SUPER") + ").");
        }
        return CheckResult.blocker("mysql.binlog", "Binary logging is on, log_bin_trust_function_creators is off and the user"
                + " has no SUPER privilege: creating civicrm_strip_non_numeric and the triggers fails (error 1419).",
                "Set log_bin_trust_function_creators=1 in the server configuration (SET GLOBAL log_bin_trust_function_creators = 1).");
    }

    static CheckResult localInfile(Connection c) throws SQLException {
        boolean on = on(Sql.one(c, "SELECT @@local_infile").orElse("0"));
        return on ? CheckResult.info("mysql.local_infile", "local_infile is ON: restores stream with LOAD DATA LOCAL.")
                : CheckResult.blocker("mysql.local_infile", "local_infile is OFF on the server (the MySQL 8 default): the"
                + " backup could not be restored or verified.", "Set local_infile=ON (SET GLOBAL local_infile = 1, and in my.cnf).");
    }

    static List<CheckResult> engines(Connection c, Set<String> schemas) throws SQLException {
        List<CheckResult> out = new ArrayList<>();
        String in = schemas.stream().map(Sql::literal).collect(Collectors.joining(","));
        List<String[]> archive = Sql.rows(c, "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ("
                + in + ") AND TABLE_TYPE = 'BASE TABLE' AND UPPER(ENGINE) = 'ARCHIVE'");
        String archiveSupport = Sql.one(c, "SELECT SUPPORT FROM information_schema.ENGINES WHERE ENGINE = 'ARCHIVE'").orElse("NO");
        boolean archiveOk = archiveSupport.equalsIgnoreCase("YES") || archiveSupport.equalsIgnoreCase("DEFAULT");
        List<String[]> broken = Sql.rows(c, "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES WHERE"
                + " TABLE_SCHEMA IN (" + in + ") AND TABLE_TYPE = 'BASE TABLE' AND ENGINE IS NULL");
        if (!broken.isEmpty()) {
            String names = broken.stream().map(r -> r[0] + "." + r[1]).collect(Collectors.joining(", "));
            boolean mentionsArchive = broken.stream().anyMatch(r -> r[2] != null && r[2].toLowerCase(Locale.ROOT).contains("archive"));
            out.add(CheckResult.blocker("mysql.engines", "Tables cannot be opened (storage engine missing): " + names + ".",
                    mentionsArchive || !archiveOk ? "Load the ARCHIVE engine: INSTALL SONAME 'ha_archive' (and plugin_load_add = ha_archive in my.cnf)."
                            : "Load the storage engine these tables use, then run again."));
        }
        if (!archive.isEmpty()) {
            String names = archive.stream().map(r -> r[1]).collect(Collectors.joining(", "));
            out.add(archiveOk ? CheckResult.info("mysql.engines", "ARCHIVE tables (" + names + ") can be backed up and restored.")
                    : CheckResult.blocker("mysql.engines", "Log tables use the ARCHIVE engine but the server does not provide it: " + names + ".",
                    "Load the ARCHIVE engine: INSTALL SONAME 'ha_archive' (and plugin_load_add = ha_archive in my.cnf)."));
        }
        if (out.isEmpty()) {
            out.add(CheckResult.info("mysql.engines", "Every table's storage engine is available" + (archiveOk ? " (ARCHIVE included)." : ".")));
        }
        return out;
    }

    /**
     * Whether this server can restore a backup: every storage engine its tables use is available
     * (ARCHIVE log tables need {@code ha_archive}) and {@code local_infile} is on.
     */
    public static List<CheckResult> restorable(Connection c, Manifest m) throws SQLException {
        List<CheckResult> out = new ArrayList<>();
        Set<String> available = new HashSet<>();
        for (String[] r : Sql.rows(c, "SELECT UPPER(ENGINE), SUPPORT FROM information_schema.ENGINES")) {
            if (r[1].equalsIgnoreCase("YES") || r[1].equalsIgnoreCase("DEFAULT")) {
                available.add(r[0]);
            }
        }
        java.util.Map<String, List<String>> missing = new java.util.TreeMap<>();
        for (Manifest.SchemaEntry s : m.schemas()) {
            for (Manifest.TableEntry t : s.tables()) {
                String engine = t.engine() == null ? "" : t.engine().toUpperCase(Locale.ROOT);
                if (!engine.isEmpty() && !available.contains(engine)) {
                    missing.computeIfAbsent(engine, k -> new ArrayList<>()).add(t.name());
                }
            }
        }
        missing.forEach((engine, tables) -> out.add(CheckResult.blocker("mysql.engines", "The backup holds " + engine
                + " tables (" + String.join(", ", tables) + ") but this server does not provide the " + engine + " engine.",
                engine.equals("ARCHIVE") ? "Load the ARCHIVE engine: INSTALL SONAME 'ha_archive' (and plugin_load_add = ha_archive in my.cnf)."
                        : "Load the " + engine + " storage engine on this server, then restore again.")));
        out.add(localInfile(c));
        return out;
    }

    /** Estimated backup size in bytes: the tables' data and index size times {@link #BACKUP_RATIO}. */
    static long estimate(Connection c, Set<String> schemas) throws SQLException {
        String in = schemas.stream().map(Sql::literal).collect(Collectors.joining(","));
        return (long) (Long.parseLong(Sql.one(c, "SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA IN (" + in + ")").orElse("0")) * BACKUP_RATIO);
    }

    static CheckResult disk(Connection c, Set<String> schemas, Path dir) throws SQLException {
        long need = estimate(c, schemas);
        Path probe = dir.toAbsolutePath();
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        long free;
        try {
            free = probe == null ? 0 : Files.getFileStore(probe).getUsableSpace();
        } catch (IOException e) {
            return CheckResult.warning("mysql.disk", "Cannot read the free space at " + dir + ": " + IoProblems.describe(e) + ";"
                    + " " + IoProblems.remedy(e),
                    "Make sure the backup location has room for about " + mb(need) + " MB.");
        }
        if (free < need) {
            return CheckResult.blocker("mysql.disk", "The backup needs about " + mb(need) + " MB but only " + mb(free)
                    + " MB are free at " + dir + ".", "Free disk space or choose another work directory (Site.withWorkDir).");
        }
        if (free < need * 2) {
            return CheckResult.warning("mysql.disk", "Free space at " + dir + " (" + mb(free) + " MB) is less than twice the"
                    + " estimated backup (" + mb(need) + " MB).", "Free disk space to keep a margin.");
        }
        return CheckResult.info("mysql.disk", "Backup estimate " + mb(need) + " MB, " + mb(free) + " MB free at " + dir + ".");
    }

    private static long mb(long bytes) {
        return Math.max(1, bytes / (1024 * 1024));
    }

    static List<CheckResult> version(Connection c, DatabaseCheckOptions options) throws SQLException {
        Optional<String> raw;
        try {
            raw = DomainVersion.read(c, options.domainId());
        } catch (DomainVersion.NoDomainTable e) {
            return List.of(CheckResult.blocker("civicrm.version", e.getMessage(),
                    "Point civi-upgrade at the database CIVICRM_DSN names; it must hold CiviCRM's tables."));
        }
        if (raw.isEmpty()) {
            return List.of(CheckResult.blocker("civicrm.version", "Version information missing in civicrm database"
                    + " (civicrm_domain.version of domain " + options.domainId() + " is empty).", ErrorCode.DB_VERSION_MISSING.remedy()));
        }
        Optional<Version> v = Version.tryParse(raw.get());
        if (v.isEmpty()) {
            return List.of(CheckResult.blocker("civicrm.version", "civicrm_domain.version '" + raw.get() + "' is not a CiviCRM version.",
                    ErrorCode.DB_VERSION_MISSING.remedy()));
        }
        if (v.get().isPartialUpgrade()) {
            return List.of(CheckResult.blocker("civicrm.version", "The database was left partially upgraded ("
                    + raw.get() + ").", ErrorCode.DB_PARTIALLY_UPGRADED.remedy()));
        }
        List<CheckResult> out = new ArrayList<>();
        out.add(CheckResult.info("civicrm.version", "CiviCRM database version " + v.get() + "."));
        if (options.target().isPresent()) {
            // The minimum upgradable version is checked by the database upgrade step (db.minimum-version), from the
            // release's own CRM/Upgrade/Form.php with the built-in table only as a fallback; the table alone would
            // disagree with releases that raised their minimum.
            Version target = options.target().get();
            if (!v.get().isBefore(target)) {
                out.add(CheckResult.blocker("civicrm.version", "The database is at " + v.get() + ", not older than the target "
                        + target + ".", ErrorCode.NOT_AN_UPGRADE.remedy()));
            }
        }
        return out;
    }

    private static boolean on(String v) {
        return v.equals("1") || v.equalsIgnoreCase("ON") || v.equalsIgnoreCase("true");
    }
}
