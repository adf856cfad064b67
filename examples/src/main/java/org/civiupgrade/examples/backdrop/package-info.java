/**
 * An example adapter for CiviCRM on Backdrop CMS 1.x, written only against the public SPI
 * ({@code org.civiupgrade.spi}, {@code spi.cms}, {@code spi.support}) and core's settings reader:
 * {@link org.civiupgrade.examples.backdrop.BackdropAdapter} with its steps, one compensation of its
 * own and its registration ({@code META-INF/services}).
 *
 * <p>API status: example. Not published as a supported adapter.
 */
@NullMarked
package org.civiupgrade.examples.backdrop;

import org.jspecify.annotations.NullMarked;
