/**
 * Starting and watching child processes: process groups, the
 * upgraders still alive after a crash, and a watchdog that ends children with their parent.
 *
 * <p>Private API: no compatibility guarantees; may change in any release. Not exported by the
 * module, but reachable on the class path (the command-line tool, scripts, tests): do not use it from
 * outside civi-upgrade.
 */
@NullMarked
package org.civiupgrade.internal.process;

import org.jspecify.annotations.NullMarked;
