package org.civiupgrade.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.civiupgrade.ErrorCode;

/**
 * The exit codes of the {@code civi-upgrade} command. They never change once released, so scripts
 * and hosting tools may rely on them; {@code civi-upgrade --help} lists them too.
 */
public final class ExitCodes {
    /** The command did what was asked: the upgrade succeeded, the checks passed, the recovery finished, the site is idle. */
    public static final int OK = 0;
    /** Any other error: site not recognised, release unusable, a database statement failed, invalid plan, a bug. */
    public static final int ERROR = 1;
    /** The command line is wrong (unknown option, missing value, malformed input). */
    public static final int USAGE = 2;
    /** Pre-flight checks found blockers; nothing was changed. */
    public static final int CHECK_FAILED = 3;
    /** A step failed and every change was undone: the site is as it was before the run. */
    public static final int ROLLED_BACK = 4;
    /** A step failed and at least one change could not be undone: fix the cause, then run {@code recover}. */
    public static final int ROLLBACK_INCOMPLETE = 5;
    /** Another upgrade or recovery holds the site's lock right now. */
    public static final int LOCKED = 6;
    /** A previous run did not finish (crash or incomplete rollback): run {@code recover} first. */
    public static final int NEEDS_RECOVERY = 7;
    /**
     * The upgrader process (cv, drush) of an unfinished run is still running, e.g. after the run's
     * JVM was killed with SIGKILL: stop it (the message gives its pid and the command), then run
     * {@code recover}. Reported by {@code status} and {@code recover}, which changes nothing.
     */
    public static final int UPGRADER_RUNNING = 8;
    /**
     * {@code recover} refused: the run's journal cannot account for what is on disk and in the
     * database (it is empty or was cut), or the site still shows the run's changes after every
     * recorded undo. Nothing was changed by the refusal; the message lists what was found and the
     * steps to finish by hand.
     */
    public static final int MANUAL_RECOVERY = 9;
    /**
     * No database server answered the login to one of the site's databases (unknown host, closed
     * port, time-out, TLS, too many connections); nothing was changed. The message names the host,
     * the port and the settings file that holds them.
     */
    public static final int DATABASE_UNREACHABLE = 10;
    /**
     * The database server refused the login (wrong user or password) or the database (no rights,
     * unknown database); nothing was changed. The message quotes the server and names the settings
     * file to correct, or the GRANT to give.
     */
    public static final int DATABASE_ACCESS_DENIED = 11;

    /** What {@code --help} says about each exit code, in order. */
    static final Map<String, String> HELP = help();

    private ExitCodes() {
    }

    private static Map<String, String> help() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("   " + OK, "succeeded: upgrade done, checks passed, recovery finished, site idle");
        m.put("   " + ERROR, "error: site not recognised, release unusable, a database statement failed, ...");
        m.put("   " + USAGE, "usage error");
        m.put("   " + CHECK_FAILED, "pre-flight checks failed; nothing was changed");
        m.put("   " + ROLLED_BACK, "the upgrade failed and was rolled back; the site is as before");
        m.put("   " + ROLLBACK_INCOMPLETE, "rollback incomplete: fix the cause, then run 'recover'");
        m.put("   " + LOCKED, "another run holds the site's lock");
        m.put("   " + NEEDS_RECOVERY, "an unfinished run must be recovered first ('recover')");
        m.put("   " + UPGRADER_RUNNING, "the upgrader (cv/drush) of an unfinished run still runs: stop it (pid given), then 'recover'");
        m.put("   " + MANUAL_RECOVERY, "recover refused: the journal cannot account for the site; finish by hand as shown");
        m.put("  " + DATABASE_UNREACHABLE, "a database server cannot be reached (host, port, TLS, too many connections)");
        m.put("  " + DATABASE_ACCESS_DENIED, "a database login was refused (user, password, database name, GRANT)");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The exit code for an error the library raised before or instead of a run result. */
    public static int of(ErrorCode code) {
        return switch (code) {
            case CHECK_FAILED -> CHECK_FAILED;
            case SITE_LOCKED -> LOCKED;
            case UNFINISHED_RUN -> NEEDS_RECOVERY;
            case UPGRADER_STILL_RUNNING -> UPGRADER_RUNNING;
            case JOURNAL_INCOMPLETE -> MANUAL_RECOVERY;
            case ROLLBACK_INCOMPLETE -> ROLLBACK_INCOMPLETE;
            case INVALID_INPUT -> USAGE;
            case DATABASE_UNREACHABLE -> DATABASE_UNREACHABLE;
            case DATABASE_ACCESS_DENIED -> DATABASE_ACCESS_DENIED;
            default -> ERROR;
        };
    }
}
