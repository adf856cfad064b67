/**
 * civi-upgrade for Drupal 7: the
 * {@link org.civiupgrade.spi.CmsAdapter} that detects a Drupal 7 site with CiviCRM and changes it
 * (maintenance mode, front page, integration modules, caches, files folder) with exact
 * compensations, and its procedure contributor. Found through {@link java.util.ServiceLoader}.
 *
 * <p>API status: stable. Covered by the module's API snapshot; a change
 * that breaks callers waits for a major release.
 */
@NullMarked
package org.civiupgrade.drupal7;

import org.jspecify.annotations.NullMarked;
