package org.civiupgrade.testkit;

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

    /** Fingerprint of one folder and one schema. */
    public static SiteFingerprint of(Path root, DataSource database) {
        return builder().files("root", root).database("db", database).build();
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
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                Map<String, String> tables = new TreeMap<>();
                try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
                        + "WHERE TABLE_SCHEMA = DATABASE()")) {
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
                    try (ResultSet rs = st.executeQuery("SHOW CREATE TABLE `" + name + "`")) {
                        rs.next();
                        create = rs.getString(2);
                    }
                    java.util.regex.Matcher counter = AUTO_INCREMENT.matcher(create);
                    entries.put("table:" + label + "." + name + ":definition", counter.replaceAll(""));
                    // the next id InnoDB hands out: a rollback that leaves it moved changes the ids of new rows
                    entries.put("table:" + label + "." + name + ":auto_increment", counter.reset().find() ? counter.group(1) : "1");
                    entries.put("table:" + label + "." + name + ":rows", rows(c, name));
                }
                query(st, label, "view", "SELECT TABLE_NAME, CONCAT(VIEW_DEFINITION, ' security=', SECURITY_TYPE, ' check=', "
                        + "CHECK_OPTION) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()");
                query(st, label, "trigger", "SELECT TRIGGER_NAME, CONCAT(ACTION_TIMING, ' ', EVENT_MANIPULATION, ' ON ', "
                        + "EVENT_OBJECT_TABLE, ' ', ACTION_STATEMENT) FROM information_schema.TRIGGERS "
                        + "WHERE TRIGGER_SCHEMA = DATABASE()");
                query(st, label, "routine", "SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME), CONCAT(DTD_IDENTIFIER, ' ', "
                        + "IS_DETERMINISTIC, ' ', SQL_DATA_ACCESS, ' ', ROUTINE_DEFINITION) FROM information_schema.ROUTINES "
                        + "WHERE ROUTINE_SCHEMA = DATABASE()");
                query(st, label, "routine-params", "SELECT CONCAT(SPECIFIC_NAME, '#', ORDINAL_POSITION), CONCAT("
                        + "IFNULL(PARAMETER_NAME, ''), ' ', DTD_IDENTIFIER) FROM information_schema.PARAMETERS "
                        + "WHERE SPECIFIC_SCHEMA = DATABASE()");
                query(st, label, "event", "SELECT EVENT_NAME, CONCAT(IFNULL(EVENT_DEFINITION, ''), ' ', STATUS) "
                        + "FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()");
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

        private static String rows(Connection c, String table) throws SQLException {
            int columns;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT * FROM `" + table + "` LIMIT 0")) {
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
                try (ResultSet rs = st.executeQuery("SELECT * FROM `" + table + "` ORDER BY " + order)) {
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
