package org.civiupgrade.drupal7.drush;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civiupgrade.CheckResult;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.support.ProcessRunner;
import org.civiupgrade.spi.SchemaUpgrader;

/**
 * CiviCRM's database upgrade through {@code drush civicrm-upgrade-db}, run in the Drupal root
 * (with {@code --uri} for a multisite other than {@code default}). drush prints
 * {@code Upgrade outputs: "<messages>"} after a successful upgrade, but catches the upgrader's
 * exception and prints {@code Upgrade Error: "<message>"}, sometimes with exit status 0; its
 * own checks fail with {@code [error]} lines and a non-zero status. Success therefore needs
 * status 0, an {@code Upgrade outputs:} line and no {@code Upgrade Error:} line. drush has no
 * dry run: a dry-run request lists nothing and runs nothing.
 *
 * <p>Registered as a {@link SchemaUpgrader} service: without an explicit upgrader it is chosen
 * for a Drupal 7 site when its program is installed and {@code cv} is not
 * ({@link #priority(Site)} {@value #PRIORITY_INSTALLED}, below cv's).
 */
public final class DrushSchemaUpgrader implements SchemaUpgrader {
    private static final Pattern UPGRADE_ERROR = Pattern.compile("Upgrade Error:\\s*\"?(.*?)\"?\\s*$");
    private static final Pattern DRUSH_ERROR = Pattern.compile("^\\s*(?:\\[error\\]\\s*)?(.*?)\\s*\\[error\\]\\s*$|^\\s*\\[error\\]\\s*(.*)$");

    /** The priority for a Drupal 7 site when the program is installed; below {@code cv}'s. */
    public static final int PRIORITY_INSTALLED = 100;

    private final String drush;

    /** Uses {@code drush} from the {@code PATH}. */
    public DrushSchemaUpgrader() {
        this("drush");
    }

    /** @param drush the drush program (a name on the {@code PATH} or a path) */
    public DrushSchemaUpgrader(String drush) {
        this.drush = Objects.requireNonNull(drush, "drush");
    }

    @Override
    public String name() {
        return "drush";
    }

    /**
     * {@value #PRIORITY_INSTALLED} for a Drupal 7 site when the drush program is installed (on
     * the PATH, or the path given is executable), else -1 (not for this site).
     */
    @Override
    public int priority(Site site) {
        boolean drupal7 = site.cmsName().equalsIgnoreCase("drupal") && site.cmsVersion().startsWith("7.");
        return drupal7 && installed() ? PRIORITY_INSTALLED : -1;
    }

    private boolean installed() {
        return drush.contains("/") ? Files.isExecutable(Path.of(drush))
                : java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, drush)));
    }

    List<String> command(Site site) {
        List<String> c = new ArrayList<>(List.of(drush, "--root=" + site.root()));
        if (!site.siteName().equals("default")) {
            c.add("--uri=" + site.siteName());
        }
        c.add("civicrm-upgrade-db");
        return c;
    }

    @Override
    public String describe(Site site) {
        return String.join(" ", command(site)) + " (in " + site.root() + ")";
    }

    @Override
    public List<CheckResult> check(PlanContext context) {
        return installed() ? List.of() : List.of(CheckResult.blocker("drush.installed", "'" + drush + "' is not installed or not executable.",
                "Install drush 8 with the civicrm drush commands, or use cv."));
    }

    @Override
    public List<String> upgrade(Request request) throws Exception {
        if (request.dryRun()) {
            request.output().accept("drush civicrm-upgrade-db has no dry run; nothing was run.");
            return List.of();
        }
        Site site = request.site();
        ProcessRunner runner = ProcessRunner.command(command(site)).directory(site.root()).timeout(request.timeout())
                .onLine(request.output()).secret(site.cmsDatabase().password().reveal())
                .secret(site.civicrmDatabase().password().reveal());
        ProcessRunner.Result r = runner.run();
        List<String> lines = r.lastLines();
        Optional<String> upgradeError = find(lines, UPGRADE_ERROR);
        boolean outputs = lines.stream().anyMatch(l -> l.contains("Upgrade outputs:"));
        if (r.exitCode() == 0 && outputs && upgradeError.isEmpty()) {
            return List.of();
        }
        String message = upgradeError.or(() -> find(lines, DRUSH_ERROR)).orElseGet(() -> tail(lines));
        throw new UpgradeException(ErrorCode.PROCESS_FAILED, runner.commandLine() + " failed (exit status " + r.exitCode() + "): " + message,
                "Read the message above; run '" + runner.commandLine() + "' by hand to see the whole output. "
                        + "The database will be restored from the backup.", null);
    }

    private static Optional<String> find(List<String> lines, Pattern p) {
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                String g = m.group(1) != null ? m.group(1) : m.groupCount() > 1 ? m.group(2) : null;
                if (g != null && !g.isBlank()) {
                    return Optional.of(g.trim());
                }
            }
        }
        return Optional.empty();
    }

    private static String tail(List<String> lines) {
        List<String> t = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0 && t.size() < 3; i--) {
            if (!lines.get(i).isBlank()) {
                t.add(0, lines.get(i).trim());
            }
        }
        return t.isEmpty() ? "(no output)" : String.join(" | ", t);
    }
}
