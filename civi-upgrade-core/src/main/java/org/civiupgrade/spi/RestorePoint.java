package org.civiupgrade.spi;

/**
 * Supplies the compensation that puts the CiviCRM database back as the backup taken earlier
 * in the run holds it (typically a selective restore of the CiviCRM tables). A step that
 * changes the database in a way only a backup can undo records it before it starts.
 */
@FunctionalInterface
public interface RestorePoint {
    /** The compensation restoring the database from the run's backup. */
    Compensation restoreCompensation(StepContext context) throws Exception;
}
