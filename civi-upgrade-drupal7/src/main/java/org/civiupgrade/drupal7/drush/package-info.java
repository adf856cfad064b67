/**
 * CiviCRM's database upgrade through drush ({@code drush civicrm-upgrade-db}) on Drupal 7.
 *
 * <p>API status: experimental. Public so that integrators can build on it, but it may still
 * change in a minor release while the extension model settles; changes show in the module's API
 * snapshot.
 */
@NullMarked
package org.civiupgrade.drupal7.drush;

import org.jspecify.annotations.NullMarked;
