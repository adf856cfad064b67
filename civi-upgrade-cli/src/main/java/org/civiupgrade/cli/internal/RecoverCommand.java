package org.civiupgrade.cli.internal;

import java.util.Map;
import java.util.Optional;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code civi-upgrade recover}: finishes, from the journal, the rollback of a run that did not end. */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = {"Finish the rollback of a run that crashed or whose rollback was incomplete, from its journal.",
                "Exits 0 when the site is back to its state before that run, or when there was nothing to recover;",
                "8 (changing nothing) while the upgrader process of that run is still running;",
                "9 (changing nothing) when the journal cannot account for the site, with the steps to finish by hand."})
public final class RecoverCommand extends SiteCommand {
    @Override
    int execute(Site site, Console console) {
        requireUnlocked(site);
        console.human("Site: " + site);
        Optional<UpgradeResult> result = Upgrade.recover(site, new ProgressPrinter(console));
        if (result.isEmpty()) {
            console.human("Nothing to recover: no unfinished run in " + site.workDir() + ".");
            Map<String, Object> doc = console.document();
            doc.put("site", site.toString());
            doc.put("recovered", false);
            doc.put("exitCode", ExitCodes.OK);
            console.report(doc);
            return ExitCodes.OK;
        }
        UpgradeResult r = result.get();
        RunCommand.summarize(r, console);
        console.report(r.toJson());
        return r.status() == RunStatus.ROLLBACK_INCOMPLETE ? ExitCodes.ROLLBACK_INCOMPLETE : ExitCodes.OK;
    }
}
