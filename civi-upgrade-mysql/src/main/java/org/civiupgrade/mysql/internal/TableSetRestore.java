package org.civiupgrade.mysql.internal;

import org.civiupgrade.spi.support.IoProblems;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.RestoreSummary;
import org.slf4j.Logger;

/**
 * The restore of a named-table backup ({@link Backup#run(DataSource, Path, org.civiupgrade.spi.db.BackupOptions, java.util.Set)}):
 * each backed-up table is compared with the live one by definition (without the counter) and
 * {@code CHECKSUM TABLE}; a changed or missing table is reloaded, an equal one whose
 * {@code AUTO_INCREMENT} moved gets it back, and nothing else is touched.
 */
public final class TableSetRestore {
    private static final Logger LOG = org.civiupgrade.internal.redact.Logs.get(TableSetRestore.class);
    private static final Pattern COUNTER = Pattern.compile("\\sAUTO_INCREMENT=(\\d+)");

    private TableSetRestore() {
    }

    /** Restores the changed tables of the backup in {@code dir} into the data source's default schema. */
    public static RestoreSummary run(DataSource ds, Path dir, RestoreOptions o) {
        Manifest m = Manifest.read(dir);
        List<String> restored = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        long rows = 0;
        try (Connection c = ds.getConnection()) {
            String schema = Sql.schemaOf(c);
            Sql.exec(c, Restore.SESSION);
            try {
                for (Manifest.SchemaEntry s : m.schemas()) {
                    for (Manifest.TableEntry t : s.tables()) {
                        Optional<String> live = showCreate(c, schema, t.name());
                        boolean same = live.isPresent() && t.checksum() != null
                                && Definitions.normaliseTable(live.get()).equals(Definitions.normaliseTable(t.createSql()))
                                && sameChecksum(c, schema, t);
                        if (!same) {
                            rows += Restore.reloadTable(c, dir, schema, t, o);
                            restored.add(schema + "." + t.name());
                            continue;
                        }
                        Optional<String> want = counter(t.createSql());
                        if (!want.equals(counter(live.get()))) {
                            // no counter in the backup's definition means it was at its start (1)
                            Sql.exec(c, "ALTER TABLE " + Sql.q(schema, t.name()) + " AUTO_INCREMENT = " + want.orElse("1"));
                            restored.add(schema + "." + t.name());
                        } else {
                            unchanged.add(schema + "." + t.name());
                        }
                    }
                }
            } finally {
                Sql.exec(c, "SET SESSION foreign_key_checks = 1, unique_checks = 1, sql_mode = DEFAULT");
            }
        } catch (SQLException e) {
            throw Sql.error("Restoring the changed tables of " + dir, e);
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.FILE_ERROR, "Reading the backup " + dir + " failed", e);
        }
        LOG.info("Restore of changed tables from {}: {} restored, {} unchanged", dir, restored.size(), unchanged.size());
        return new RestoreSummary(restored, unchanged, List.of(), 0, rows);
    }

    private static Optional<String> showCreate(Connection c, String schema, String table) throws SQLException {
        if (Sql.one(c, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND TABLE_TYPE = 'BASE TABLE'", schema, table).isEmpty()) {
            return Optional.empty();
        }
        List<String[]> r = Sql.rows(c, "SHOW CREATE TABLE " + Sql.q(schema, table));
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0)[1]);
    }

    private static boolean sameChecksum(Connection c, String schema, Manifest.TableEntry t) throws SQLException {
        List<String[]> r = Sql.rows(c, "CHECKSUM TABLE " + Sql.q(schema, t.name()));
        return !r.isEmpty() && r.get(0)[1] != null && Long.parseLong(r.get(0)[1]) == t.checksum();
    }

    private static Optional<String> counter(String createSql) {
        Matcher mm = COUNTER.matcher(createSql);
        return mm.find() ? Optional.of(mm.group(1)) : Optional.empty();
    }
}
