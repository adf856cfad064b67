package org.civiupgrade;

/** How a run ended. */
public enum RunStatus {
    /** Every step finished. */
    SUCCEEDED,
    /** A step failed and every change was undone. */
    ROLLED_BACK,
    /** A step failed and at least one compensation failed: see the result and the journal. */
    ROLLBACK_INCOMPLETE
}
