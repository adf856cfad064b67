/**
 * CiviCRM's web upgrader ({@code civicrm/upgrade?reset=1}) driven over HTTP(S) for a Drupal 7
 * site: {@link org.civiupgrade.drupal7.web.Drupal7WebUpgrader}.
 *
 * <p>API status: experimental. Public so that integrators and the command line can build on it,
 * but it may still change in a minor release while the extension model settles; changes show in
 * the module's API snapshot.
 */
@NullMarked
package org.civiupgrade.drupal7.web;

import org.jspecify.annotations.NullMarked;
