/**
 * The machinery behind {@code org.civiupgrade.drupal7.web}: the Drupal session cookie and the
 * row it needs, its journaled removal, HTTP restricted to the site's origin, the pages met on the
 * way, and the driver of CiviCRM's upgrade queue.
 *
 * <p>Private API: no compatibility guarantees; may change in any release. Not exported by the
 * module, but reachable on the class path (the command-line tool, scripts, tests): do not use it from
 * outside civi-upgrade.
 */
@NullMarked
package org.civiupgrade.drupal7.internal.web;

import org.jspecify.annotations.NullMarked;
