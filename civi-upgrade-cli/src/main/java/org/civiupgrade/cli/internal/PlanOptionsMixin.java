package org.civiupgrade.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civiupgrade.Release;
import org.civiupgrade.Site;
import org.civiupgrade.PlanOption;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.cv.CvSchemaUpgrader;
import org.civiupgrade.drupal7.drush.DrushSchemaUpgrader;
import org.civiupgrade.drupal7.php.PhpSchemaUpgrader;
import org.civiupgrade.drupal7.web.Drupal7WebUpgrader;
import org.civiupgrade.CoreOptions;
import org.jspecify.annotations.Nullable;
import org.civiupgrade.spi.SchemaUpgrader;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What to upgrade to and how: the release, the database upgrader, plan options and accepted risks. */
public final class PlanOptionsMixin {
    /** The programs that can upgrade the database. */
    enum UpgraderChoice { cv, drush, php, web }

    @Option(names = "--release", required = true, paramLabel = "TGZ",
            description = "The release to install: civicrm-X.Y.Z-drupal.tar.gz.")
    Path release;

    @Option(names = "--sha256", paramLabel = "HEX", description = "The release's published sha256; the upgrade is refused when it differs.")
    String sha256;

    @Option(names = "--upgrader", paramLabel = "cv|drush|php|web",
            description = "The database upgrader: cv (upgrade:db), drush (civicrm-upgrade-db), php (the library's own PHP script "
                    + "running CiviCRM's headless upgrade with --php-binary, for hosts with only php) or web (drives the site's "
                    + "own civicrm/upgrade page over HTTP(S) at --base-url, as an administrator through a session the run "
                    + "creates and removes). Default: cv when it is on the PATH, else drush when it is on the PATH (Drupal 7), "
                    + "else php when it is on the PATH (Drupal 7), else web when a base URL is known (--base-url or "
                    + "CIVICRM_UF_BASEURL); without any, the check blocks. The check says which was chosen and why.")
    UpgraderChoice upgrader;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "The site's base URL for --upgrader web, e.g. https://example.org/ (default: CIVICRM_UF_BASEURL of "
                    + "civicrm.settings.php). Requests go to this scheme, host and port only.")
    String baseUrl;

    @Option(names = "--upgrader-path", paramLabel = "PROGRAM",
            description = "Where the upgrader's program is, when it is not on the PATH (needs --upgrader cv or drush; "
                    + "for php use --php-binary). A relative path is taken from the current directory.")
    String upgraderPath;

    @Option(names = "--php-option", paramLabel = "NAME=VALUE",
            description = "A php.ini setting for --upgrader php, given to php as -d NAME=VALUE (e.g. memory_limit=1G). Repeatable.")
    List<String> phpOptions = new ArrayList<>();

    final Map<String, String> options = new LinkedHashMap<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Each {@code --option}, checked against the known plan options as it is read. */
    @Option(names = "--option", paramLabel = "KEY=VALUE", mapFallbackValue = "true",
            description = "A plan option, e.g. --option settings.addSiteKey=true. Repeatable. The known options are listed below.")
    void option(Map<String, String> given) {
        Map<String, PlanOption<?>> known = new LinkedHashMap<>();
        Upgrade.knownOptions().forEach(o -> known.put(o.name(), o));
        for (Map.Entry<String, String> e : given.entrySet()) {
            PlanOption<?> option = known.get(e.getKey());
            if (option == null) {
                throw new CommandLine.ParameterException(mixee.commandLine(), "Unknown plan option '" + e.getKey()
                        + "' in --option. Known options: " + String.join(", ", known.keySet()) + ".");
            }
            try {
                option.parse(e.getValue());
            } catch (UpgradeException bad) {
                throw new CommandLine.ParameterException(mixee.commandLine(), bad.getMessage() + " " + bad.remedy());
            }
            options.put(e.getKey(), e.getValue());
        }
    }

    /** The known plan options a user may set, one line each, for {@code --help}. */
    public static List<String> describeKnownOptions() {
        List<String> out = new ArrayList<>();
        out.add("%nPlan options (--option KEY=VALUE):");
        Upgrade.knownOptions().stream().filter(o -> !o.isDerived())
                .forEach(o -> out.add("  " + Console.forCommandLine(o.describe()).replace("%", "%%")));
        return out;
    }

    @Option(names = "--accept-risk", paramLabel = "REQUIREMENT",
            description = "Run without a prerequisite (e.g. database-backup) or with a step that cannot be undone "
                    + "(irreversible:<step-id>). The risk is yours. Repeatable.")
    List<String> acceptedRisks = new ArrayList<>();

    @Option(names = "--allow-same-or-older", description = "Allow installing a release that is not newer than the installed code.")
    boolean allowSameOrOlder;

    @Option(names = "--fix-files-permissions", description = "Set the Drupal files folder to dirs 0755 / files 0644 (undone on rollback).")
    boolean fixFilesPermissions;

    /**
     * The standard procedure for the site, to the release.
     *
     * @param php the {@code --php-binary} (or {@code --php}) program, or null
     */
    UpgradePlan plan(Site site, CommandLine commandLine, @Nullable Path php) {
        Path tarball = SiteOptions.fromCurrentDirectory(release);
        Upgrade.Builder b = Upgrade.of(site).to(sha256 == null ? Release.tarball(tarball) : Release.tarball(tarball, sha256));
        schemaUpgrader(commandLine, php).ifPresent(b::upgrader);
        if (upgrader == UpgraderChoice.php && php != null && !options.containsKey(CoreOptions.PHP_BINARY.name())) {
            // one PHP for everything: the code swap checks the release's minimum PHP against it
            b.option(CoreOptions.PHP_BINARY.name(), SiteOptions.program(php).toString());
        }
        options.forEach(b::option);
        acceptedRisks.forEach(b::acceptRisk);
        if (allowSameOrOlder) {
            b.allowSameOrOlderRelease();
        }
        if (fixFilesPermissions) {
            b.fixFilesPermissions();
        }
        return b.standard().plan();
    }

    private java.util.Optional<SchemaUpgrader> schemaUpgrader(CommandLine commandLine, @Nullable Path php) {
        if (upgrader != UpgraderChoice.php && !phpOptions.isEmpty()) {
            throw new CommandLine.ParameterException(commandLine, "--php-option needs --upgrader php.");
        }
        if (baseUrl != null && upgrader != UpgraderChoice.web) {
            throw new CommandLine.ParameterException(commandLine, "--base-url needs --upgrader web.");
        }
        if (upgrader == UpgraderChoice.web && upgraderPath != null) {
            throw new CommandLine.ParameterException(commandLine, "--upgrader web runs no program; give the site's URL with "
                    + "--base-url, not --upgrader-path.");
        }
        if (upgrader == null) {
            if (upgraderPath != null) {
                throw new CommandLine.ParameterException(commandLine, "--upgrader-path needs --upgrader cv|drush.");
            }
            return java.util.Optional.empty();
        }
        if (upgrader == UpgraderChoice.php && upgraderPath != null) {
            throw new CommandLine.ParameterException(commandLine, "--upgrader php runs --php-binary; give the php program there, "
                    + "not with --upgrader-path.");
        }
        String program = upgraderPath != null ? SiteOptions.program(upgraderPath) : upgrader.name();
        try {
            return java.util.Optional.of(switch (upgrader) {
                case cv -> new CvSchemaUpgrader(program, Map.of());
                case drush -> new DrushSchemaUpgrader(program);
                case php -> new PhpSchemaUpgrader(php == null ? "php" : SiteOptions.program(php).toString(), phpOptions);
                case web -> Drupal7WebUpgrader.forBaseUrl(baseUrl);
            });
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--php-option: " + e.getMessage() + ".");
        }
    }
}
