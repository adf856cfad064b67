package org.civiupgrade.testkit;

import org.civiupgrade.spi.support.IoProblems;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * What a site is, reduced to comparable text: every file (type, mode, SHA-256 of the bytes,
 * link target) below the given folders, and every table (definition without its
 * {@code AUTO_INCREMENT} counter, the counter on its own, row count, hash of every row's bytes
 * in a stable order),
 * view, trigger, routine and event of the given schemas. Object definitions are compared
 * without their {@code DEFINER}, which a restore by a user without SUPER must change.
 * Two fingerprints are equal exactly when the site was put back as it was.
 *
 * <p>This is the one fingerprint of the project's tests: {@link #of(FakeDrupalSite)} for a fake
 * site, {@link #builder()} for anything else, {@link #withoutDrupalCaches()} and
 * {@link #without(Predicate)} to leave out what a rollback need not restore. Compare with
 * {@code assertThat(after.diff(before)).isEmpty()}, which names every difference.
 */
public record SiteFingerprint(SortedMap<String, String> entries) {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    public SiteFingerprint {
        entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    /** Starts a fingerprint. */
    public static Builder builder() {
        return new Builder();
    }

    /** Fingerprint of one folder ({@code root}) and one schema ({@code db}). */
    public static SiteFingerprint of(Path root, DataSource database) {
        return builder().files("root", root).database("db", database).build();
    }

    /**
     * Fingerprint of a fake site: the files of its Drupal root ({@code root}), of the CiviCRM code
     * folder when the root only links to it ({@code linked-code}), the Drupal database ({@code db})
     * and the CiviCRM database when it is another one ({@code civicrm}).
     */
    public static SiteFingerprint of(FakeDrupalSite site) {
        Builder b = builder().files("root", site.root());
        if (Files.isSymbolicLink(site.civicrmDir())) {
            try {
                b.files("linked-code", site.civicrmDir().toRealPath());
            } catch (IOException e) {
                b.entry("linked-code", "unreadable: " + IoProblems.describe(e));
            }
        }
        b.database("db", site.database().dataSource());
        if (site.civicrmDatabase() != site.database()) {
            b.database("civicrm", site.civicrmDatabase().dataSource());
        }
        return b.build();
    }

    /** This fingerprint with a free-form entry added (key {@code extra:<key>}), e.g. a setting read from elsewhere. */
    public SiteFingerprint plus(String key, String value) {
        SortedMap<String, String> more = new TreeMap<>(entries);
        more.put("extra:" + key, value);
        return new SiteFingerprint(more);
    }

    /** This fingerprint without the entries whose key matches. */
    public SiteFingerprint without(Predicate<String> key) {
        SortedMap<String, String> kept = new TreeMap<>(entries);
        kept.keySet().removeIf(key);
        return new SiteFingerprint(kept);
    }

    /** This fingerprint without the entries whose key matches the regular expression. */
    public SiteFingerprint withoutKeysMatching(String regex) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
        return without(k -> p.matcher(k).matches());
    }

    /**
     * This fingerprint without the rows of Drupal's cache tables ({@code cache}, {@code cache_*}) and
     * the contents of CiviCRM's compiled templates folder: the Drupal 7 steps delete cache rows as
     * {@code variable_set()} and {@code module_disable()} do, and Drupal rebuilds them on the next
     * request; the rollback of a code swap empties {@code templates_c}, as the documented rollback does.
     */
    public SiteFingerprint withoutDrupalCaches() {
        return withoutDrupalCaches("");
    }

    /** {@link #withoutDrupalCaches()} for a Drupal database whose tables carry a prefix (e.g. {@code d7_}). */
    public SiteFingerprint withoutDrupalCaches(String tablePrefix) {
        return withoutKeysMatching("table:[^:]*\\." + java.util.regex.Pattern.quote(tablePrefix) + "cache(_[a-z_]+)?:rows")
                .withoutKeysMatching("file:root/sites/[^/]+/files/civicrm/templates_c/.+");
    }

    /**
     * Only the tables (definition, counter, rows) whose name matches, and no other database object:
     * e.g. {@code onlyTables(t -> t.startsWith("civicrm_"))} for CiviCRM's part of a shared database.
     * File and free-form entries are kept.
     */
    public SiteFingerprint onlyTables(Predicate<String> table) {
        return without(k -> {
            if (k.startsWith("table:")) {
                String name = k.substring(k.indexOf('.') + 1, k.lastIndexOf(':'));
                return !table.test(name);
            }
            return !k.startsWith("file:") && !k.startsWith("extra:");
        });
    }

    /** The differences to another fingerprint, one line each ({@code -} only here, {@code +} only there, {@code ~} changed). */
    public List<String> diff(SiteFingerprint other) {
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(entries.keySet());
        keys.addAll(other.entries.keySet());
        for (String k : keys) {
            String mine = entries.get(k);
            String theirs = other.entries.get(k);
            if (mine == null) {
                out.add("+ " + k + " = " + abbreviate(theirs));
            } else if (theirs == null) {
                out.add("- " + k + " = " + abbreviate(mine));
            } else if (!mine.equals(theirs)) {
                out.add("~ " + k + ": " + abbreviate(mine) + " -> " + abbreviate(theirs));
            }
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        entries.forEach((k, v) -> sb.append(k).append(" = ").append(abbreviate(v)).append('\n'));
        return sb.toString();
    }

    /** Collects folders and schemas. */
    private static final java.util.regex.Pattern AUTO_INCREMENT = java.util.regex.Pattern.compile(" AUTO_INCREMENT=(\\d+)");

    /** Collects the files, tables and extra entries of a fingerprint; not thread-safe. */
    public static final class Builder {
        private final SortedMap<String, String> entries = new TreeMap<>();

        /** Adds every file below {@code dir} (not following links) under the label. */
        public Builder files(String label, Path dir) {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                entries.put("file:" + label, "absent");
                return this;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.forEach(p -> entries.put("file:" + label + "/" + dir.relativize(p).toString().replace('\\', '/'), describe(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        private static String describe(Path p) {
            try {
                String mode = POSIX ? PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) : "";
                if (Files.isSymbolicLink(p)) {
                    return "link -> " + Files.readSymbolicLink(p);
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    return "dir " + mode;
                }
                Hasher h = Hashing.sha256().newHasher();
                try (InputStream in = Files.newInputStream(p)) {
                    byte[] buf = new byte[65536];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        h.putBytes(buf, 0, n);
                    }
                }
                return "file " + mode + " " + Files.size(p) + " " + h.hash();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Adds every object of the data source's current schema under the label. */
        public Builder database(String label, DataSource ds) {
            return schema(label, ds, null);
        }

        /**
         * Adds every object of the named schema, reached through the data source (whose current
         * schema may be another one), under the label.
         *
         * @param schema the schema name, or null for the data source's current schema
         */
        public Builder schema(String label, DataSource ds, String schema) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                String name0 = schema;
                if (name0 == null) {
                    try (ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
                        rs.next();
                        name0 = rs.getString(1);
                    }
                }
                if (name0 == null) {
                    throw new IllegalStateException("Cannot fingerprint database " + label + ": the data source selects no schema;"
                            + " name one with schema(label, dataSource, schema).");
                }
                String q = "'" + name0.replace("'", "''") + "'";
                String qualifier = "`" + name0.replace("`", "``") + "`.";
                Map<String, String> tables = new TreeMap<>();
                try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
                        + "WHERE TABLE_SCHEMA = " + q)) {
                    while (rs.next()) {
                        tables.put(rs.getString(1), rs.getString(2));
                    }
                }
                for (Map.Entry<String, String> t : tables.entrySet()) {
                    String name = t.getKey();
                    if ("VIEW".equals(t.getValue())) {
                        continue;
                    }
                    String create;
                    try (ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + qualifier + "`" + name + "`")) {
                        rs.next();
                        create = rs.getString(2);
                    }
                    java.util.regex.Matcher counter = AUTO_INCREMENT.matcher(create);
                    entries.put("table:" + label + "." + name + ":definition", counter.replaceAll(""));
                    // the next id InnoDB hands out: a rollback that leaves it moved changes the ids of new rows
                    entries.put("table:" + label + "." + name + ":auto_increment", counter.reset().find() ? counter.group(1) : "1");
                    entries.put("table:" + label + "." + name + ":rows", rows(c, qualifier, name));
                }
                query(st, label, "view", "SELECT TABLE_NAME, CONCAT(VIEW_DEFINITION, ' security=', SECURITY_TYPE, ' check=', "
                        + "CHECK_OPTION) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = " + q);
                query(st, label, "trigger", "SELECT TRIGGER_NAME, CONCAT(ACTION_TIMING, ' ', EVENT_MANIPULATION, ' ON ', "
                        + "EVENT_OBJECT_TABLE, ' ', ACTION_STATEMENT) FROM information_schema.TRIGGERS "
                        + "WHERE TRIGGER_SCHEMA = " + q);
                query(st, label, "routine", "SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME), CONCAT(DTD_IDENTIFIER, ' ', "
                        + "IS_DETERMINISTIC, ' ', SQL_DATA_ACCESS, ' ', ROUTINE_DEFINITION) FROM information_schema.ROUTINES "
                        + "WHERE ROUTINE_SCHEMA = " + q);
                query(st, label, "routine-params", "SELECT CONCAT(SPECIFIC_NAME, '#', ORDINAL_POSITION), CONCAT("
                        + "IFNULL(PARAMETER_NAME, ''), ' ', DTD_IDENTIFIER) FROM information_schema.PARAMETERS "
                        + "WHERE SPECIFIC_SCHEMA = " + q);
                query(st, label, "event", "SELECT EVENT_NAME, CONCAT(IFNULL(EVENT_DEFINITION, ''), ' ', STATUS) "
                        + "FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " + q);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot fingerprint database " + label + ": " + e.getMessage(), e);
            }
            return this;
        }

        private void query(Statement st, String label, String kind, String sql) throws SQLException {
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    entries.put(kind + ":" + label + "." + rs.getString(1), String.valueOf(rs.getString(2)));
                }
            }
        }

        private static String rows(Connection c, String qualifier, String table) throws SQLException {
            int columns;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT * FROM " + qualifier + "`" + table + "` LIMIT 0")) {
                columns = rs.getMetaData().getColumnCount();
            }
            StringBuilder order = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
                order.append(i == 1 ? "" : ",").append(i);
            }
            Hasher h = Hashing.sha256().newHasher();
            long count = 0;
            try (Statement st = c.createStatement(java.sql.ResultSet.TYPE_FORWARD_ONLY, java.sql.ResultSet.CONCUR_READ_ONLY)) {
                st.setFetchSize(Integer.MIN_VALUE);
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + qualifier + "`" + table + "` ORDER BY " + order)) {
                    while (rs.next()) {
                        count++;
                        for (int i = 1; i <= columns; i++) {
                            byte[] b = rs.getBytes(i);
                            if (b == null) {
                                h.putByte((byte) 0);
                            } else {
                                h.putByte((byte) 1).putInt(b.length).putBytes(b);
                            }
                        }
                    }
                }
            }
            return count + " rows " + h.hash();
        }

        /** Adds a free-form entry (e.g. a setting read from elsewhere). */
        public Builder entry(String key, String value) {
            entries.put("extra:" + key, value);
            return this;
        }

        /**
         * The fingerprint of everything collected.
         *
         * @return the fingerprint, its entries sorted by key
         */
        public SiteFingerprint build() {
            return new SiteFingerprint(entries);
        }
    }
}
