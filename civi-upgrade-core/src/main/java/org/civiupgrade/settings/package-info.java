/**
 * {@code civicrm.settings.php} read and edited without running it: the
 * parsed file with byte-exact source spans, its {@code define()}s resolved where PHP's own rules allow,
 * the DSNs, and the edits an upgrade needs (new settings of later CiviCRM versions); the
 * {@link org.civiupgrade.spi.SettingsEditor} SPI lets an integrator replace the editor.
 *
 * <p>API status: experimental. Public so that integrators can build on it, but it may still
 * change in a minor release while the extension model settles; changes show in the module's API
 * snapshot.
 */
@NullMarked
package org.civiupgrade.settings;

import org.jspecify.annotations.NullMarked;
