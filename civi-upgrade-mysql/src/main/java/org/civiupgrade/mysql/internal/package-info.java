/**
 * The MySQL/MariaDB implementation behind
 * {@code org.civiupgrade.mysql}: backup and restore files and their manifest, inventories, grants,
 * checks, named locks and SQL text handling.
 *
 * <p>Private API: no compatibility guarantees; may change in any release. Not exported by the
 * module, but reachable on the class path (the command-line tool, scripts, tests): do not use it from
 * outside civi-upgrade.
 */
@NullMarked
package org.civiupgrade.mysql.internal;

import org.jspecify.annotations.NullMarked;
