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
import java.util.function.BiFunction;
import org.civiupgrade.event.UpgradeListener;
import org.civiupgrade.internal.engine.HopStep;
import org.civiupgrade.internal.engine.PlanOptionValues;
import org.civiupgrade.internal.engine.Procedure;
import org.civiupgrade.internal.engine.RunEngine;
import org.civiupgrade.internal.engine.SiteLock;
import org.civiupgrade.internal.plugins.Plugins;
import org.civiupgrade.internal.steps.MigrateDatabaseStep;
import org.civiupgrade.internal.steps.CodeSwapStep;
import org.civiupgrade.internal.steps.UpdateSettingsStep;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.settings.SettingsOptions;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.spi.SettingsEditor;
import org.civiupgrade.spi.Step;
import org.jspecify.annotations.Nullable;

/**
 * Entry point: {@code Upgrade.of(site)} starts a {@link Builder}; {@link #recover(Site)} finishes
 * the rollback of a run that crashed.
 *
 * <p>The builder's step-adders ({@link Builder#backup()}, {@link Builder#offline()},
 * {@link Builder#swapCode()}, {@link Builder#migrate()}, {@link Builder#step(Step)}, ...) only
 * compose: they add to the recipe and change nothing, like the configuration calls of Flyway's
 * {@code Flyway.configure()}. What executes is {@link Builder#run(UpgradeListener)} (the same as
 * {@code plan().run(listener)}), {@link Builder#rehearse()} and the verbs of the
 * {@link UpgradePlan} that {@link Builder#plan()} freezes: {@link UpgradePlan#check()} and
 * {@link UpgradePlan#dryRun()} only look, {@link UpgradePlan#rehearse()} changes a copy of the
 * site, {@link UpgradePlan#run(UpgradeListener)} changes the site.
 *
 * <pre>{@code
 * // runs: backup, code swap and database upgrade (check() warns that the site stays online)
 * UpgradeResult r = Upgrade.of(site).to(release).backup().swapCode().migrate().run(listener);
 *
 * // or look first, then run the same frozen plan
 * UpgradePlan plan = Upgrade.of(site).to(release).standard().plan();
 * CheckReport report = plan.check();
 * RehearsalReport rehearsal = plan.rehearse();
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
     * @throws UpgradeException {@link ErrorCode#UPGRADER_STILL_RUNNING} when an upgrader process of
     *                          the unfinished run still runs ({@link #runningUpgraders(Site)}); nothing is changed
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
     * What the site itself shows of an upgrade that no journal in its work directory accounts for,
     * one line each with what to do by hand: code-swap folders beside the CiviCRM code folder, a
     * half-upgraded CiviCRM database, CiviCRM code newer than its database, another run holding the
     * database's lock. (A new run and its check count all but code newer than the database, the
     * state a plan that only migrates starts from.) A run started with another work directory is the usual cause: give that one
     * ({@link Site#withWorkDir}). Empty when this work directory holds an unfinished run (see
     * {@link #needsRecovery(Site)}) or when the site looks idle. While it is not empty, a run and
     * {@link #recover(Site)} refuse with {@link ErrorCode#JOURNAL_INCOMPLETE}.
     */
    public static List<String> unaccountedChanges(Site site) {
        return describe(RunEngine.unaccounted(Objects.requireNonNull(site, "site"), true));
    }

    /** {@link #unaccountedChanges(Site)} less code newer than the database, which a plan that only migrates starts from. */
    static List<String> unaccountedBeforeRun(Site site) {
        return describe(RunEngine.unaccounted(site, false));
    }

    private static List<String> describe(List<org.civiupgrade.internal.recovery.Finding> found) {
        return found.stream().map(f -> f.what() + " (by hand: " + f.manualStep() + ")").toList();
    }

    /**
     * Upgrader processes (cv, drush) started by a run that did not finish and still running, e.g.
     * after the JVM of that run was killed with SIGKILL; one line each with the pid, the command and
     * how to stop it. A process is matched by its recorded pid and start time, so a later process
     * given the same pid is not mistaken for it. While this is not empty, {@link #recover(Site)}
     * refuses with {@link ErrorCode#UPGRADER_STILL_RUNNING}.
     */
    public static List<String> runningUpgraders(Site site) {
        return RunEngine.stillRunningUpgraders(Objects.requireNonNull(site, "site"));
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
     * Every plan option that {@link Builder#plan()} accepts without a declaration of the caller's
     * own: the core's ({@link CoreOptions}), then those of the modules on the class path
     * ({@link org.civiupgrade.spi.ProcedureContributor#options()}). For help texts and for checking
     * options read from a command line or a file before planning.
     */
    public static List<PlanOption<?>> knownOptions() {
        List<PlanOption<?>> modules = new ArrayList<>();
        Procedure.installedContributors().forEach(c -> modules.addAll(c.options()));
        return List.copyOf(PlanOptionValues.known(modules, List.of()).values());
    }

    /**
     * Composes a plan; nothing runs and nothing changes until {@link #run(UpgradeListener)},
     * {@link #rehearse()} or a verb of the {@link UpgradePlan} from {@link #plan()}. Not
     * thread-safe; {@link #plan()} gives the immutable result, which later calls on the builder
     * do not change. The steps of the documented procedure ({@link #backup()}, {@link #offline()},
     * {@link #swapCode()}, {@link #updateSettings()}, {@link #migrate()}, {@link #clearCaches()},
     * {@link #online()}, or all of them with {@link #standard()}) are resolved when {@link #plan()}
     * is called, so options and the release may be set in any order.
     */
    public static final class Builder {
        private final Site site;
        private final List<Entry> entries = new ArrayList<>();
        private final List<Release> via = new ArrayList<>();
        private final Set<String> acceptedRisks = new LinkedHashSet<>();
        private final Map<String, String> options = new LinkedHashMap<>();
        private final Map<String, PlanOption<?>> declaredOptions = new LinkedHashMap<>();
        private Release release;
        private @Nullable DatabaseDialect dialect;
        private @Nullable SettingsEditor settingsEditor;
        private SchemaUpgrader upgrader;
        private CodeSwapStep.Options swapOptions = CodeSwapStep.Options.DEFAULT;

        private Builder(Site site) {
            this.site = Objects.requireNonNull(site, "site");
        }

        /** Appends a step. */
        public Builder step(Step step) {
            Objects.requireNonNull(step, "step");
            entries.add(new Entry(Kind.OTHER, Role.OTHER, (r, p) -> List.of(step)));
            return this;
        }

        /**
         * Intermediate releases for a site older than the target's minimum upgradable version
         * ({@link UpgradePaths}): the plan goes through each of them, oldest first, then to the
         * release given with {@link #to(Release)}. Each hop repeats the steps of
         * {@link #swapCode()}, {@link #updateSettings()} and {@link #migrate()} (which must then
         * be adjacent in the builder, as in {@link #standard()}) for its release, while the
         * backup, offline/online, caches and report steps run once around all hops.
         *
         * <p>The first hop's steps keep their usual ids ({@code swap-code}, ...), and its saved
         * copies (the original code) stay where a one-hop run keeps them; every later hop's steps
         * are named {@code hop-<version>:<id>} and keep their copies in the run folder's
         * {@code hop-<version>} subfolder. A failure in any hop rolls the whole run back to the
         * state before the first hop. {@link #plan()} refuses a chain in which a release cannot
         * upgrade what the previous one leaves, naming the releases missing.
         */
        public Builder via(Release... intermediates) {
            for (Release r : intermediates) {
                via.add(Objects.requireNonNull(r, "intermediate release"));
            }
            return this;
        }

        /** {@link #via(Release...)} with a list. */
        public Builder via(List<Release> intermediates) {
            return via(intermediates.toArray(new Release[0]));
        }

        /** The release to install (needed by {@link #swapCode()}, {@link #updateSettings()}, {@link #migrate()}). */
        public Builder to(Release target) {
            this.release = Objects.requireNonNull(target, "release");
            return this;
        }

        /**
         * The program that upgrades the database in {@link #migrate()}. Without one, the installed
         * {@link SchemaUpgrader} with the highest {@link SchemaUpgrader#priority priority} for the
         * site is used: {@code cv} when it is on the PATH, else {@code drush} when it is on the PATH
         * and the site is Drupal 7 (with civi-upgrade-drupal7 present); when none applies, the plan's
         * check blocks and says so.
         */
        public Builder upgrader(SchemaUpgrader schemaUpgrader) {
            this.upgrader = Objects.requireNonNull(schemaUpgrader, "upgrader");
            return this;
        }

        /**
         * The database dialect for the whole run: pre-flight checks, the backup, the database lock,
         * restores on rollback (also by {@link Upgrade#recover(Site)} in a later process, which
         * loads the same class by name: give it a public no-argument constructor or register it)
         * and the rehearsal's clone. Without one, the installed {@link DatabaseDialect} with the
         * highest {@link DatabaseDialect#priority priority} for the site is used. A database module
         * contributes its {@link #backup()} only when its dialect is the one selected.
         */
        public Builder dialect(DatabaseDialect databaseDialect) {
            this.dialect = Objects.requireNonNull(databaseDialect, "dialect");
            return this;
        }

        /**
         * The editor of {@code civicrm.settings.php} for {@link #updateSettings()}. Without one, the
         * installed {@link SettingsEditor} with the highest priority for the site is used, else the
         * built-in editor.
         */
        public Builder settingsEditor(SettingsEditor editor) {
            this.settingsEditor = Objects.requireNonNull(editor, "settingsEditor");
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
            entries.add(new Entry(Kind.OTHER, Role.OTHER, (r, p) -> p.contributed(ProcedureStage.BACKUP, "backup()",
                    "a database module such as civi-upgrade-mysql")));
            return this;
        }

        /**
         * Maintenance mode on, front page off CiviCRM, integration modules disabled: built from the
         * capabilities of the site's {@link org.civiupgrade.spi.CmsAdapter}, then the installed
         * contributors' steps. {@link #plan()} refuses it when the adapter lacks maintenance mode and
         * no contributor contributes to the stage.
         */
        public Builder offline() {
            entries.add(new Entry(Kind.OTHER, Role.OFFLINE, (r, p) -> p.contributed(ProcedureStage.OFFLINE, "offline()",
                    "a CMS module such as civi-upgrade-drupal7")));
            return this;
        }

        /** Staged unpack of the release and an atomic swap of the code folder; the old code is kept in the run folder. */
        public Builder swapCode() {
            entries.add(new Entry(Kind.HOP, Role.LIVE_CHANGE, (r, p) -> List.of(new CodeSwapStep(p.release("swapCode()"), r.swapOptions()))));
            return this;
        }

        /** The {@code civicrm.settings.php} edits this version jump needs. */
        public Builder updateSettings() {
            entries.add(new Entry(Kind.HOP, Role.OTHER, (r, p) -> {
                Step update = new UpdateSettingsStep(p.installed(), p.release("updateSettings()").version(), SettingsOptions.defaults(),
                        p.settingsEditor());
                // the opt-in repair of a moved site follows the version's own edits (it finds nothing more to do on later hops)
                return p.options().flag(CoreOptions.SETTINGS_FIX_MOVED_PATHS.name())
                        ? List.of(update, new org.civiupgrade.internal.cms.FixMovedPathsStep()) : List.of(update);
            }));
            return this;
        }

        /** CiviCRM's own database upgrade; restored from the backup on failure. */
        public Builder migrate() {
            // a later hop starts from the database the previous hop leaves: the plan checked its minimum against that release
            entries.add(new Entry(Kind.HOP, Role.LIVE_CHANGE, (r, p) -> List.of(new MigrateDatabaseStep(p.upgrader(), p.upgraderChoice(),
                    p.release("migrate()").version(), p.restorePoint(),
                    p.laterHop() ? null : p.release("migrate()").minimumUpgradable().orElse(null)))));
            return this;
        }

        /** Clears the caches the new code must not see (from the CMS adapter's capabilities). */
        public Builder clearCaches() {
            entries.add(new Entry(Kind.OTHER, Role.OTHER, (r, p) -> p.contributed(ProcedureStage.CLEAR_CACHES, "clearCaches()",
                    "a CMS module such as civi-upgrade-drupal7")));
            return this;
        }

        /** Puts back exactly what {@link #offline()} changed, in the reverse order (from the CMS adapter's capabilities). */
        public Builder online() {
            entries.add(new Entry(Kind.OTHER, Role.ONLINE, (r, p) -> p.contributed(ProcedureStage.ONLINE, "online()",
                    "a CMS module such as civi-upgrade-drupal7")));
            return this;
        }

        /** Adds the post-upgrade report's facts: permissions to review, action items (changes nothing). */
        public Builder report() {
            entries.add(new Entry(Kind.OTHER, Role.OTHER, (r, p) -> p.contributed(ProcedureStage.REPORT, null, null)));
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

        /**
         * Sets a plan option from its text, as on the command line (e.g. {@code php.binary},
         * {@code database.workers=4}). Never a secret. The key and the value are checked by
         * {@link #plan()}, which refuses with {@link ErrorCode#PLAN_INVALID} a key that neither
         * {@link CoreOptions}, an installed module nor an earlier {@link #option(PlanOption, Object)}
         * declares, and a value its option cannot parse. The options a plan derives
         * ({@link CoreOptions#TARGET_VERSION}, {@link CoreOptions#FINAL_VERSION}) may be set only to
         * the value the plan would give them, or for a plan without a release.
         */
        public Builder option(String key, String value) {
            options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets a plan option, typed (e.g. {@code option(CoreOptions.MIGRATE_TIMEOUT_MINUTES, 480)}).
         * An option of a step of your own is declared by this call, so {@link #plan()} accepts its
         * key. Replaces an earlier value of the same key.
         */
        public <T> Builder option(PlanOption<T> option, T value) {
            Objects.requireNonNull(option, "option");
            options.put(option.name(), option.render(Objects.requireNonNull(value, "value")));
            declaredOptions.putIfAbsent(option.name(), option);
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
         * Validates the options, the order and prerequisites of the steps and freezes the plan, with a
         * copy of this builder's recipe. The builder is not changed, and later calls on it do not change
         * the plan: it may be changed (e.g. {@code to(otherRelease)}) and planned again. Changes nothing.
         *
         * @throws UpgradeException {@link ErrorCode#PLAN_INVALID} naming the problem and the fix: an
         *                          unknown option key (with the known ones), an option value that
         *                          does not parse (with the expected form), a step order or
         *                          prerequisite problem
         */
        public UpgradePlan plan() {
            return recipe().plan(site);
        }

        /**
         * Runs what the builder composed: {@code plan().run(UpgradeListener.NONE)}.
         *
         * @see UpgradePlan#run(UpgradeListener)
         */
        public UpgradeResult run() {
            return plan().run();
        }

        /**
         * Runs what the builder composed, reporting progress to {@code listener}:
         * {@code plan().run(listener)}. Validates the plan ({@link ErrorCode#PLAN_INVALID}), runs
         * its pre-flight checks ({@link ErrorCode#CHECK_FAILED}), then changes the site, undoing
         * everything when a step fails.
         *
         * @return the result; a failed step is a result ({@link RunStatus#ROLLED_BACK}), not an exception
         * @throws UpgradeException before any change, as {@link #plan()} and {@link UpgradePlan#run(UpgradeListener)} do
         */
        public UpgradeResult run(UpgradeListener listener) {
            Objects.requireNonNull(listener, "listener");
            return plan().run(listener);
        }

        /** {@code plan().rehearse()}: see {@link UpgradePlan#rehearse(RehearsalOptions, UpgradeListener)}. */
        public RehearsalReport rehearse() {
            return plan().rehearse();
        }

        /** {@code plan().rehearse(rehearsal)}: see {@link UpgradePlan#rehearse(RehearsalOptions, UpgradeListener)}. */
        public RehearsalReport rehearse(RehearsalOptions rehearsal) {
            return plan().rehearse(rehearsal);
        }

        /**
         * {@code plan().rehearse(rehearsal, listener)}: validates the plan, then rehearses it on a
         * copy of the site, which is only read; see {@link UpgradePlan#rehearse(RehearsalOptions, UpgradeListener)}.
         */
        public RehearsalReport rehearse(RehearsalOptions rehearsal, UpgradeListener listener) {
            Objects.requireNonNull(rehearsal, "rehearsal");
            Objects.requireNonNull(listener, "listener");
            return plan().rehearse(rehearsal, listener);
        }

        /** A frozen copy of what the builder holds now. */
        private Recipe recipe() {
            return new Recipe(List.copyOf(entries), List.copyOf(via), new LinkedHashSet<>(acceptedRisks), new LinkedHashMap<>(options),
                    new LinkedHashMap<>(declaredOptions), release, upgrader, swapOptions, dialect, settingsEditor);
        }
    }

    /**
     * What a builder held when {@link Builder#plan()} was called: enough to plan the same upgrade
     * again for another site (the rehearsal's copy). Never changed after it is made.
     */
    private record Recipe(List<Entry> entries, List<Release> via, Set<String> acceptedRisks, Map<String, String> options,
                          Map<String, PlanOption<?>> declaredOptions, Release release, SchemaUpgrader upgrader,
                          CodeSwapStep.Options swapOptions, @Nullable DatabaseDialect dialect,
                          @Nullable SettingsEditor settingsEditor) implements UpgradePlan.Replanning {
        private static final Pattern STEP_ID = Pattern.compile("[a-z0-9][a-z0-9._:-]*");

        UpgradePlan plan(Site site) {
            return plan(site, dialect);
        }

        @Override
        public @Nullable DatabaseDialect givenDialect() {
            return dialect;
        }

        @Override
        public UpgradePlan plan(Site site, @Nullable DatabaseDialect dialectOverride) {
            Plugins plugins = Plugins.installed();
            Optional<DatabaseDialect> selected = plugins.dialect(site, dialectOverride);
            List<Release> chain = chain(site);
            Map<PlanOption<?>, String> derived = new LinkedHashMap<>();
            if (release != null) {
                derived.put(CoreOptions.TARGET_VERSION, chain.get(0).version().toString());
                if (chain.size() > 1) {
                    derived.put(CoreOptions.FINAL_VERSION, release.version().toString());
                }
            }
            Procedure unchecked = new Procedure(site, release, PlanOptions.empty(),
                    new Procedure.Choices(upgrader, settingsEditor, selected), plugins);
            PlanOptions planOptions = PlanOptionValues.resolve(options,
                    PlanOptionValues.known(unchecked.declaredOptions(), declaredOptions.values()), derived);
            Procedure procedure = unchecked.withOptions(planOptions);
            Placed placed = new Placed();
            boolean hopsPlaced = false;
            for (int i = 0; i < entries.size(); ) {
                Entry e = entries.get(i);
                if (e.kind() == Kind.OTHER) {
                    placed.add(e, e.steps().apply(this, procedure));
                    i++;
                    continue;
                }
                int j = i;
                while (j < entries.size() && entries.get(j).kind() == Kind.HOP) {
                    j++;
                }
                List<Entry> block = entries.subList(i, j);
                if (chain.size() <= 1) {
                    block.forEach(b -> placed.add(b, b.steps().apply(this, procedure)));
                } else {
                    if (hopsPlaced) {
                        throw new UpgradeException(ErrorCode.PLAN_INVALID, "A plan with intermediate releases (via) needs swapCode(), "
                                + "updateSettings() and migrate() next to each other, as in standard().",
                                "Add the other steps before or after those three.", null);
                    }
                    Version before = procedure.installed();
                    for (int h = 0; h < chain.size(); h++) {
                        Release hopRelease = chain.get(h);
                        Procedure hop = h == 0 ? procedure.forHop(hopRelease, before) : procedure.forLaterHop(hopRelease, before);
                        for (Entry b : block) {
                            List<Step> hopSteps = new ArrayList<>();
                            for (Step s : b.steps().apply(this, hop)) {
                                hopSteps.add(h == 0 ? s : new HopStep(hopRelease.version(), s));
                            }
                            placed.add(b, hopSteps);
                        }
                        before = hopRelease.version();
                    }
                }
                hopsPlaced = true;
                i = j;
            }
            List<Step> steps = placed.steps;
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
            return new UpgradePlan(site, steps, planOptions, acceptedRisks, selected, plugins.explainDialect(site, dialectOverride),
                    placed.whileOnline, this);
        }

        /**
         * The releases the plan installs, in order: the intermediate ones, then the target.
         * Refuses a chain in which a release cannot upgrade what the previous one leaves.
         */
        private List<Release> chain(Site site) {
            boolean hops = entries.stream().anyMatch(e -> e.kind() == Kind.HOP);
            if (release == null) {
                if (!via.isEmpty()) {
                    throw new UpgradeException(ErrorCode.PLAN_INVALID, "Intermediate releases were given with via(), but no target release.",
                            "Call to(Release.tarball(path)) on the builder.", null);
                }
                return List.of();
            }
            if (!hops) {
                return List.of(release);
            }
            List<Release> chain = new ArrayList<>(via);
            chain.sort(java.util.Comparator.comparing(Release::version));
            chain.add(release);
            Optional<Version> installed = Release.readInstalledVersion(site.civicrmCodeDir());
            if (installed.isEmpty()) {
                return chain; // the code swap's check reports the unreadable code folder
            }
            Version at = installed.get();
            for (Release r : chain) {
                Version v = r.version();
                if (!via.isEmpty() && v.compareTo(at) <= 0) {
                    throw new UpgradeException(ErrorCode.PLAN_INVALID, "Release " + v + " in the chain " + describe(installed.get(), chain)
                            + " is not newer than " + at + ".", "Give each intermediate release once, each newer than the site's "
                            + installed.get() + " and older than the target " + release.version() + ".", null);
                }
                Optional<Release.MinimumUpgradable> min = r.minimumUpgradable();
                if (min.isPresent() && at.isBefore(min.get().version())) {
                    List<String> needed = UpgradePaths.hops(at, v, min.get().version());
                    throw new UpgradeException(ErrorCode.PLAN_INVALID, "CiviCRM " + v + " cannot upgrade a " + at + " site: its minimum "
                            + "upgradable version is " + min.get().version() + " (from " + min.get().source() + "). The site needs the intermediate "
                            + "release(s) " + String.join(", ", needed) + " before " + v + ".",
                            "Download the last civicrm-X.Y.Z-drupal.tar.gz of " + String.join(" and ", needed)
                                    + " and add them with via(Release.tarball(...)).", null);
                }
                at = v;
            }
            return chain;
        }

        private static String describe(Version installed, List<Release> chain) {
            StringBuilder sb = new StringBuilder(installed.toString());
            chain.forEach(r -> sb.append(" -> ").append(r.version()));
            return sb.toString();
        }
    }

    /** The steps placed so far, and those that change the site while it is online. */
    private static final class Placed {
        final List<Step> steps = new ArrayList<>();
        final List<String> whileOnline = new ArrayList<>();
        private boolean offline;

        void add(Entry entry, List<Step> resolved) {
            steps.addAll(resolved);
            if (resolved.isEmpty()) {
                return;
            }
            switch (entry.role()) {
                case OFFLINE -> offline = true;
                case ONLINE -> offline = false;
                case LIVE_CHANGE -> {
                    if (!offline) {
                        resolved.forEach(s -> whileOnline.add(s.id()));
                    }
                }
                default -> { }
            }
        }
    }

    private enum Kind { OTHER, HOP }

    /**
     * What an entry does to the site's availability: takes it offline ({@code offline()}), brings it
     * back ({@code online()}), or changes what visitors use (code swap, database upgrade).
     */
    private enum Role { OTHER, OFFLINE, ONLINE, LIVE_CHANGE }

    /** A builder entry: steps resolved at {@code plan()}; HOP entries are repeated per hop of a multi-hop plan. */
    private record Entry(Kind kind, Role role, BiFunction<Recipe, Procedure, List<Step>> steps) {
    }
}
