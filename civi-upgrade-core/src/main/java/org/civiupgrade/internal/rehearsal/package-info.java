/**
 * Rehearsal of an upgrade on a copy of the site and its databases.
 *
 * <p>Private API: no compatibility guarantees; may change in any release. Not exported by the
 * module, but reachable on the class path (the command-line tool, scripts, tests): do not use it from
 * outside civi-upgrade.
 */
@NullMarked
package org.civiupgrade.internal.rehearsal;

import org.jspecify.annotations.NullMarked;
