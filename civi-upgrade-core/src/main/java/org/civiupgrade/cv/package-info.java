/**
 * CiviCRM's command-line tool {@code cv}: the database upgrade through {@code cv upgrade:db}.
 *
 * <p>API status: experimental. Public so that integrators can build on it, but it may still
 * change in a minor release while the extension model settles; changes show in the module's API
 * snapshot.
 */
@NullMarked
package org.civiupgrade.cv;

import org.jspecify.annotations.NullMarked;
