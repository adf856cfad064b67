/** CiviCRM's database upgrade through drush ({@code drush civicrm-upgrade-db}) on Drupal 7. */
package org.civiupgrade.drupal7.drush;
