package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.civiupgrade.Release;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.spi.SchemaUpgrader;
import org.jspecify.annotations.Nullable;

/**
 * Runs of the documented procedure ({@code standard()} for a Drupal 7 site with MySQL) on a
 * {@link FakeDrupalSite}, for end-to-end, fault and crash tests: its step ids, the plan (with
 * every step wrapped in {@link FaultyStep} when asked), a {@link Snapshot} of the site before the
 * run, and {@link #assertRestored} that compares the site after a rollback or a recovery with it,
 * up to what a rollback honestly cannot put back ({@link Leftovers}).
 *
 * <p>What a rollback honestly cannot restore, and what the tests therefore expect instead of
 * the initial bytes, is limited to caches that Drupal and CiviCRM rebuild on demand:
 * <ul>
 * <li>Drupal's {@code cache} and {@code cache_*} rows. Drupal's own {@code variable_set()} and
 *     {@code module_disable()} delete the {@code cache_bootstrap} rows {@code variables} and
 *     {@code bootstrap_modules}, {@code system_list}, {@code _drupal_file_scan_cache},
 *     {@code module_implements}; the Drupal 7 steps and their compensations do the same. The
 *     clear-caches step empties every cache table, recording nothing itself, but the Drupal
 *     tables backed up at the end of the offline stage (cache tables included) are put back on
 *     rollback where they changed. So after a rollback each cache table holds exactly the rows
 *     it held before minus the rows that the offline steps clear (all of them, when the run
 *     never reached that backup and the clear-caches step ran: it cannot, in this order); no
 *     row is ever added or changed.</li>
 * <li>{@code templates_c}: emptied (the folder stays) by the rollback of the code swap, as the
 *     documented rollback does, and by the clear-caches step.</li>
 * <li>{@code ConfigAndLog/Config.IDS.ini}: removed by the clear-caches step; CiviCRM writes it
 *     again when it is missing.</li>
 * </ul>
 * Everything else (every other file of the Drupal root with its mode, every other table's rows
 * and definition, views, triggers, routines) must be exactly as before.
 */
public final class StandardRuns {
    /** The documented procedure, as {@code standard()} plans it for a Drupal 7 site with MySQL. */
    public static final List<String> STANDARD_STEPS = List.of("backup-database", "drupal7.maintenance-on", "drupal7.front-page-to-node",
            "drupal7.disable-integration-modules", "drupal7.backup-drupal-tables", "swap-code", "update-settings", "migrate-database", "drupal7.clear-caches",
            "drupal7.reenable-integration-modules", "drupal7.front-page-restore", "drupal7.maintenance-off",
            "drupal7.post-upgrade-report");
    /** The fake site's Drupal cache tables. */
    public static final List<String> CACHE_TABLES = List.of("cache", "cache_bootstrap", "cache_menu", "cache_page", "cache_views",
            "cache_views_data");
    /** The {@code cache_bootstrap} rows Drupal deletes when a variable changes. */
    public static final Set<String> VARIABLE_CACHE_ROWS = Set.of("cache_bootstrap/variables");
    /** The {@code cache_bootstrap} rows Drupal deletes when a module is enabled or disabled. */
    public static final Set<String> MODULE_CACHE_ROWS = Set.of("cache_bootstrap/bootstrap_modules", "cache_bootstrap/system_list",
            "cache_bootstrap/_drupal_file_scan_cache", "cache_bootstrap/module_implements");

    private StandardRuns() {
    }

    /**
     * The standard plan for upgrading {@code site} to the release in {@code tarball} with {@code upgrader}.
     *
     * @param faulty every step passes the {@link FaultyStep} fault points {@code <step>:before} and {@code <step>:after}
     */
    public static UpgradePlan standardPlan(Site site, Path tarball, SchemaUpgrader upgrader, boolean faulty) {
        UpgradePlan plan = Upgrade.of(site).to(Release.tarball(tarball)).upgrader(upgrader).standard().plan();
        if (!faulty) {
            return plan;
        }
        Upgrade.Builder b = Upgrade.of(site).steps(FaultyStep.wrapAll(plan.steps()));
        plan.options().values().forEach(b::option);
        return b.plan();
    }

