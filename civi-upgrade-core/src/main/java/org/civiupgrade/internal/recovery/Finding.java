package org.civiupgrade.internal.recovery;

/**
 * Something on disk or in the database that an unfinished run left and that a complete journal
 * must account for.
 *
 * @param what       what was found, for people (paths and versions, never secrets)
 * @param resource   the resource it concerns, named as {@link org.civiupgrade.spi.Compensation#touches()} names them
 * @param manualStep what to do by hand to put it back as it was before the run
 * @param blocking   whether, unaccounted for, it keeps recovery from going on (false: shown for information)
 */
public record Finding(String what, String resource, String manualStep, boolean blocking) {
}
