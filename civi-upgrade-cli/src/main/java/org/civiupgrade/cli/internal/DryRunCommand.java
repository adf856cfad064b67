package org.civiupgrade.cli.internal;

import java.util.Map;
import org.civiupgrade.DryRun;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code civi-upgrade dry-run}: every action and how it would be undone, plus the checks; changes nothing. */
@Command(name = "dry-run", mixinStandardHelpOptions = true,
        description = "Show every action the upgrade would take and how each would be undone, with the checks; changes nothing.")
public final class DryRunCommand extends SiteCommand {
    @Mixin
    PlanOptionsMixin planOptions;

    @Override
    int execute(Site site, Console console) {
        requireUnlocked(site);
        UpgradePlan plan = planOptions.plan(site, spec.commandLine(), siteOptions.php);
        console.human("Site: " + site);
        DryRun dry = plan.dryRun();
        for (PlannedAction a : dry.actions()) {
            console.human("[" + a.stepId() + "] " + a.action());
            if (!a.undo().isEmpty()) {
                console.human("    undo: " + a.undo());
            }
            for (String d : a.details()) {
                console.human("    | " + d);
            }
        }
        describe(dry.checks(), console);
        int exit = dry.checks().passed() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        Map<String, Object> doc = console.document();
        doc.put("site", site.toString());
        doc.put("steps", plan.stepIds());
        doc.put("actions", dry.actions().stream()
                .map(a -> Map.of("stepId", a.stepId(), "action", a.action(), "undo", a.undo(), "details", a.details())).toList());
        doc.put("passed", dry.checks().passed());
        doc.put("results", results(dry.checks()));
        doc.put("exitCode", exit);
        console.report(doc);
        return exit;
    }
}
