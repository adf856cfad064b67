/**
 * CiviCRM's database upgrade for hosts that have only {@code php}: {@link
 * org.civiupgrade.drupal7.php.PhpSchemaUpgrader} runs a small PHP script shipped with this
 * module that boots CiviCRM and Drupal 7 from the site and runs CiviCRM's own headless upgrade.
 *
 * <p>API status: experimental. Public so that integrators can build on it, but it may still
 * change in a minor release; changes show in the module's API snapshot.
 */
@NullMarked
package org.civiupgrade.drupal7.php;

import org.jspecify.annotations.NullMarked;
