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
import org.civiupgrade.spi.SchemaUpgrader;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What to upgrade to and how: the release, the database upgrader, plan options and accepted risks. */
public final class PlanOptionsMixin {
    /** The programs that can upgrade the database. */
    enum UpgraderChoice { cv, drush }

    @Option(names = "--release", required = true, paramLabel = "TGZ",
            description = "The release to install: civicrm-X.Y.Z-drupal.tar.gz.")
    Path release;

    @Option(names = "--sha256", paramLabel = "HEX", description = "The release's published sha256; the upgrade is refused when it differs.")
    String sha256;

    @Option(names = "--upgrader", paramLabel = "cv|drush",
            description = "The database upgrader: cv (upgrade:db) or drush (civicrm-upgrade-db). Default: cv when it is on the PATH, "
                    + "else drush when it is on the PATH (Drupal 7); without either, the check blocks.")
    UpgraderChoice upgrader;

    @Option(names = "--upgrader-path", paramLabel = "PROGRAM",
            description = "Where the upgrader's program is, when it is not on the PATH (needs --upgrader).")
    String upgraderPath;

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
        Upgrade.knownOptions().stream().filter(o -> !o.isDerived()).forEach(o -> out.add("  " + o.describe().replace("%", "%%")));
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

    /** The standard procedure for the site, to the release. */
    UpgradePlan plan(Site site, CommandLine commandLine) {
        Upgrade.Builder b = Upgrade.of(site).to(sha256 == null ? Release.tarball(release) : Release.tarball(release, sha256));
        schemaUpgrader(commandLine).ifPresent(b::upgrader);
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

    private java.util.Optional<SchemaUpgrader> schemaUpgrader(CommandLine commandLine) {
        if (upgrader == null) {
            if (upgraderPath != null) {
                throw new CommandLine.ParameterException(commandLine, "--upgrader-path needs --upgrader cv|drush.");
            }
            return java.util.Optional.empty();
        }
        String program = upgraderPath != null ? upgraderPath : upgrader.name();
        return java.util.Optional.of(switch (upgrader) {
            case cv -> new CvSchemaUpgrader(program, Map.of());
            case drush -> new DrushSchemaUpgrader(program);
        });
    }
}
