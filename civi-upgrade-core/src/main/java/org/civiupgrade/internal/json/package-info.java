/**
 * The one configured Jackson mapper of civi-upgrade (journals, results,
 * reports).
 *
 * <p>Private API: no compatibility guarantees; may change in any release. Not exported by the
 * module, but reachable on the class path (the command-line tool, scripts, tests): do not use it from
 * outside civi-upgrade.
 */
@NullMarked
package org.civiupgrade.internal.json;

import org.jspecify.annotations.NullMarked;
