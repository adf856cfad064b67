package org.civiupgrade.drupal7.php;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.io.file.PathUtils;
import org.civiupgrade.CheckResult;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.internal.release.PhpRequirement;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.spi.support.ProcessRunner;

/**
 * CiviCRM's database upgrade for hosts with only {@code php}: the module's own script
 * {@value #SCRIPT} is written into the run's folder (owner-only: folder 0700, file 0600; never
 * into the web root) and run as {@code php [-d name=value ...] civicrm-upgrade-db.php
 * --root=<Drupal root> --settings=<civicrm.settings.php> --work-dir=<folder> [--dry-run]} in the
 * Drupal root, through {@link ProcessRunner} (time-out, secrets masked, own process group, the
 * pid journaled before it is waited on).
 *
 * <p>The script boots as cv's default boot does (civicrm/cv {@code lib/src/Bootstrap.php}):
 * web variables simulated, {@code CIVICRM_UPGRADE_ACTIVE} defined, {@code civicrm.settings.php}
 * included, {@code CRM_Core_Config::singleton()}, then {@code CRM_Utils_System::loadBootStrap()}
 * boots Drupal 7. It then upgrades as {@code cv upgrade:db} does (civicrm/cv
 * {@code src/Command/UpgradeDbCommand.php}, {@code src/Util/ConsoleQueueRunner.php}; the calls of
 * civicrm-core {@code CRM/Upgrade/Headless.php}): {@code CRM_Upgrade_Form::checkUpgradeableVersion},
 * {@code CRM_Core_DAO::dropTriggers}, {@code CRM_Upgrade_Form::buildQueue}, each task in order,
 * stopping at the first that fails, {@code CRM_Upgrade_Form::doFinish}, then, where core's queue
 * does not hold them (before 5.53), the pending extension upgrades of
 * {@code CRM_Extension_Upgrades::createQueue}. It prints one line per task ({@code Task N: <title>},
 * {@code Extension task N: <title>}) and ends with {@code Done: ...}; a failure prints
 * {@code Upgrade failed at task "<title>": <message>} and exits with status 1. It also catches
 * {@code die()} with status 0 (CiviCRM's fatal error in a CLI) and reports it as a failure.
 *
 * <p>A dry run ({@code --dry-run}) lists the tasks ({@code Would run task N: <title>}) without
 * running them, dropping no trigger and finishing nothing. Like {@code cv upgrade:db --dry-run}
 * it does build CiviCRM's upgrade queue (rows of {@code civicrm_queue_item} written and removed).
 * Success is exit status 0 with the {@code Done:} line; the calling step then requires
 * {@code civicrm_domain.version} to equal the code version with no {@code .upgrade} marker.
 */
public final class PhpSchemaUpgrader implements SchemaUpgrader {
    /** The script's file name, in the run folder. */
    public static final String SCRIPT = "civicrm-upgrade-db.php";
    static final String DONE = "Done:";
    static final String FAILED = "Upgrade failed";
    private static final String PROBE = "echo PHP_VERSION, \"\\n\", implode(',', array_map('strtolower', get_loaded_extensions())), \"\\n\";";

    /** The priority for a Drupal 7 site when {@code php} is found; below {@code cv}'s and {@code drush}'s. */
    public static final int PRIORITY_INSTALLED = 50;

    private final String php;
    private final List<String> iniSettings;

    /** Uses {@code php} from the {@code PATH} without {@code -d} settings. */
    public PhpSchemaUpgrader() {
        this("php", List.of());
    }

    /**
     * @param php         the PHP CLI (a name on the {@code PATH} or a path); best the same PHP version
     *                    and configuration as the web server's
     * @param iniSettings {@code -d} settings, each {@code name=value} (e.g. {@code memory_limit=1G}); never secrets
     * @throws IllegalArgumentException when a setting is not {@code name=value}
     */
    public PhpSchemaUpgrader(String php, List<String> iniSettings) {
        this.php = Objects.requireNonNull(php, "php");
        for (String s : iniSettings) {
            if (!s.matches("[A-Za-z0-9_.]+=.*")) {
                throw new IllegalArgumentException("PHP setting '" + s + "' is not name=value (e.g. memory_limit=1G)");
            }
        }
        this.iniSettings = List.copyOf(iniSettings);
    }

    @Override
    public String name() {
        return "php";
    }

    /**
     * {@value #PRIORITY_INSTALLED} for a Drupal 7 site when the PHP program is found (below cv's
     * and drush's: it is the way for hosts that have neither), else -1 (not for this site).
     */
    @Override
    public int priority(Site site) {
        boolean drupal7 = site.cmsName().equalsIgnoreCase("drupal") && site.cmsVersion().startsWith("7.");
        return drupal7 && org.civiupgrade.spi.support.Programs.find(php).isPresent() ? PRIORITY_INSTALLED : -1;
    }

    /** The PHP program. */
    public String php() {
        return php;
    }

    /** The {@code -d} settings, each {@code name=value}. */
    public List<String> iniSettings() {
        return iniSettings;
    }

    private List<String> phpCommand() {
        List<String> c = new ArrayList<>();
        c.add(php);
        for (String s : iniSettings) {
            c.add("-d");
            c.add(s);
        }
        return c;
    }

    List<String> command(Site site, Path script, Path workDir, boolean dryRun) {
        List<String> c = phpCommand();
        c.add(script.toString());
        c.add("--root=" + site.root());
        c.add("--settings=" + site.civicrmSettingsFile());
        c.add("--work-dir=" + workDir);
        if (dryRun) {
            c.add("--dry-run");
        }
        return c;
    }