    /**
     * The standard plan with every step wrapped by {@link FaultyStep#withFaultyUndo}: besides the
     * {@code <step>:before} and {@code <step>:after} points, the n-th compensation a step records
     * (from 0) passes {@link FaultyStep#undo(String, int)} when it is applied. The journal then holds
     * {@code testkit.scripted-undo} compensations around the real ones; {@link Leftovers#fromJournal}
     * reads through them.
     */
    public static UpgradePlan standardPlanWithFaultyUndo(Site site, Path tarball, SchemaUpgrader upgrader) {
        UpgradePlan plan = Upgrade.of(site).to(Release.tarball(tarball)).upgrader(upgrader).standard().plan();
        Upgrade.Builder b = Upgrade.of(site).steps(plan.steps().stream().<org.civiupgrade.spi.Step>map(FaultyStep::withFaultyUndo).toList());
        plan.options().values().forEach(b::option);
        return b.plan();
    }

    /** Every Drupal cache row as {@code table/cid} to a hash of all its columns. */
    public static SortedMap<String, String> cacheRows(FakeDrupalSite fake) {
        SortedMap<String, String> out = new TreeMap<>();
        try (Connection c = fake.database().dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String t : CACHE_TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT cid, data, expire, created, serialized FROM `" + fake.table(t) + "`")) {
                    while (rs.next()) {
                        var h = Hashing.sha256().newHasher();
                        byte[] data = rs.getBytes(2);
                        h.putInt(data == null ? -1 : data.length).putBytes(data == null ? new byte[0] : data);
                        h.putLong(rs.getLong(3)).putLong(rs.getLong(4)).putInt(rs.getInt(5));
                        out.put(t + "/" + rs.getString(1), h.hash().toString());
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /**
     * A site's state before a run.
     *
     * @param fingerprint the whole site's fingerprint
     * @param cacheRows   its Drupal cache rows, as {@link #cacheRows(FakeDrupalSite)} gives them
     */
    public record Snapshot(SiteFingerprint fingerprint, SortedMap<String, String> cacheRows) {
        /** The state of {@code fake} now. */
        public static Snapshot of(FakeDrupalSite fake) {
            return new Snapshot(SiteFingerprint.of(fake), StandardRuns.cacheRows(fake));
        }
    }

    /**
     * What the rollback cannot put back (see the class comment).
     *
     * @param templatesEmptied   {@code templates_c} is expected empty
     * @param idsIniRemoved      {@code Config.IDS.ini} expected absent; null: either (the clear-caches step was cut short)
     * @param clearedCacheRows   the cache rows expected gone ({@code table/cid})
     * @param cacheRowsExact     false when a clear-caches step was cut short: the remaining rows need only be unchanged ones
     */
    public record Leftovers(boolean templatesEmptied, @Nullable Boolean idsIniRemoved, Set<String> clearedCacheRows, boolean cacheRowsExact) {
        /** Nothing left over: the site must be exactly as before (a run that changed nothing). */
        public static final Leftovers NONE = new Leftovers(false, false, Set.of(), true);

        /** What the rollback leaves when the steps in {@code ran} made all their changes. */
        public static Leftovers afterSteps(List<String> ran, Snapshot before, boolean maintenanceChanged, boolean frontPageChanged,
                                    boolean modulesDisabled) {
            boolean cleared = ran.contains("drupal7.clear-caches");
            Set<String> rows = new HashSet<>();
            if (cleared && !ran.contains("drupal7.backup-drupal-tables")) {
                rows.addAll(before.cacheRows().keySet());
            }
            if ((ran.contains("drupal7.maintenance-on") && maintenanceChanged)
                    || (ran.contains("drupal7.front-page-to-node") && frontPageChanged)) {
                rows.addAll(VARIABLE_CACHE_ROWS);
            }
            if (ran.contains("drupal7.disable-integration-modules") && modulesDisabled) {
                rows.addAll(MODULE_CACHE_ROWS);
            }
            return new Leftovers(ran.contains("swap-code") || cleared, cleared, rows, true);
        }

        /**
         * What the rollback leaves, read from the run's journal: the compensations recorded (all
         * of them are applied by a rollback or a recovery) and whether the clear-caches step
         * started or finished.
         */
        public static Leftovers fromJournal(Path journal, Snapshot before) throws IOException {
            ObjectMapper json = new ObjectMapper();
            Set<String> recordedTypes = new HashSet<>();
            boolean cachesStarted = false;
            boolean cachesFinished = false;
            for (String line : Files.readAllLines(journal)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = json.readTree(line);
                } catch (IOException torn) {
                    continue; // a line cut by the kill
                }
                String kind = n.path("kind").asText();
                if (kind.equals("recorded")) {
                    JsonNode c = n.path("compensation");
                    while (c.path("@type").asText().equals("testkit.scripted-undo")) {
                        c = c.path("inner"); // a fault point around the real compensation
                    }
                    recordedTypes.add(c.path("@type").asText()); // stable type names
                } else if (n.path("stepId").asText().equals("drupal7.clear-caches")) {
                    cachesStarted |= kind.equals("step-started");
                    cachesFinished |= kind.equals("step-finished");
                }
            }
            // the Drupal tables restore puts back every cache row the clear-caches step removed
            boolean tablesRestored = recordedTypes.contains("drupal7.restore-tables");
            Set<String> rows = new HashSet<>();
            if (cachesFinished && !tablesRestored) {
                rows.addAll(before.cacheRows().keySet());
            }
            if (recordedTypes.contains("drupal7.restore-variable")) {
                rows.addAll(VARIABLE_CACHE_ROWS);
            }
            if (recordedTypes.contains("drupal7.set-module-status")) {
                rows.addAll(MODULE_CACHE_ROWS);
            }
            boolean cutShort = cachesStarted && !cachesFinished;
            return new Leftovers(recordedTypes.contains("core.remove-empty-folder") || cachesFinished,
                    cutShort ? null : cachesFinished, rows, !cutShort || tablesRestored);
        }
    }

    /** The status of the run's last {@code run-finished} journal entry, if it has one. */
    public static java.util.Optional<String> finishedStatus(Path journal) throws IOException {
        ObjectMapper json = new ObjectMapper();
        String status = null;
        for (String line : Files.readAllLines(journal)) {
            try {
                JsonNode n = json.readTree(line);
                if (n != null && n.path("kind").asText().equals("run-finished")) {
                    status = n.path("status").asText();
                }
            } catch (IOException torn) {
                // a line cut by a kill
            }
        }
        return java.util.Optional.ofNullable(status);
    }

    /** Asserts that the site is back as {@code before}, up to the documented leftovers. */
    public static void assertRestored(FakeDrupalSite fake, Snapshot before, Leftovers leftovers, String what) {
        String root = "file:root/";
        String templates = root + fake.root().relativize(fake.templatesC()).toString().replace('\\', '/') + "/";
        String ids = root + fake.root().relativize(fake.templatesC().resolveSibling("ConfigAndLog").resolve("Config.IDS.ini"))
                .toString().replace('\\', '/');
        Set<String> cacheRowEntries = new HashSet<>();
        CACHE_TABLES.forEach(t -> cacheRowEntries.add("table:db." + fake.table(t) + ":rows"));

        SortedMap<String, String> expected = new TreeMap<>();
        SiteFingerprint after = SiteFingerprint.of(fake);
        SortedMap<String, String> actual = new TreeMap<>();
        before.fingerprint().entries().forEach((k, v) -> {
            boolean skip = cacheRowEntries.contains(k) || (leftovers.templatesEmptied() && k.startsWith(templates))
                    || (k.equals(ids) && !Boolean.FALSE.equals(leftovers.idsIniRemoved()));
            if (!skip) {
                expected.put(k, v);
            }
        });
        after.entries().forEach((k, v) -> {
            if (!cacheRowEntries.contains(k) && !(k.equals(ids) && leftovers.idsIniRemoved() == null)) {
                actual.put(k, v);
            }
        });
        assertThat(new SiteFingerprint(actual).diff(new SiteFingerprint(expected))).as("%s: differences to the initial site (- now, + before)", what).isEmpty();

        SortedMap<String, String> rows = cacheRows(fake);
        if (leftovers.cacheRowsExact()) {
            SortedMap<String, String> want = new TreeMap<>(before.cacheRows());
            want.keySet().removeAll(leftovers.clearedCacheRows());
            assertThat(rows).as("%s: Drupal cache rows (the initial ones minus those the steps that ran clear)", what)
                    .containsExactlyEntriesOf(want);
        } else {
            assertThat(before.cacheRows()).as("%s: remaining Drupal cache rows are unchanged initial rows", what)
                    .containsAllEntriesOf(rows);
        }
    }
}
