/**
 * The {@code civi-upgrade} command: check, dry-run, run, recover and status of a
 * CiviCRM upgrade on a Drupal 7 site, and its exit codes ({@link org.civiupgrade.cli.ExitCodes}).
 *
 * <p>API status: stable. Covered by the module's API snapshot; a change
 * that breaks callers waits for a major release.
 */
@NullMarked
package org.civiupgrade.cli;

import org.jspecify.annotations.NullMarked;
