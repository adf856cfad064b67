/**
 * CiviCRM release tarballs: safe extraction, version files, the PHP
 * requirement of a release and the tree copies the code swap uses.
 *
 * <p>Private API: no compatibility guarantees; may change in any release. Not exported by the
 * module, but reachable on the class path (the command-line tool, scripts, tests): do not use it from
 * outside civi-upgrade.
 */
@NullMarked
package org.civiupgrade.internal.release;

import org.jspecify.annotations.NullMarked;
