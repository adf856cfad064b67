/**
 * PHP's {@code serialize()} format as Drupal 7 stores it in its {@code variable}
 * and cache tables: {@link org.civiupgrade.php.PhpValue} and a byte-exact
 * {@link org.civiupgrade.php.PhpSerialization} (format: PHP manual, {@code serialize}).
 *
 * <p>API status: experimental. Public so that integrators can build on it, but it may still
 * change in a minor release while the extension model settles; changes show in the module's API
 * snapshot.
 */
@NullMarked
package org.civiupgrade.php;

import org.jspecify.annotations.NullMarked;
