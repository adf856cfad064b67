package org.civiupgrade.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.civiupgrade.cli.internal.CheckCommand;
import org.civiupgrade.cli.internal.DryRunCommand;
import org.civiupgrade.cli.internal.PlanOptionsMixin;
import org.civiupgrade.cli.internal.RecoverCommand;
import org.civiupgrade.cli.internal.RunCommand;
import org.civiupgrade.cli.internal.StatusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code civi-upgrade} command. {@link #main(String[])} runs it and exits with one of the
 * {@link ExitCodes}; {@link #commandLine()} gives the picocli command to run it in process:
 *
 * <pre>{@code
 * CommandLine cli = CiviUpgradeCommand.commandLine();
 * int exit = cli.execute("run", "/var/www/drupal", "--release", "civicrm-5.14.0-drupal.tar.gz");
 * }</pre>
 *
 * Progress and messages for people go to the command line's error writer, the JSON report to
 * its output writer.
 */
@Command(name = "civi-upgrade", mixinStandardHelpOptions = true, versionProvider = CiviUpgradeCommand.Version.class,
        description = {"Upgrades CiviCRM on a Drupal 7 site: verified backup, maintenance mode, code swap, "
                + "civicrm.settings.php update, database upgrade, and an exact rollback when anything fails.",
                "",
                "Progress goes to standard error, the JSON report to standard output."},
        subcommands = {CheckCommand.class, DryRunCommand.class, RunCommand.class, RecoverCommand.class, StatusCommand.class})
public final class CiviUpgradeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Runs the command and exits with its exit code. */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
            // the library's warnings reach people as progress lines; the log is for --verbose
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "error");
        }
        CommandLine cli = commandLine();
        cli.setOut(new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        System.exit(cli.execute(args));
    }

    /** A new picocli command line for {@code civi-upgrade}, with its exit codes in every {@code --help}. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CiviUpgradeCommand());
        document(cli);
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.ERROR);
        return cli;
    }

    private static void document(CommandLine cli) {
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.HELP);
        if (cli.getCommandSpec().findOption("--option") != null) {
            cli.getCommandSpec().usageMessage().footer(PlanOptionsMixin.describeKnownOptions().toArray(new String[0]));
        }
        cli.getSubcommands().values().forEach(CiviUpgradeCommand::document);
    }

    /** Without a subcommand: prints the usage and exits with {@link ExitCodes#USAGE}. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The version of this build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CiviUpgradeCommand.class.getPackage().getImplementationVersion();
            return new String[] {"civi-upgrade " + (v == null ? "(development build)" : v)};
        }
    }
}
