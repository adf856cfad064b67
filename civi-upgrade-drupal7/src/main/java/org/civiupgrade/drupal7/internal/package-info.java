/**
 * The Drupal 7 implementation behind
 * {@code org.civiupgrade.drupal7}: {@code settings.php} reading, the {@code variable} and
 * {@code system} table steps, Drupal table backups and their compensations.
 *
 * <p>Private API: no compatibility guarantees; may change in any release. Not exported by the
 * module, but reachable on the class path (the command-line tool, scripts, tests): do not use it from
 * outside civi-upgrade.
 */
@NullMarked
package org.civiupgrade.drupal7.internal;

import org.jspecify.annotations.NullMarked;
