/**
 * The public API of civi-upgrade: describe a {@link org.civiupgrade.Site} (usually
 * {@link org.civiupgrade.Site#detect(java.nio.file.Path)}), choose a {@link org.civiupgrade.Release},
 * build an {@link org.civiupgrade.UpgradePlan} with {@link org.civiupgrade.Upgrade#of(org.civiupgrade.Site)},
 * then {@code check()}, {@code dryRun()} or {@code run()} it; {@link org.civiupgrade.Upgrade#recover}
 * finishes the rollback of an interrupted run. Failures are {@link org.civiupgrade.UpgradeException}s
 * with an {@link org.civiupgrade.ErrorCode} and a remedy.
 *
 * <p><b>Null.</b> This package, like every package of civi-upgrade, is {@code @NullMarked}: a type
 * without {@code @Nullable} never holds null. Optional results are {@link java.util.Optional}s or
 * {@code @Nullable} where a record component must stay JSON-friendly.
 *
 * <p><b>Records and their constructors.</b> Two kinds of record are public here, and their canonical
 * constructors are treated differently:
 * <ul>
 *   <li><em>Inputs</em> that callers make ({@link org.civiupgrade.DatabaseCoordinates},
 *       {@link org.civiupgrade.ExtractionLimits}, {@link org.civiupgrade.RehearsalOptions}): the
 *       canonical constructor is API. A new component comes with a new constructor, and the old one
 *       stays and fills the default.</li>
 *   <li><em>Results</em> that civi-upgrade makes and callers read ({@link org.civiupgrade.UpgradeResult}
 *       and its nested records, {@link org.civiupgrade.CheckReport}, {@link org.civiupgrade.DryRun},
 *       {@link org.civiupgrade.PlannedAction}, {@link org.civiupgrade.RehearsalReport}, and the events of
 *       {@code org.civiupgrade.event}): the accessors, factory methods
 *       ({@link org.civiupgrade.CheckResult#blocker CheckResult.blocker} and friends) and JSON forms
 *       ({@link org.civiupgrade.UpgradeResult#toJson()}) are API; the canonical constructor is not.
 *       A minor release may add a component, which changes that constructor. Tests that need a result
 *       should read one from JSON or get it from a run.</li>
 * </ul>
 * Components are never removed or renamed within a major release, so accessors and JSON stay
 * compatible.
 *
 * <p>API status: stable. Covered by the module's API snapshot; a change
 * that breaks callers waits for a major release.
 */
@NullMarked
package org.civiupgrade;

import org.jspecify.annotations.NullMarked;
