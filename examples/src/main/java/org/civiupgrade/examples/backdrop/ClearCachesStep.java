package org.civiupgrade.examples.backdrop;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
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
 * Empties Backdrop's cache tables ({@code cache} and {@code cache_*}, as {@code backdrop_flush_all_caches()}
 * does through {@code cache_flush()}) and the contents of CiviCRM's compiled templates folder.
 * Caches are rebuilt on demand: nothing to undo.
 */
final class ClearCachesStep implements Step {
    private final String prefix;
    private final Path templatesC;

    ClearCachesStep(String prefix, Path templatesC) {
        this.prefix = prefix;
        this.templatesC = templatesC;
    }

    @Override
    public String id() {
        return "backdrop.clear-caches";
    }

    @Override
    public String description() {
        return "Clear Backdrop's cache tables and CiviCRM's compiled templates";
    }

    @Override
    public Reversibility reversibility() {
        return Reversibility.REVERSIBLE;
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        return List.of(new PlannedAction(id(), "empty the Backdrop cache tables", "nothing: caches are rebuilt on demand"),
                new PlannedAction(id(), "empty " + templatesC + " (the folder stays)", "nothing: templates are compiled again"));
    }

    @Override
    public void apply(StepContext context) throws Exception {
        try (Connection c = context.resources().cmsDatabase().getConnection(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SHOW TABLES")) {
                while (rs.next()) {
                    String t = rs.getString(1);
                    if (t.equals(prefix + "cache") || t.startsWith(prefix + "cache_")) {
                        tables.add(t);
                    }
                }
            }
            for (String t : tables) {
                st.executeUpdate("DELETE FROM `" + t.replace("`", "``") + "`");
            }
        }
        if (Files.isDirectory(templatesC, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> children = Files.list(templatesC)) {
                for (Path child : children.toList()) {
                    DeletePath.deleteIfPresent(child);
                }
            }
        }
    }
}
