package org.civiupgrade.drupal7.internal;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.RestoreSummary;

/**
 * Puts back the Drupal tables an upgrade may change, from the backup
 * {@link BackupDrupalTablesStep} took while the site was offline: each of them whose definition
 * or checksum differs is reloaded exactly (rows and {@code AUTO_INCREMENT}), one whose counter
 * alone moved gets it back, and unchanged tables are not touched. Tables not named here are
 * never touched. Idempotent.
 *
 * @param backupDirectory the backup folder, relative to the run folder
 * @param tables          the real table names (prefix included) in the backup
 * @param prefix          Drupal's table prefix, so that {@link #touches()} names tables as the
 *                        other Drupal compensations do ({@code db:cms/variable}); null reads as none
 */
@JsonTypeName("drupal7.restore-tables")
public record RestoreDrupalTables(String backupDirectory, List<String> tables, String prefix) implements Compensation {
    public RestoreDrupalTables {
        Objects.requireNonNull(backupDirectory, "backupDirectory");
        tables = List.copyOf(tables);
    }

    @Override
    public String describe() {
        return "restore the Drupal tables that changed (of " + String.join(", ", tables) + ") from " + backupDirectory;
    }

    @Override
    public Set<String> touches() {
        String p = prefix == null ? "" : prefix;
        return tables.stream()
                .map(t -> t.regionMatches(true, 0, p, 0, p.length()) ? t.substring(p.length()) : t)
                .map(t -> org.civiupgrade.spi.support.Scopes.cmsTable(t, null))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void apply(CompensationContext context) {
        RestoreSummary s = UpgradeTouchedTables.dialect(context.resources()).restoreChangedTables(context.resources().cmsDatabase(),
                context.runDir().resolve(backupDirectory), RestoreOptions.selective().withProgress(context::progress));
        org.civiupgrade.internal.redact.Logs.get(RestoreDrupalTables.class).info("Drupal tables restored: {}; unchanged: {}",
                s.tablesRestored(), s.tablesUnchanged().size());
    }
}
