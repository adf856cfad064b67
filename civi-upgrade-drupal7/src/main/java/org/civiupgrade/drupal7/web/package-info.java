/**
 * CiviCRM's web upgrader ({@code civicrm/upgrade?reset=1}) driven over HTTP(S) for a Drupal 7
 * site: {@link org.civiupgrade.drupal7.web.Drupal7WebUpgrader}.
 */
package org.civiupgrade.drupal7.web;
