/**
 * The core's own steps and compensations: the code swap, the database
 * upgrade, the settings update, and the compensations that restore folders and file modes.
 *
 * <p>Private API: no compatibility guarantees; may change in any release. Not exported by the
 * module, but reachable on the class path (the command-line tool, scripts, tests): do not use it from
 * outside civi-upgrade.
 */
@NullMarked
package org.civiupgrade.internal.steps;

import org.jspecify.annotations.NullMarked;
