package org.civiupgrade.drupal7.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.civiupgrade.spi.support.DeletePath;

/**
 * Clears what goes stale across a CiviCRM upgrade: every Drupal {@code cache} and
 * {@code cache_*} table (Views' {@code cache_views} and {@code cache_views_data} included), the
 * contents of CiviCRM's {@code templates_c} (the folder stays), and
 * {@code ConfigAndLog/Config.IDS.ini}. Caches are rebuilt on demand, so there is nothing to undo.
 */
public final class ClearCachesStep implements Step {
    private final String prefix;
    private final Path templatesC;
    private final Path configAndLog;

    public ClearCachesStep(String prefix, Path templatesC, Path configAndLog) {
        this.prefix = prefix;
        this.templatesC = templatesC;
        this.configAndLog = configAndLog;
    }

    @Override
    public String id() {
        return "drupal7.clear-caches";
    }

    @Override
    public String description() {
        return "Clear Drupal's cache tables (Views too), CiviCRM's compiled templates and Config.IDS.ini";
    }

    @Override
    public Reversibility reversibility() {
        return Reversibility.REVERSIBLE;
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        return List.of(new PlannedAction(id(), "empty the Drupal cache tables", "nothing: caches are rebuilt on demand"),
                new PlannedAction(id(), "empty " + templatesC + " (the folder stays)", "nothing: templates are compiled again"),
                new PlannedAction(id(), "remove " + configAndLog.resolve("Config.IDS.ini"), "nothing: CiviCRM writes it again"));
    }

    @Override
    public void apply(StepContext context) throws Exception {
        try (Connection c = context.resources().cmsDatabase().getConnection()) {
            for (String table : cacheTables(c, prefix)) {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("DELETE FROM " + DrupalTables.t("", table));
                }
            }
        }
        emptyFolder(templatesC);
        Files.deleteIfExists(configAndLog.resolve("Config.IDS.ini"));
        context.warn("CiviCRM's menu must be rebuilt: visit civicrm/menu/rebuild?reset=1 or run 'cv flush'.");
    }

    static void emptyFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.toList()) {
                DeletePath.deleteIfPresent(child);
            }
        }
    }

    /** The Drupal cache tables: {@code <prefix>cache} and {@code <prefix>cache_*}. */
    static List<String> cacheTables(Connection c, String prefix) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW TABLES")) {
            while (rs.next()) {
                String t = rs.getString(1);
                if (t.equals(prefix + "cache") || t.startsWith(prefix + "cache_")) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
