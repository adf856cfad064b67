/**
 * Progress events of a run, check or rehearsal: the sealed {@link org.civiupgrade.event.UpgradeEvent}
 * records (start and end events are paired) and the {@link org.civiupgrade.event.UpgradeListener} that
 * receives them. A listener that throws is contained and cannot fail a run.
 *
 * <p>API status: stable. Covered by the module's API snapshot; a change
 * that breaks callers waits for a major release.
 */
@NullMarked
package org.civiupgrade.event;

import org.jspecify.annotations.NullMarked;
