/**
 * CiviCRM release tarballs and the code swap: safe extraction, version
 * files, the PHP requirement of a release, file modes and the swap step with its compensations.
 *
 * <p>Private API: no compatibility guarantees; may change in any release. Not exported by the
 * module, but reachable on the class path (the command-line tool, scripts, tests): do not use it from
 * outside civi-upgrade.
 */
@NullMarked
package org.civiupgrade.internal.release;

import org.jspecify.annotations.NullMarked;
