package org.civiupgrade.cv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.civiupgrade.CheckResult;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.support.ProcessRunner;
import org.civiupgrade.spi.SchemaUpgrader;

/**
 * CiviCRM's database upgrade through {@code cv upgrade:db -v --no-interaction} (and
 * {@code --dry-run}; {@code --hostname=<site>} for a multisite other than {@code default}),
 * run in the site root. Success is judged by the exit status and the
 * output ("Have a nice day." or "You are already upgraded"); on failure the failing task's
 * title and its exception message are put into the error.
 *
 * <p>Registered as a {@link SchemaUpgrader} service: without an explicit upgrader it is chosen
 * whenever its program is installed ({@link #priority(Site)} {@value #PRIORITY_INSTALLED}), above
 * {@code drush}.
 */
public final class CvSchemaUpgrader implements SchemaUpgrader {
    /** The priority when the program is installed (on the PATH, or the path given is executable). */
    public static final int PRIORITY_INSTALLED = 200;

    private final String cv;
    private final Map<String, String> environment;

    /** Uses {@code cv} from the {@code PATH}. */
    public CvSchemaUpgrader() {
        this("cv", Map.of());
    }

    /**
     * @param cv          the cv program (a name on the {@code PATH} or a path)
     * @param environment extra environment for cv (e.g. {@code CIVICRM_SETTINGS}); never secrets
     */
    public CvSchemaUpgrader(String cv, Map<String, String> environment) {
        this.cv = Objects.requireNonNull(cv, "cv");
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String name() {
        return "cv";
    }

    /** {@value #PRIORITY_INSTALLED} when the cv program is installed, else -1 (not for this site). */
    @Override
    public int priority(Site site) {
        return installed() ? PRIORITY_INSTALLED : -1;
    }

    private boolean installed() {
        return org.civiupgrade.spi.support.Programs.find(cv).isPresent();
    }

    List<String> command(Site site, boolean dryRun) {
        List<String> c = new ArrayList<>(List.of(cv, "upgrade:db", "-v", "--no-interaction"));
        if (!site.siteName().equals("default")) {
            c.add("--hostname=" + site.siteName()); // a Drupal multisite folder is named after its host
        }
        if (dryRun) {
            c.add("--dry-run");
        }
        return c;
    }

    @Override
    public String describe(Site site) {
        return String.join(" ", command(site, false)) + " (in " + site.root() + ")";
    }

    @Override
    public List<CheckResult> check(PlanContext context) {
        if (installed()) {
            return List.of();
        }
        return List.of(cv.contains("/")
                ? CheckResult.blocker("cv.installed", cv + " is not an executable file.",
                        "Install cv or give its path (--upgrader-path on the command line).")
                : CheckResult.blocker("cv.installed", "'" + cv + "' is not on the PATH.",
                        "Install cv (https://github.com/civicrm/cv) or give its full path (--upgrader-path on the command line)."));
    }

    @Override
    public List<String> upgrade(Request request) throws Exception {
        Site site = request.site();
        ProcessRunner runner = ProcessRunner.command(command(site, request.dryRun())).directory(site.root())
                .timeout(request.timeout()).onLine(request.output())
                .secret(site.cmsDatabase().password().reveal()).secret(site.civicrmDatabase().password().reveal());
        environment.forEach(runner::environment);
        ProcessRunner.Result r = runner.run();
        List<String> lines = r.lastLines();
        if (r.exitCode() == 0 && CvOutput.succeeded(lines)) {
            return CvOutput.tasks(lines);
        }
        String task = CvOutput.failedTask(lines).map(t -> " at task \"" + t + "\"").orElse("");
        throw new UpgradeException(ErrorCode.PROCESS_FAILED, runner.commandLine() + " failed" + task + " (exit status "
                + r.exitCode() + (r.exitCode() == 0 ? ", but without \"" + CvOutput.NICE_DAY + "\"" : "") + "): "
                + CvOutput.errorMessage(lines),
                "Read the message above; run '" + runner.commandLine() + "' in " + site.root()
                        + " by hand to see the whole output. The database will be restored from the backup.", null);
    }
}
