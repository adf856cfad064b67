/**
 * The MySQL/MariaDB dialect: pre-flight checks, object ownership, a native consistent
 * backup with verification, full and selective restore, a mysqldump-compatible export, the pooled
 * {@link org.civiupgrade.spi.DataSourceFactory} and the database backup step with its plan options.
 * The providers are found through {@link java.util.ServiceLoader}.
 *
 * <p>API status: stable. Covered by the module's API snapshot; a change
 * that breaks callers waits for a major release.
 */
@NullMarked
package org.civiupgrade.mysql;

import org.jspecify.annotations.NullMarked;
