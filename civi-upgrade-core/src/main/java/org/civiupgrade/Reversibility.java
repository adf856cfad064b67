package org.civiupgrade;

/** How a step's changes can be undone, declared before it runs. */
public enum Reversibility {
    /** Every change records an exact compensation (rename back, restore bytes). */
    REVERSIBLE,
    /** Undone by restoring from a backup taken earlier in the run (e.g. the DB upgrade). */
    RESTORE_FROM_BACKUP,
    /** Cannot be undone; a plan refuses it unless the caller accepts the risk. */
    IRREVERSIBLE
}
