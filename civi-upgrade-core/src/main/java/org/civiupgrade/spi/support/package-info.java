/**
 * Ready-made building blocks for steps and compensations: running a
 * process without a shell (timeouts, secret masking, bounded output), safe file operations, forwarding
 * wrappers and the common compensations (delete a path, move a path back, remove created directories,
 * restore a file's content).
 *
 * <p>API status: experimental. Public so that integrators can build on it, but it may still
 * change in a minor release while the extension model settles; changes show in the module's API
 * snapshot.
 */
@NullMarked
package org.civiupgrade.spi.support;

import org.jspecify.annotations.NullMarked;
