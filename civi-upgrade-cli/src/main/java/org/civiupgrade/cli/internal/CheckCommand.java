package org.civiupgrade.cli.internal;

import java.util.Map;
import org.civiupgrade.CheckReport;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code civi-upgrade check}: every pre-flight finding of the standard procedure; changes nothing. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Run every pre-flight check of the upgrade and report all findings; changes nothing.")
public final class CheckCommand extends SiteCommand {
    @Mixin
    PlanOptionsMixin planOptions;

    @Override
    int execute(Site site, Console console) {
        requireUnlocked(site);
        UpgradePlan plan = planOptions.plan(site, spec.commandLine(), siteOptions.php);
        console.human("Site: " + site);
        console.human("Plan: " + String.join(", ", plan.stepIds()));
        CheckReport report = plan.check();
        describe(report, console);
        int exit = report.passed() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        Map<String, Object> doc = console.document();
        doc.put("site", site.toString());
        doc.put("steps", plan.stepIds());
        doc.put("passed", report.passed());
        doc.put("results", results(report));
        doc.put("exitCode", exit);
        console.report(doc);
        return exit;
    }
}
