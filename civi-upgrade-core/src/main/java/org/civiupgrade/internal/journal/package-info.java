/**
 * The crash-safe run journal: one JSON line per event, forced to disk,
 * read back after a crash (a torn last line is tolerated) to recover a run.
 *
 * <p>Private API: no compatibility guarantees; may change in any release. Not exported by the
 * module, but reachable on the class path (the command-line tool, scripts, tests): do not use it from
 * outside civi-upgrade.
 */
@NullMarked
package org.civiupgrade.internal.journal;

import org.jspecify.annotations.NullMarked;
