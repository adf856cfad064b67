package org.civiupgrade;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.function.Function;
import org.civiupgrade.event.UpgradeListener;
import org.civiupgrade.internal.engine.Procedure;
import org.civiupgrade.internal.engine.RunEngine;
import org.civiupgrade.internal.engine.SiteLock;
import org.civiupgrade.internal.migrate.MigrateDatabaseStep;
import org.civiupgrade.internal.release.CodeSwapStep;
import org.civiupgrade.settings.UpdateSettingsStep;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.spi.Step;

/**
 * Entry point: {@code Upgrade.of(site)...plan()} builds an immutable {@link UpgradePlan};
 * {@link #recover(Site)} finishes the rollback of a run that crashed.
 *
 * <pre>{@code
 * UpgradePlan plan = Upgrade.of(site).step(a).step(b).plan();
 * CheckReport report = plan.check();
 * UpgradeResult result = plan.run(event -> System.out.println(event));
 * }</pre>
 */
public final class Upgrade {
    private Upgrade() {
    }

    /** Starts a plan for the site. */
    public static Builder of(Site site) {
        return new Builder(site);
    }

    /**
     * Finishes, from the journal, the rollback of every run on this site that did not end
     * (a crash, a kill, a power cut) or whose rollback was incomplete.
     *
     * @return the result of the recovery, or empty when there was nothing to recover
     */
    public static Optional<UpgradeResult> recover(Site site) {
        return recover(site, UpgradeListener.NONE);
    }

    /** {@link #recover(Site)} with progress events. */
    public static Optional<UpgradeResult> recover(Site site, UpgradeListener listener) {
        return new RunEngine(Objects.requireNonNull(site, "site"), listener).recover();
    }

    /** Whether a run on this site must be recovered before a new one may start. */
    public static boolean needsRecovery(Site site) {
        return RunEngine.hasUnfinishedRun(site);
    }

    /**
     * Who holds this site's lock right now (e.g. {@code "upgrade by process 4711 since ..."}),
     * or empty when no run or recovery is in progress. A run in progress also has an unfinished
     * journal, so check this before {@link #needsRecovery(Site)} to tell the two apart.
     */
    public static Optional<String> lockHolder(Site site) {
        return SiteLock.holder(Objects.requireNonNull(site, "site").workDir());
    }

    /**
     * Builds a plan. Not thread-safe; {@link #plan()} gives the immutable result. The verbs of
     * the documented procedure ({@link #backup()}, {@link #offline()}, {@link #swapCode()},
     * {@link #updateSettings()}, {@link #migrate()}, {@link #clearCaches()}, {@link #online()},
     * or all of them with {@link #standard()}) are resolved when {@link #plan()} is called, so
     * options and the release may be set in any order.
     */
    public static final class Builder {
        private static final Pattern STEP_ID = Pattern.compile("[a-z0-9][a-z0-9._:-]*");
        private final Site site;
        private final List<Function<Procedure, List<Step>>> entries = new ArrayList<>();
        private final Set<String> acceptedRisks = new LinkedHashSet<>();
        private final Map<String, String> options = new LinkedHashMap<>();
        private Release release;
        private SchemaUpgrader upgrader;
        private CodeSwapStep.Options swapOptions = CodeSwapStep.Options.DEFAULT;

        private Builder(Site site) {
            this.site = Objects.requireNonNull(site, "site");
        }

        /** Appends a step. */
        public Builder step(Step step) {
            Objects.requireNonNull(step, "step");
            entries.add(p -> List.of(step));
            return this;
        }

        /** The release to install (needed by {@link #swapCode()}, {@link #updateSettings()}, {@link #migrate()}). */
        public Builder to(Release target) {
            this.release = Objects.requireNonNull(target, "release");
            return this;
        }

        /**
         * The program that upgrades the database in {@link #migrate()}. Without one, {@code cv}
         * is used when it is on the PATH, else {@code drush} (with the Drupal 7 module present).
         */
        public Builder upgrader(SchemaUpgrader schemaUpgrader) {
            this.upgrader = Objects.requireNonNull(schemaUpgrader, "upgrader");
            return this;
        }

        /** Lets {@link #swapCode()} install a release that is not newer than the installed code. */
        public Builder allowSameOrOlderRelease() {
            swapOptions = new CodeSwapStep.Options(true, swapOptions.fixFilesPermissions(), swapOptions.filesDir());
            return this;
        }

        /** Lets {@link #swapCode()} set the Drupal files folder to dirs 0755 / files 0644 (undone on rollback). */
        public Builder fixFilesPermissions() {
            swapOptions = new CodeSwapStep.Options(swapOptions.allowSameOrOlder(), true, swapOptions.filesDir());
            return this;
        }

        /** Verified backup of the database, from the installed database module (provides {@code database-backup}). */
        public Builder backup() {
            entries.add(p -> p.contributed(ProcedureStage.BACKUP, "backup()", "a database module such as civi-upgrade-mysql"));
            return this;
        }

