/**
 * The lossless PHP tokenizer, parser and evaluator behind
 * {@code org.civiupgrade.settings}, and the default {@link org.civiupgrade.spi.SettingsEditor}.
 *
 * <p>Private API: no compatibility guarantees; may change in any release. Not exported by the
 * module, but reachable on the class path (the command-line tool, scripts, tests): do not use it from
 * outside civi-upgrade.
 */
@NullMarked
package org.civiupgrade.settings.internal;

import org.jspecify.annotations.NullMarked;
