/**
 * Evidence about a site's state after an interrupted run: code-swap
 * leftovers, maintenance state, the CiviCRM database version and the run folders.
 *
 * <p>Private API: no compatibility guarantees; may change in any release. Not exported by the
 * module, but reachable on the class path (the command-line tool, scripts, tests): do not use it from
 * outside civi-upgrade.
 */
@NullMarked
package org.civiupgrade.internal.recovery;

import org.jspecify.annotations.NullMarked;
