package org.civiupgrade.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.cli.CiviUpgradeCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every remedy the command line shows can be carried out on the command line: rendered with
 * {@link Console#forCommandLine}, no remedy of an {@link ErrorCode}, and no message or remedy text
 * of the modules the command uses, still names a Java call, and every flag and subcommand it names
 * exists in the command's help.
 */
class RemedyWordingTest {
    /** Java API wording that a command-line user cannot act on. */
    static final Pattern JAVA = Pattern.compile("\\b(Upgrade|Release|Site|CmsAdapter|UpgradePlan|Builder)\\.[a-z]\\w*"
            + "|acceptRisk|\\bvia\\(|on the builder|\\bin Java\\b|\\b(?!array\\(|unix\\()\\w+\\(\\.\\.\\.\\)");
    static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    static final Pattern SUBCOMMAND = Pattern.compile("'civi-upgrade ([a-z-]+)");
    static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * Texts reached only by library callers who build sites or plans by hand, never through the
     * command (which detects sites with their CMS adapter, bundles the MySQL dialect and does not
     * rehearse): file name, then the fragment of the text that marks it before the colon, then why.
     */
    static final Map<String, String> API_ONLY = Map.of(
            "Rehearser.java", ": no command rehearses (any text of the file)",
            "CapabilityProcedure.java", "Site.: a site without a CMS adapter; the command always detects one",
            "CodeSwapStep.java", "CmsAdapter.filesDirectory: the Drupal 7 adapter the command uses names the files folder",
            "UpgradePlan.java", " on the builder and : two dialects given to a rehearsal");

    static Set<String> cliFlags() {
        Set<String> flags = new TreeSet<>();
        CommandLine root = CiviUpgradeCommand.commandLine();
        List<CommandLine> all = new ArrayList<>(List.of(root));
        all.addAll(root.getSubcommands().values());
        for (CommandLine c : all) {
            c.getCommandSpec().options().forEach(o -> flags.addAll(List.of(o.names())));
        }
        return flags;
    }

    static void assertCarriedOutOnTheCommandLine(String where, String remedy, Set<String> flags, Set<String> commands) {
        String cli = Console.forCommandLine(remedy);
        assertThat(JAVA.matcher(cli).find()).as(where + ": '" + cli + "' names a Java call").isFalse();
        Matcher f = FLAG.matcher(cli);
        while (f.find()) {
            assertThat(flags).as(where + ": '" + cli + "' names " + f.group()).contains(f.group());
        }
        Matcher c = SUBCOMMAND.matcher(cli);
        while (c.find()) {
            assertThat(commands).as(where + ": '" + cli + "'").contains(c.group(1));
        }
    }

    @Test
    void everyErrorCodesRemedy() {
        Set<String> flags = cliFlags();
        Set<String> commands = CiviUpgradeCommand.commandLine().getSubcommands().keySet();
        assertThat(flags).contains("--work-dir", "--accept-risk", "--sha256", "--release", "--allow-same-or-older");
        for (ErrorCode code : ErrorCode.values()) {
            assertCarriedOutOnTheCommandLine(code.name(), code.remedy(), flags, commands);
        }
        assertThat(Console.forCommandLine(ErrorCode.UNFINISHED_RUN.remedy())).contains("'civi-upgrade recover DRUPAL_ROOT --work-dir DIR'");
        assertThat(Console.forCommandLine(ErrorCode.PLAN_INVALID.remedy())).contains("--accept-risk");
        assertThat(ErrorCode.DB_VERSION_MISSING.remedy()).doesNotContain("opt-in").contains("UPDATE civicrm_domain SET version");
    }

    @Test
    void everyMessageAndRemedyTextOfTheModulesTheCommandUses() throws IOException {
        Set<String> flags = cliFlags();
        Set<String> commands = CiviUpgradeCommand.commandLine().getSubcommands().keySet();
        Path repo = Path.of("").toAbsolutePath().getParent();
        int texts = 0;
        List<String> failures = new ArrayList<>();
        for (String module : List.of("civi-upgrade-core", "civi-upgrade-mysql", "civi-upgrade-drupal7", "civi-upgrade-cli")) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(repo.resolve(module).resolve("src/main/java"))) {
                files = s.filter(p -> p.toString().endsWith(".java")).toList();
            }
            for (Path file : files) {
                String apiOnly = API_ONLY.get(file.getFileName().toString());
                if (file.getFileName().toString().equals("Console.java")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).trim();
                    if (line.startsWith("*") || line.startsWith("/") || line.startsWith("@") || line.contains("LOG.")
                            || line.contains("IllegalArgumentException") || line.contains("IllegalStateException")
                            || line.contains("NullPointerException")) {
                        continue;
                    }
                    Matcher m = LITERAL.matcher(line);
                    while (m.find()) {
                        String text = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
                        if (apiOnly != null && text.contains(apiOnly.substring(0, apiOnly.indexOf(':')))) {
                            continue;
                        }
                        if (text.matches("\\s*--[a-z-]+=\\s*")) {
                            continue; // an argument of a program the library runs, not a flag of this command
                        }
                        if (text.contains(" ")) {
                            texts++;
                            String where = module + "/" + file.getFileName() + ":" + (i + 1);
                            try {
                                assertCarriedOutOnTheCommandLine(where, text, flags, commands);
                            } catch (AssertionError e) {
                                failures.add(e.getMessage().lines().findFirst().orElse(where));
                            }
                        }
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(texts).isGreaterThan(500);
    }

    @Test
    void theRulesMapTheApiWordingTheyAreFor() {
        assertThat(Console.forCommandLine("Add a step providing 'x' before 'y', or call acceptRisk(\"database-backup\") to run without it."))
                .isEqualTo("Add a step providing 'x' before 'y', or pass --accept-risk=database-backup to run without it.");
        assertThat(Console.forCommandLine("Give the sha256 published next to the download (the --sha256 option of the command line, or "
                + "Release.tarball(path, sha256)).")).endsWith("(the --sha256 option of the command line).");
        assertThat(Console.forCommandLine("Name the site to upgrade, e.g. Site.detect(root, \"example.org\").")).contains("--site example.org");
        assertThat(Console.forCommandLine("Choose a release newer than the installed one, or allow it explicitly."))
                .contains("--allow-same-or-older");
    }
}
