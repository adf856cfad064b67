/**
 * The one rule by which civi-upgrade picks its extension points (dialect, schema upgrader,
 * settings editor, data source factory, CMS adapter, procedure contributors): an explicit choice
 * wins, else the providers of both class loaders are ranked by their priority for the site,
 * negative ones dropped, ties ordered by class name.
 *
 * <p>Private API: no compatibility guarantees; may change in any release. Not exported by the
 * module, but reachable on the class path (the command-line tool, scripts, tests): do not use it from
 * outside civi-upgrade.
 */
@NullMarked
package org.civiupgrade.internal.plugins;

import org.jspecify.annotations.NullMarked;
