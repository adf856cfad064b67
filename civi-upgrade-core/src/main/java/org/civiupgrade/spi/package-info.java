/**
 * The extension points of civi-upgrade and their contexts: what a CMS adapter
 * ({@link org.civiupgrade.spi.CmsAdapter}), a database dialect ({@link org.civiupgrade.spi.DatabaseDialect}),
 * a schema upgrader ({@link org.civiupgrade.spi.SchemaUpgrader}), a data source factory and a procedure
 * contributor implement, and the {@link org.civiupgrade.spi.Step}/{@link org.civiupgrade.spi.Compensation}
 * pair every change of a site is made of, with {@link org.civiupgrade.spi.CompensationTypes}
 * registering the stable journal names of a module's compensations. Implementations are found with {@link java.util.ServiceLoader}
 * ({@code provides} in a module-info, or {@code META-INF/services} on the class path).
 *
 * <p>API status: experimental. Public so that integrators can build on it, but it may still
 * change in a minor release while the extension model settles; changes show in the module's API
 * snapshot.
 */
@NullMarked
package org.civiupgrade.spi;

import org.jspecify.annotations.NullMarked;
