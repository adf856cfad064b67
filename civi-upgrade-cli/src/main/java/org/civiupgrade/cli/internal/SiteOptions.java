package org.civiupgrade.cli.internal;

import java.nio.file.Path;
import org.civiupgrade.Site;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which site: the Drupal root, the multisite folder, the work directory. */
public final class SiteOptions {
    @Parameters(index = "0", paramLabel = "DRUPAL_ROOT", description = "The Drupal root (the folder holding index.php and sites/).")
    Path root;

    @Option(names = "--site", paramLabel = "NAME",
            description = "The multisite folder below sites/, e.g. example.org (default: the adapter's choice; it refuses when that is ambiguous).")
    String siteName;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the lock, the journals and the backups of this site live "
                    + "(default: ~/.civi-upgrade/sites/<site>-<hash>). Use the same one for run, recover and status.")
    Path workDir;

    @Option(names = {"--php-binary", "--php"}, paramLabel = "PROGRAM",
            description = "The php CLI (use the web server's PHP version). It evaluates civicrm.settings.php where a value "
                    + "(e.g. CIVICRM_DSN) depends on run time or is computed (without it such a file is refused, never guessed), "
                    + "and --upgrader php runs the database upgrade with it (default: php on the PATH). --php is the older name.")
    Path php;

    @Option(names = "--json", description = "Print only the JSON report on standard output (errors still get their lines on standard error).")
    boolean json;

    @Option(names = "--verbose", description = "Show the library's log and the stack trace of an error.")
    boolean verbose;

    Site detect() {
        Site site = Site.detect(root, siteName, php);
        return workDir == null ? site : site.withWorkDir(workDir);
    }
}
