/**
 * The database side of the SPI: the options and results of a dialect's backup,
 * restore, verification and pre-flight checks, the objects and scopes it works on (tables, views,
 * triggers, routines, events), database locking and the mysqldump-compatible export.
 *
 * <p>API status: experimental. Public so that integrators can build on it, but it may still
 * change in a minor release while the extension model settles; changes show in the module's API
 * snapshot.
 */
@NullMarked
package org.civiupgrade.spi.db;

import org.jspecify.annotations.NullMarked;
