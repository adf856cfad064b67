/**
 * Test support for civi-upgrade and its extensions:
 * a database per test (Debian's MariaDB through {@code CIVI_UPGRADE_TEST_JDBC_URL}, or an embedded
 * MariaDB), fake Drupal 7 + CiviCRM sites and releases, scripted steps, fault injection and site
 * fingerprints that prove a rollback exact.
 *
 * <p>API status: experimental. Public so that integrators can build on it, but it may still
 * change in a minor release while the extension model settles; changes show in the module's API
 * snapshot.
 */
@NullMarked
package org.civiupgrade.testkit;

import org.jspecify.annotations.NullMarked;
