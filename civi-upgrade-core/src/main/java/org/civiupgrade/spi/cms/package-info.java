/**
 * Capabilities a CMS adapter may offer, each looked up on the adapter: maintenance
 * mode, front page, the CiviCRM integration modules, caches, the files folder, inspection of the
 * installed site, and the description of one CMS module.
 *
 * <p>API status: experimental. Public so that integrators can build on it, but it may still
 * change in a minor release while the extension model settles; changes show in the module's API
 * snapshot.
 */
@NullMarked
package org.civiupgrade.spi.cms;

import org.jspecify.annotations.NullMarked;