    @Override
    public String describe(Site site) {
        return String.join(" ", phpCommand()) + " " + SCRIPT + " --root=" + site.root() + " --settings=" + site.civicrmSettingsFile()
                + " (the module's own script, written into the run's folder; CiviCRM's headless upgrade, task by task)";
    }

    /**
     * The PHP runs with the {@code -d} settings; it has a MySQL client extension CiviCRM's
     * database layer connects with ({@code mysqli}, or {@code mysql} on PHP 5); it is at least the
     * minimum PHP version the installed code declares ({@code MIN_INSTALL_PHP_VER}). The minimum
     * of the new release is checked by the code swap when the plan option {@code php.binary}
     * names the same PHP (the command line sets it so).
     */
    @Override
    public List<CheckResult> check(PlanContext context) {
        List<String> cmd = phpCommand();
        cmd.add("-r");
        cmd.add(PROBE);
        ProcessRunner.Result r;
        try {
            r = ProcessRunner.command(cmd).timeout(Duration.ofSeconds(30)).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(CheckResult.warning("php.runner", "The PHP check was interrupted.", "Run the check again."));
        } catch (UpgradeException e) {
            return List.of(CheckResult.blocker("php.runner", "Cannot run " + php + ": " + e.getMessage(),
                    "Install the PHP CLI of the site's PHP version or give its path (--php-binary)."));
        }
        List<String> lines = r.lastLines();
        if (r.exitCode() != 0 || lines.size() < 2) {
            return List.of(CheckResult.blocker("php.runner", String.join(" ", cmd.subList(0, cmd.size() - 1)) + " did not run (exit "
                    + r.exitCode() + "): " + String.join(" ", lines), "Give a working PHP CLI and valid -d settings."));
        }
        String version = lines.get(lines.size() - 2).trim();
        List<String> extensions = List.of(lines.get(lines.size() - 1).trim().split(","));
        List<CheckResult> out = new ArrayList<>();
        if (!extensions.contains("mysqli") && !extensions.contains("mysql")) {
            out.add(CheckResult.blocker("php.runner.mysql", php + " (PHP " + version + ") has neither the mysqli nor the mysql extension, "
                    + "which CiviCRM's database layer connects with.", "Install the PHP MySQL extension (Debian: apt-get install php-mysql)."));
        }
        Optional<String> minimum = readMinimum(context.site().civicrmCodeDir());
        if (minimum.isPresent() && PhpRequirement.compare(version, minimum.get()) < 0) {
            out.add(CheckResult.blocker("php.runner.version", "The installed CiviCRM code needs PHP " + minimum.get() + " or newer; " + php
                    + " is PHP " + version + ".", "Give the PHP CLI the web server uses (--php-binary)."));
        }
        if (out.isEmpty()) {
            out.add(CheckResult.info("php.runner", "The database upgrade runs with " + php + " (PHP " + version + ")."));
        }
        return out;
    }

    private static Optional<String> readMinimum(Path codeDir) {
        try {
            Path general = codeDir.resolve(PhpRequirement.GENERAL_PHP);
            return Files.isRegularFile(general) ? PhpRequirement.minimumFrom(Files.readAllBytes(general)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> upgrade(Request request) throws Exception {
        Site site = request.site();
        Path workDir = request.runDir() == null ? null : request.runDir().resolve("php-upgrader");
        boolean temporary = workDir == null;
        if (temporary) {
            workDir = Files.createTempDirectory("civi-upgrade-php-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(workDir);
            Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwx------"));
        }
        try {
            Path script = writeScript(workDir);
            ProcessRunner runner = ProcessRunner.command(command(site, script, workDir, request.dryRun())).directory(site.root())
                    .timeout(request.timeout()).onLine(request.output())
                    .secret(site.cmsDatabase().password().reveal()).secret(site.civicrmDatabase().password().reveal());
            ProcessRunner.Result r = runner.run();
            List<String> lines = r.lastLines();
            boolean done = lines.stream().anyMatch(l -> l.startsWith(DONE));
            Optional<String> failure = lines.stream().filter(l -> l.startsWith(FAILED)).reduce((a, b) -> b);
            if (r.exitCode() == 0 && done && failure.isEmpty()) {
                return tasks(lines);
            }
            String why = failure.orElseGet(() -> "exit status " + r.exitCode() + (done ? "" : ", without the \"Done:\" line") + "; last output: "
                    + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
            throw new UpgradeException(ErrorCode.PROCESS_FAILED, "The PHP upgrade script failed (exit status " + r.exitCode() + "): " + why,
                    "Read the message above; the run's log holds the whole output. The database will be restored from the backup.", null);
        } finally {
            if (temporary) {
                PathUtils.deleteDirectory(workDir);
            }
        }
    }

    /** The task titles of the script's output, core's and the extensions', in order. */
    static List<String> tasks(List<String> lines) {
        List<String> tasks = new ArrayList<>();
        for (String l : lines) {
            int colon = l.indexOf(": ");
            if (colon > 0 && l.substring(0, colon).matches("(Would run )?([Tt]ask|([Ee]xtension task)) \\d+")) {
                tasks.add(l.substring(colon + 2));
            }
        }
        return tasks;
    }

    private static Path writeScript(Path dir) throws IOException {
        Path script = dir.resolve(SCRIPT);
        Files.deleteIfExists(script);
        Files.createFile(script, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (InputStream in = PhpSchemaUpgrader.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("The module lacks its resource " + SCRIPT);
            }
            Files.write(script, in.readAllBytes());
        }
        return script;
    }
}
