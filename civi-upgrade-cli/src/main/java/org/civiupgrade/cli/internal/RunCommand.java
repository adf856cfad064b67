package org.civiupgrade.cli.internal;

import java.util.Map;
import org.civiupgrade.CheckReport;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code civi-upgrade run}: the standard procedure, rolled back exactly when any step fails. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Upgrade: check, back up, go offline, swap the code, update civicrm.settings.php, upgrade the "
                + "database, clear caches, go online. Any failure rolls everything back.",
                "The JSON report on standard output is the run's result (status SUCCEEDED, ROLLED_BACK or ROLLBACK_INCOMPLETE)."})
public final class RunCommand extends SiteCommand {
    @Mixin
    PlanOptionsMixin planOptions;

    @Override
    int execute(Site site, Console console) {
        requireUnlocked(site);
        if (Upgrade.needsRecovery(site)) {
            throw new UpgradeException(ErrorCode.UNFINISHED_RUN, "A previous run on this site did not finish its rollback "
                    + "(work directory " + site.workDir() + ").");
        }
        UpgradePlan plan = planOptions.plan(site, spec.commandLine(), siteOptions.php);
        console.human("Site: " + site);
        CheckReport report = plan.check();
        describe(report, console);
        if (!report.passed()) {
            Map<String, Object> doc = console.document();
            doc.put("site", site.toString());
            doc.put("steps", plan.stepIds());
            doc.put("passed", false);
            doc.put("results", results(report));
            doc.put("exitCode", ExitCodes.CHECK_FAILED);
            console.report(doc);
            return ExitCodes.CHECK_FAILED;
        }
        UpgradeResult result = plan.run(new ProgressPrinter(console));
        summarize(result, console);
        console.report(result.toJson());
        return exitCode(result);
    }

    static int exitCode(UpgradeResult result) {
        return switch (result.status()) {
            case SUCCEEDED -> ExitCodes.OK;
            case ROLLED_BACK -> ExitCodes.ROLLED_BACK;
            case ROLLBACK_INCOMPLETE -> ExitCodes.ROLLBACK_INCOMPLETE;
        };
    }

    /** The verdict for people: status, the failure and its remedy, what was not undone. */
    static void summarize(UpgradeResult result, Console console) {
        console.human("Result: " + result.status() + " in " + ProgressPrinter.seconds(result.duration())
                + " (run " + result.runId() + ", folder " + result.runDir() + ")");
        result.failureCause().ifPresent(f -> {
            console.human("Cause: step " + f.stepId() + " (" + f.code() + "): " + f.message());
            console.human("Remedy: " + Console.forCommandLine(f.remedy()));
        });
        switch (result.status()) {
            case SUCCEEDED -> {
                if (!result.warnings().isEmpty()) {
                    console.human(result.warnings().size() + " warning(s) to read in the report.");
                }
            }
            case ROLLED_BACK -> console.human("The site is back to its state before the run.");
            case ROLLBACK_INCOMPLETE -> {
                console.human("The site is NOT fully back to its state before the run. Not undone:");
                result.pendingCompensations().forEach(c -> console.human("  - [" + c.stepId() + "] " + c.description()
                        + (c.error() == null ? "" : ": " + c.error())));
                console.human("Fix the causes, then run 'civi-upgrade recover' with the same site and work directory.");
            }
        }
    }
}
