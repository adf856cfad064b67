package org.civiupgrade;

/**
 * Stable identifiers for every way an upgrade can be refused or fail. The name never
 * changes once released, so hosting tools may match on it; {@link #remedy()} is the
 * default advice shown to the user.
 */
public enum ErrorCode {
    /** The directory does not look like a site any installed {@code CmsAdapter} knows. */
    SITE_NOT_RECOGNISED("Point civi-upgrade at the CMS root (the folder holding index.php and sites/), "
            + "or put the adapter for your CMS on the class path."),
    /** The site's files contradict each other or a required file is missing. */
    SITE_INVALID("Fix the site files named in the message, then run again."),
    /** The plan's steps are in an impossible order or a prerequisite is missing. */
    PLAN_INVALID("Add the missing step before the one that needs it, or accept the risk explicitly "
            + "with acceptRisk(...) on the builder."),
    /** Pre-flight checks found blockers. */
    CHECK_FAILED("Fix every blocker listed in the check report, then run again."),
    /** Another upgrade holds the site's lock. */
    SITE_LOCKED("Wait for the other upgrade to finish. If no other upgrade is running, the lock "
            + "holder crashed: run Upgrade.recover(site) first."),
    /** A previous run did not finish; its journal must be recovered before a new run. */
    UNFINISHED_RUN("Run Upgrade.recover(site) to finish the rollback recorded in the journal, "
            + "then start the upgrade again."),
    /** Nothing to recover. */
    NOTHING_TO_RECOVER("No unfinished run was found in the site's work directory; nothing to do."),
    /** The journal cannot be read or written. */
    JOURNAL_FAILED("Check that the work directory is on a writable local disk with free space. "
            + "Do not delete the journal of an unfinished run: it is the only record of how to undo it."),
    /** A step failed; the run was rolled back (see the result for details). */
    STEP_FAILED("Read the step's message and the log; the site was rolled back to its state before the run."),
    /** At least one compensation failed: the site is not fully back to its previous state. */
    ROLLBACK_INCOMPLETE("Fix the cause named for each failed compensation, then run Upgrade.recover(site): "
            + "it retries every compensation that has not completed."),
    /** The database could not be reached or a statement failed. */
    DATABASE_ERROR("Check the database server is running and the credentials in the site's settings are right."),
    /** No JDBC driver or data source factory is available for the site's database. */
    NO_DATABASE_DRIVER("Put civi-upgrade-mysql (and MySQL Connector/J) on the class path."),
    /** A file operation failed. */
    FILE_ERROR("Check permissions and free space on the paths named in the message."),
    /** The CiviCRM database has no version information. */
    DB_VERSION_MISSING("Version information missing in civicrm database: set civicrm_domain.version to the "
            + "version of the code that last upgraded it (the version in the code folder's xml/version.xml or "
            + "civicrm-version.php), e.g. UPDATE civicrm_domain SET version = '5.50.1' WHERE id = 1, then run again."),
    /** The CiviCRM database was left partially upgraded by an earlier attempt. */
    DB_PARTIALLY_UPGRADED("civicrm_domain.version ends in '.upgrade': an earlier upgrade stopped half-way. "
            + "Restore the database from the backup taken before that attempt, then upgrade again."),
    /** The target release cannot upgrade a database this old. */
    VERSION_TOO_OLD("Upgrade through the intermediate releases named in the message first."),
    /** The target is not newer than the installed version. */
    NOT_AN_UPGRADE("Choose a release newer than the installed one, or allow it explicitly."),
    /** The release archive is unusable or unsafe. */
    RELEASE_INVALID("Download the release tarball again from the official site and check its sha256."),
    /** civicrm.settings.php could not be parsed or edited. */
    SETTINGS_INVALID("Fix the syntax of civicrm.settings.php at the position named in the message."),
    /** An external program (cv, drush, php) failed or timed out. */
    PROCESS_FAILED("Run the command shown in the message by hand to see its full output."),
    /** The operation was interrupted. */
    INTERRUPTED("The run was interrupted; the site was rolled back. Run again when ready."),
    /**
     * The schema upgrader ended, but the database the run backed up did not change version: the
     * upgrader upgraded another database (it read another CIVICRM_DSN than the run uses).
     */
    UPGRADED_ANOTHER_DATABASE("Make civicrm.settings.php's CIVICRM_DSN (as cv, drush and the web upgrader read it) name the "
            + "database the upgrade backs up, then check the other database the upgrader changed: restore it from its own "
            + "backup if it was not meant to be upgraded."),
    /** An input value is malformed. */
    INVALID_INPUT("Correct the value named in the message."),
    /**
     * Recovery refused: the run's journal cannot account for what is on disk and in the database
     * (it is empty or was cut before its end), or the site still shows the run's changes after
     * every recorded undo; the message lists what was found and the steps to finish by hand.
     */
    JOURNAL_INCOMPLETE("Do the steps listed in the message by hand, check the site, then move the run folder out of the "
            + "work directory's runs folder (keep it: it holds the backups)."),
    /**
     * An upgrader child process (cv, drush) of a run that did not finish is still running, e.g.
     * after the JVM running the upgrade was killed with SIGKILL: recovering now would restore the
     * database and the code under its feet.
     */
    UPGRADER_STILL_RUNNING("Stop the upgrader process named in the message (the command to do so is given), "
            + "wait until it is gone, then run recover again."),
    /**
     * No database server answered the login: the host name does not resolve, nothing listens on
     * the port, the server did not answer within the connect time-out, the TLS handshake failed,
     * or the server refused more connections ({@code Too many connections}). The message names the
     * host, the port and which settings hold them; nothing was changed.
     */
    DATABASE_UNREACHABLE("Check the host and port of the database named in the message (in the settings file named "
            + "there) and that the database server runs and accepts connections from this machine, then run again."),
    /**
     * The database server answered and refused the login or the database: a wrong user or password
     * (MySQL error 1045), no rights on the database (1044), an unknown database (1049), a host the
     * account may not connect from (1130). The message quotes the server; nothing was changed.
     */
    DATABASE_ACCESS_DENIED("Correct the user, password or database name in the settings file named in the message, "
            + "or GRANT the account its rights on the database, then run again."),
    /**
     * The run's database lock was lost while the run went on (its connection was killed, timed out
     * or the server restarted): another run could now start on the same site, so the run stopped
     * before its next change and rolled back.
     */
    DATABASE_LOCK_LOST("Make sure no other civi-upgrade run or recovery works on this site (from any work directory or "
            + "host); check the server's log for why the connection ended (wait_timeout, KILL, restart), then run again."),
    /** A bug or an unexpected condition. */
    INTERNAL("This is a bug in civi-upgrade or an extension; report it with the log and the journal.");

    private final String remedy;

    ErrorCode(String remedy) {
        this.remedy = remedy;
    }

    /** Default advice for the user. */
    public String remedy() {
        return remedy;
    }
}
