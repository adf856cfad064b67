package org.civiupgrade.cli.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.civiupgrade.CheckReport;
import org.civiupgrade.CheckResult;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeException;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every subcommand does: find the site, run, and turn the library's errors into their
 * message and remedy, a JSON error document and a stable exit code.
 */
abstract class SiteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SiteOptions siteOptions;

    /** The subcommand's work on the detected site; returns the exit code. */
    abstract int execute(Site site, Console console);

    @Override
    public final Integer call() {
        CommandLine cli = spec.commandLine();
        Console console = new Console(cli.getOut(), cli.getErr(), siteOptions.json, siteOptions.verbose, spec.name());
        try {
            Site site = siteOptions.detect();
            console.hideSecretsOf(site);
            return execute(site, console);
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (UpgradeException e) {
            return console.fail(e);
        } catch (RuntimeException e) {
            return console.unexpected(e);
        }
    }

    /** Refuses at once when another run holds the site's lock. */
    static void requireUnlocked(Site site) {
        Optional<String> holder = Upgrade.lockHolder(site);
        if (holder.isPresent()) {
            throw new UpgradeException(ErrorCode.SITE_LOCKED, "Another civi-upgrade run holds the lock on this site ("
                    + holder.get() + "); work directory " + site.workDir() + ".");
        }
    }

    static List<Map<String, Object>> results(CheckReport report) {
        return report.results().stream().map(SiteCommand::result).toList();
    }

    static Map<String, Object> result(CheckResult r) {
        return Map.of("id", r.id(), "severity", r.severity().name(), "message", r.message(), "remedy", Console.forCommandLine(r.remedy()));
    }

    /** The check report for people: every finding, blockers with their fix, then a verdict. */
    static void describe(CheckReport report, Console console) {
        for (CheckResult r : report.results()) {
            console.human(String.format("%-7s %s: %s", r.severity(), r.id(), r.message()));
            if (!r.remedy().isEmpty() && r.severity() != org.civiupgrade.Severity.INFO) {
                console.human("        fix: " + Console.forCommandLine(r.remedy()));
            }
        }
        console.human(report.passed() ? "Checks passed (" + report.warnings().size() + " warning(s))."
                : "Checks failed: " + report.blockers().size() + " blocker(s); nothing was changed.");
    }
}