        /** Maintenance mode on, front page off CiviCRM, integration modules disabled (from the CMS module). */
        public Builder offline() {
            entries.add(p -> p.contributed(ProcedureStage.OFFLINE, "offline()", "a CMS module such as civi-upgrade-drupal7"));
            return this;
        }

        /** Staged unpack of the release and an atomic swap of the code folder; the old code is kept in the run folder. */
        public Builder swapCode() {
            entries.add(p -> List.of(new CodeSwapStep(p.release("swapCode()"), swapOptions)));
            return this;
        }

        /** The {@code civicrm.settings.php} edits this version jump needs. */
        public Builder updateSettings() {
            entries.add(p -> List.of(new UpdateSettingsStep(p.installed(), p.release("updateSettings()").version())));
            return this;
        }

        /** CiviCRM's own database upgrade; restored from the backup on failure. */
        public Builder migrate() {
            entries.add(p -> List.of(new MigrateDatabaseStep(p.upgrader(), p.release("migrate()").version(), p.restorePoint())));
            return this;
        }

        /** Clears the caches the new code must not see (from the CMS module). */
        public Builder clearCaches() {
            entries.add(p -> p.contributed(ProcedureStage.CLEAR_CACHES, "clearCaches()", "a CMS module such as civi-upgrade-drupal7"));
            return this;
        }

        /** Puts back exactly what {@link #offline()} changed (from the CMS module). */
        public Builder online() {
            entries.add(p -> p.contributed(ProcedureStage.ONLINE, "online()", "a CMS module such as civi-upgrade-drupal7"));
            return this;
        }

        /** Adds the post-upgrade report's facts: permissions to review, action items (changes nothing). */
        public Builder report() {
            entries.add(p -> p.contributed(ProcedureStage.REPORT, null, null));
            return this;
        }

        /**
         * The whole documented procedure in its documented order: backup, offline, code swap,
         * settings, database upgrade, caches, online, report.
         */
        public Builder standard() {
            return backup().offline().swapCode().updateSettings().migrate().clearCaches().online().report();
        }

        /** Appends steps in order. */
        public Builder steps(List<? extends Step> more) {
            more.forEach(this::step);
            return this;
        }

        /** Sets a plan option that steps may read (e.g. {@code php.binary}). Never a secret. */
        public Builder option(String key, String value) {
            options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Accepts running without a capability a step requires (e.g. {@code database-backup}),
         * or a step that cannot be undone ({@code irreversible:<step-id>}). The risk is the caller's.
         */
        public Builder acceptRisk(String requirement) {
            acceptedRisks.add(Objects.requireNonNull(requirement, "requirement"));
            return this;
        }

        /**
         * Validates the order and prerequisites of the steps and freezes the plan.
         *
         * @throws UpgradeException {@link ErrorCode#PLAN_INVALID} naming the problem and the fix
         */
        public UpgradePlan plan() {
            if (release != null) {
                options.putIfAbsent(PlanOptions.TARGET_VERSION, release.version().toString());
            }
            Procedure procedure = new Procedure(site, release, upgrader, new PlanOptions(options));
            List<Step> steps = new ArrayList<>();
            for (Function<Procedure, List<Step>> e : entries) {
                steps.addAll(e.apply(procedure));
            }
            if (steps.isEmpty()) {
                throw new UpgradeException(ErrorCode.PLAN_INVALID, "The plan has no steps.");
            }
            Set<String> ids = new LinkedHashSet<>();
            Set<String> provided = new LinkedHashSet<>();
            for (Step s : steps) {
                String id = s.id();
                if (id == null || !STEP_ID.matcher(id).matches()) {
                    throw new UpgradeException(ErrorCode.PLAN_INVALID, "Step id '" + id + "' of " + s.getClass().getName()
                            + " is not valid: use lower-case letters, digits, '.', ':', '-' and '_'.");
                }
                if (!ids.add(id)) {
                    throw new UpgradeException(ErrorCode.PLAN_INVALID, "Step '" + id + "' appears twice in the plan.");
                }
                for (String need : s.requires()) {
                    if (!provided.contains(need) && !acceptedRisks.contains(need)) {
                        throw new UpgradeException(ErrorCode.PLAN_INVALID, "Step '" + id + "' requires '" + need
                                + "', which no earlier step provides.", "Add a step providing '" + need + "' before '" + id
                                + "', or call acceptRisk(\"" + need + "\") to run without it.", null);
                    }
                }
                if (s.reversibility() == Reversibility.IRREVERSIBLE && !acceptedRisks.contains("irreversible:" + id)) {
                    throw new UpgradeException(ErrorCode.PLAN_INVALID, "Step '" + id + "' cannot be undone.",
                            "Call acceptRisk(\"irreversible:" + id + "\") to run it anyway.", null);
                }
                provided.addAll(s.provides());
            }
            return new UpgradePlan(site, steps, new PlanOptions(options), acceptedRisks);
        }
    }
}
