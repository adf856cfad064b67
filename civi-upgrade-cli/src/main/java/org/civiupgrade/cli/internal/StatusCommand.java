package org.civiupgrade.cli.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civiupgrade.Release;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code civi-upgrade status}: is a run in progress (locked) or unfinished (needs recovery)? */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Tell whether a run holds the site's lock now, or a run did not finish and must be recovered.",
                "Exits 0 when the site is idle, 6 when locked, 7 when it needs 'recover',",
                "8 when the upgrader process (cv, drush) of an unfinished run is still running,",
                "9 when the site shows an unfinished upgrade that no journal in this work directory accounts for",
                "(e.g. a run made with another --work-dir): it lists what it found and what to do."})
public final class StatusCommand extends SiteCommand {
    @Override
    int execute(Site site, Console console) {
        Optional<String> holder = Upgrade.lockHolder(site);
        boolean needsRecovery = holder.isEmpty() && Upgrade.needsRecovery(site);
        List<String> upgraders = needsRecovery ? Upgrade.runningUpgraders(site) : List.of();
        String code = Release.readInstalledVersion(site.civicrmCodeDir()).map(Object::toString).orElse(null);
        List<String> unaccounted = holder.isEmpty() && !needsRecovery ? Upgrade.unaccountedChanges(site) : List.of();
        int exit = holder.isPresent() ? ExitCodes.LOCKED : !upgraders.isEmpty() ? ExitCodes.UPGRADER_RUNNING
                : needsRecovery ? ExitCodes.NEEDS_RECOVERY : unaccounted.isEmpty() ? ExitCodes.OK : ExitCodes.MANUAL_RECOVERY;
        console.human("Site: " + site);
        console.human("CiviCRM code version: " + (code == null ? "unknown" : code));
        console.human("Work directory: " + site.workDir());
        for (String u : upgraders) {
            console.human("Upgrader still running: " + u + ".");
        }
        String recover = "'civi-upgrade recover " + site.root() + " --work-dir " + site.workDir() + "'";
        if (!upgraders.isEmpty()) {
            console.human("Stop it, then run " + recover + "; recover refuses while it runs.");
        }
        if (holder.isPresent()) {
            console.human("Locked: " + holder.get() + ".");
        } else if (needsRecovery) {
            console.human("A previous run did not finish: run " + recover + ".");
        } else if (!unaccounted.isEmpty()) {
            console.human("Not idle: the site shows an upgrade that did not finish, and no journal in " + site.workDir()
                    + " accounts for it:");
            unaccounted.forEach(u -> console.human("  - " + u));
            console.human("If a civi-upgrade run did this, run status and recover with the --work-dir that run used.");
        } else {
            console.human("Idle: no run in progress, nothing to recover.");
        }
        Map<String, Object> doc = console.document();
        doc.put("site", site.toString());
        doc.put("codeVersion", code);
        doc.put("workDir", site.workDir().toString());
        doc.put("locked", holder.isPresent());
        doc.put("lockHolder", holder.orElse(null));
        doc.put("needsRecovery", needsRecovery);
        doc.put("runningUpgraders", upgraders);
        doc.put("unaccounted", unaccounted);
        doc.put("exitCode", exit);
        console.report(doc);
        return exit;
    }
}
