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
                    + "(default: ~/.civi-upgrade/sites/<site>-<hash>). Use the same one for run, recover and status. It must lie "
                    + "outside the web root and the files folders (the backups must not be downloadable). Relative paths of "
                    + "every path option are taken from the current directory.")
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
        Site site = Site.detect(fromCurrentDirectory(root), siteName, php == null ? null : program(php));
        return workDir == null ? site : site.withWorkDir(fromCurrentDirectory(workDir));
    }

    /**
     * A path option as the user meant it: a relative path is taken from the current directory
     * (never from the Drupal root, where the upgraders run), made absolute once here.
     */
    static Path fromCurrentDirectory(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /** A program option: a bare name (looked up on the PATH) stays as it is; a path is taken from the current directory. */
    static Path program(Path p) {
        return p.getNameCount() == 1 && !p.isAbsolute() && !p.toString().startsWith(".") ? p : fromCurrentDirectory(p);
    }

    /** {@link #program(Path)} for a program given as text. */
    static String program(String p) {
        return p.contains("/") ? fromCurrentDirectory(Path.of(p)).toString() : p;
    }
}
