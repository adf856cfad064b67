/**
 * The subcommands, shared options and console
 * output of the {@code civi-upgrade} command.
 *
 * <p>Private API: no compatibility guarantees; may change in any release. Not exported by the
 * module, but reachable on the class path (the command-line tool, scripts, tests): do not use it from
 * outside civi-upgrade.
 */
@NullMarked
package org.civiupgrade.cli.internal;

import org.jspecify.annotations.NullMarked;
