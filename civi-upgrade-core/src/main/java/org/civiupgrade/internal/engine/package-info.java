/**
 * The step engine: runs a procedure's steps under the site lock and the
 * database run lock, journals every compensation before its change, rolls back in reverse order on a
 * failure, and classifies failures into error codes.
 *
 * <p>Private API: no compatibility guarantees; may change in any release. Not exported by the
 * module, but reachable on the class path (the command-line tool, scripts, tests): do not use it from
 * outside civi-upgrade.
 */
@NullMarked
package org.civiupgrade.internal.engine;

import org.jspecify.annotations.NullMarked;
