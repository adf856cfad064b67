package org.civiupgrade.drupal7.drush;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.civiupgrade.Version;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.support.ProcessRunner;
import org.civiupgrade.spi.SchemaUpgrader;

/**
 * CiviCRM's database upgrade through drush 8's {@code drush civicrm-upgrade-db} (civicrm-drupal
 * {@code drush/civicrm.drush.inc}, 7.x), run in the Drupal root (with {@code --uri} for a
 * multisite other than {@code default}).
 *
 * <p>What drush 8 prints: {@code Upgrade outputs:} and the post-upgrade messages after a
 * successful upgrade ({@code CRM_Upgrade_Headless::run()}); {@code You are already upgraded to
 * CiviCRM X} when nothing is to do; its validate hook's errors ({@code Database check failed ...},
 * a version missing or higher than the code's) as {@code [error]} lines with exit status 1
 * ({@code drush_set_error}); a failing task as the exception's text, Drupal's
 * {@code Exception: ...} line and {@code Drush command terminated abnormally ...}. drush 8 exits
 * with {@code drush_get_error()}'s status (drush-ops/drush {@code includes/preflight.inc}), which
 * errors that are only logged do not set: an error can come with exit status 0. Success is
 * therefore judged by the database, not the exit status alone: status 0, no error line, and
 * {@code civicrm_domain.version} equal to the code version without a {@code .upgrade} marker.
 *
 * <p>drush has no dry run (the command declares no options): a dry run never starts drush, says
 * so, and lists the revisions pending between the database and the code folder's
 * {@code CRM/Upgrade/Incremental/sql/*.mysql.tpl}. Extension upgrades: from CiviCRM 5.53 core's
 * upgrade queue holds them, so drush runs them too; for older code the run says that drush leaves
 * them alone.
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
        return org.civiupgrade.spi.support.Programs.find(drush).isPresent();
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
                "Install drush 8 with the civicrm drush commands or give its path (--upgrader-path on the command line),"
                        + " or use cv (--upgrader cv)."));
    }

    /** Site attribute or plan option naming {@code CIVICRM_DOMAIN_ID} when not 1. */
    static final String DOMAIN_ID = "civicrm.domainId";
    /** The first code version whose core upgrade queue holds the extension upgrades. */
    static final Version EXTENSIONS_IN_CORE_QUEUE = Version.parse("5.53.alpha1");
    private static final Pattern ERROR_LINE = Pattern.compile("\\[error\\]|^Exception: |Drush command terminated abnormally"
            + "|Sorry\\. A non-recoverable error has occurred");

    @Override
    public List<String> upgrade(Request request) throws Exception {
        Site site = request.site();
        int domainId = Integer.parseInt(site.attribute(DOMAIN_ID).orElse("1").trim());
        if (request.dryRun()) {
            return dryRun(request, domainId);
        }
        if (request.codeVersion().isBefore(EXTENSIONS_IN_CORE_QUEUE)) {
            request.output().accept("Note: drush civicrm-upgrade-db upgrades extensions only from CiviCRM 5.53; pending extension "
                    + "upgrades of " + request.codeVersion() + " are left for CiviCRM's extension page or cv upgrade:db.");
        }
        ProcessRunner runner = ProcessRunner.command(command(site)).directory(site.root()).timeout(request.timeout())
                .onLine(request.output()).secret(site.cmsDatabase().password().reveal())
                .secret(site.civicrmDatabase().password().reveal());
        ProcessRunner.Result r = runner.run();
        List<String> lines = r.lastLines();
        Optional<String> upgradeError = find(lines, UPGRADE_ERROR);
        Optional<String> errorLine = lines.stream().filter(l -> ERROR_LINE.matcher(l).find()).map(String::trim).findFirst();
        boolean outputs = lines.stream().anyMatch(l -> l.contains("Upgrade outputs:") || l.contains("You are already upgraded"));
        Optional<String> version = readVersion(request, domainId);
        boolean reached = version.flatMap(Version::tryParse).map(v -> v.equals(request.codeVersion()) && !v.isPartialUpgrade()).orElse(false);
        if (r.exitCode() == 0 && outputs && upgradeError.isEmpty() && errorLine.isEmpty() && reached) {
            return List.of();
        }
        Optional<String> exception = lines.stream().filter(l -> l.startsWith("Exception: ")).findFirst();
        String message = upgradeError.or(() -> exception).or(() -> find(lines, DRUSH_ERROR)).or(() -> errorLine)
                .orElseGet(() -> tail(lines));
        String db = version.map(v -> "civicrm_domain.version is '" + v + "'").orElse("civicrm_domain.version could not be read");
        throw new UpgradeException(ErrorCode.PROCESS_FAILED, runner.commandLine() + " failed (exit status " + r.exitCode()
                + (r.exitCode() == 0 ? ", but " + db + ", not " + request.codeVersion() : "; " + db) + "): " + message,
                "Read the message above; run '" + runner.commandLine() + "' by hand to see the whole output. "
                        + "The database will be restored from the backup.", null);
    }

    private List<String> dryRun(Request request, int domainId) throws Exception {
        request.output().accept("drush civicrm-upgrade-db has no dry-run option; drush was not run. Revisions pending in "
                + request.site().civicrmCodeDir() + ":");
        Optional<Version> db = readVersion(request, domainId).flatMap(Version::tryParse);
        List<String> tasks = new ArrayList<>();
        for (Version rev : revisions(request.site().civicrmCodeDir())) {
            if (db.map(d -> rev.compareTo(d.withoutUpgradeMarker()) > 0).orElse(true) && rev.compareTo(request.codeVersion()) <= 0) {
                String title = "Upgrade DB to " + rev;
                tasks.add(title);
                request.output().accept("  " + title);
            }
        }
        if (tasks.isEmpty()) {
            request.output().accept("  (none: the code folder holds no revision newer than the database"
                    + db.map(d -> " (" + d + ")").orElse("") + ")");
        }
        return tasks;
    }

    /** The revisions of a code folder's {@code CRM/Upgrade/Incremental/sql}, in order. */
    static List<Version> revisions(Path codeDir) throws java.io.IOException {
        Path dir = codeDir.resolve("CRM/Upgrade/Incremental/sql");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".mysql.tpl"))
                    .map(n -> Version.tryParse(n.substring(0, n.length() - ".mysql.tpl".length())))
                    .flatMap(Optional::stream).sorted().toList();
        }
    }

    private static Optional<String> readVersion(Request request, int domainId) {
        if (request.resources() == null) {
            return Optional.empty();
        }
        try (Connection c = request.resources().civicrmDatabase().getConnection();
             PreparedStatement st = c.prepareStatement("SELECT version FROM civicrm_domain WHERE id = ?")) {
            st.setInt(1, domainId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException | RuntimeException e) {
            return Optional.empty();
        }
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
