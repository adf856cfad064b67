package org.civiupgrade;

/** How serious a check result is. Only {@link #BLOCKER} stops a run. */
public enum Severity {
    /** Informational: something the user may want to know. */
    INFO,
    /** The run can go on, but the user should look at this. */
    WARNING,
    /** The run must not start until this is fixed. */
    BLOCKER
}
