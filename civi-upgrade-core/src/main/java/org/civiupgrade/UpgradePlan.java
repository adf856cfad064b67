package org.civiupgrade;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.civiupgrade.event.UpgradeListener;
import org.civiupgrade.internal.engine.DefaultSiteResources;
import org.civiupgrade.internal.engine.RunEngine;
import org.civiupgrade.internal.rehearsal.Rehearser;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.spi.Step;

/**
 * An immutable, validated sequence of steps for one site, made by {@link Upgrade.Builder#plan()}.
 * Nothing has changed when you hold one. Its verbs: {@link #check()} and {@link #dryRun()} only
 * look; {@link #rehearse()} runs the same recipe on a copy of the site; {@link #run(UpgradeListener)}
 * changes the site and undoes everything if any step fails.
 */
public final class UpgradePlan {
    /** Id of the {@link #check()} warning about a code swap or database upgrade while the site is online. */
    public static final String ONLINE_CHANGE = "engine.online-change";
    /** Id of the {@link #check()} finding that names the database dialect chosen, and those passed over. */
    public static final String DIALECT_CHOICE = "engine.dialect";

    private final Site site;
    private final List<Step> steps;
    private final PlanOptions options;
    private final Set<String> acceptedRisks;
    private final List<String> whileOnline;
    private final Optional<DatabaseDialect> dialect;
    private final String dialectChoice;
    private final Replanning recipe;

    /**
     * @param whileOnline the ids of the steps that swap code or upgrade the database with no offline step before them
     * @param dialect     the database dialect of the run (given or selected), empty when none is installed
     * @param dialectChoice why that dialect, for the check's report
     * @param recipe      plans the same upgrade for another site (the rehearsal's copy)
     */
    UpgradePlan(Site site, List<Step> steps, PlanOptions options, Set<String> acceptedRisks, Optional<DatabaseDialect> dialect,
                String dialectChoice, List<String> whileOnline, Replanning recipe) {
        this.dialect = dialect;
        this.dialectChoice = dialectChoice;
        this.site = site;
        this.steps = List.copyOf(steps);
        this.options = options;
        this.acceptedRisks = Set.copyOf(acceptedRisks);
        this.whileOnline = List.copyOf(whileOnline);
        this.recipe = Objects.requireNonNull(recipe, "recipe");
    }

    /** The site. */
    public Site site() {
        return site;
    }

    /** The steps, in order. */
    public List<Step> steps() {
        return steps;
    }

    /** The step ids, in order. */
    public List<String> stepIds() {
        return steps.stream().map(Step::id).toList();
    }

    /** Options set on the plan. */
    public PlanOptions options() {
        return options;
    }

    /** Risks the caller accepted. */
    public Set<String> acceptedRisks() {
        return acceptedRisks;
    }

    /**
     * Runs every step's pre-flight checks and reports all findings at once. Never throws for a
     * failed check (a check that crashes is reported as a blocker). Besides the steps' own, it
     * reports: a work directory inside the web root or a files folder (a blocker: backups must not
     * be downloadable), a previous run that must be recovered, signs of an upgrade no journal accounts for,
     * and a warning {@value #ONLINE_CHANGE} when the plan swaps the code or upgrades the database
     * without {@link Upgrade.Builder#offline()} (or another offline step of the procedure) before.
     *
     * @throws UpgradeException before any check, when a database of the site cannot be logged into:
     *                          {@link ErrorCode#DATABASE_ACCESS_DENIED} (the server refused the login
     *                          or the database) or {@link ErrorCode#DATABASE_UNREACHABLE} (no server
     *                          answered), naming the database, the server's message and the settings to fix
     */
    public CheckReport check() {
        try (DefaultSiteResources probe = new DefaultSiteResources(site, dialect)) {
            probe.requireReachable();
        }
        List<CheckResult> results = new ArrayList<>();
        results.add(CheckResult.info(DIALECT_CHOICE, "Database dialect: " + dialectChoice + "."));
        if (!whileOnline.isEmpty()) {
            results.add(CheckResult.warning(ONLINE_CHANGE, "Step(s) " + String.join(", ", whileOnline) + " change the site while it "
                    + "is online: the plan does not take it offline before them, so visitors and cron jobs may run on half-swapped "
                    + "code or a half-upgraded database, and their writes may be lost in a rollback.",
                    "Add offline() before them and online() after them, as standard() does; ignore this warning only for a "
                            + "site nobody uses during the upgrade (a staging copy)."));
        }
        results.addAll(org.civiupgrade.internal.engine.WorkDirLocation.check(site));
        if (Upgrade.needsRecovery(site)) {
            results.add(CheckResult.blocker("engine.unfinished-run", "A previous run on this site did not finish its rollback.",
                    ErrorCode.UNFINISHED_RUN.remedy()));
        } else {
            List<String> blocking = Upgrade.unaccountedBeforeRun(site);
            for (String found : blocking) {
                results.add(CheckResult.blocker("engine.unaccounted-upgrade", "The site shows an upgrade that did not finish, "
                        + "and no journal in the work directory " + site.workDir() + " accounts for it: " + found + ".",
                        ErrorCode.JOURNAL_INCOMPLETE.remedy()));
            }
            for (String found : Upgrade.unaccountedChanges(site)) {
                if (!blocking.contains(found)) {
                    results.add(CheckResult.warning("engine.code-ahead-of-database", "The site may show an upgrade that did not "
                            + "finish: " + found + ". If a civi-upgrade run left it, use that run's --work-dir and recover.",
                            "Recover with the work directory of the run that left it, or run only the database upgrade "
                                    + "(migrate) if the code was swapped on purpose."));
                }
            }
        }
        try (DefaultSiteResources resources = new DefaultSiteResources(site, dialect)) {
            PlanContext ctx = context(resources);
            for (Step s : steps) {
                try {
                    results.addAll(s.check(ctx));
                } catch (RuntimeException e) {
                    results.add(CheckResult.blocker(s.id() + ".check", "The checks of step '" + s.id() + "' failed: "
                            + (e instanceof UpgradeException u ? u.getMessage() : e.toString()),
                            e instanceof UpgradeException u ? u.remedy() : ErrorCode.INTERNAL.remedy()));
                }
            }
        }
        return new CheckReport(results);
    }

    /** Every action and every compensation the run would make, plus the checks; changes nothing. */
    public DryRun dryRun() {
        CheckReport checks = check();
        List<PlannedAction> actions = new ArrayList<>();
        try (DefaultSiteResources resources = new DefaultSiteResources(site, dialect)) {
            PlanContext ctx = context(resources);
            for (Step s : steps) {
                actions.addAll(s.preview(ctx));
            }
        }
        return new DryRun(actions, checks);
    }

    /**
     * Rehearses the plan on a copy of the site ({@link #rehearse(RehearsalOptions, UpgradeListener)}
     * with the defaults and no listener).
     */
    public RehearsalReport rehearse() {
        return rehearse(RehearsalOptions.defaults(), UpgradeListener.NONE);
    }

    /** {@link #rehearse(RehearsalOptions, UpgradeListener)} without a listener. */
    public RehearsalReport rehearse(RehearsalOptions rehearsal) {
        return rehearse(rehearsal, UpgradeListener.NONE);
    }

    /**
     * Rehearses the plan on a copy of the site, as the upgrade documentation advises, leaving the
     * site itself untouched (it is only read). The plan keeps the recipe it was made from (what the
     * builder held at {@link Upgrade.Builder#plan()}), because its steps are bound to this site;
     * the rehearsal plans the same recipe afresh for the copy. The rehearsal:
     * <ol>
     * <li>clones the site's database into a scratch database on the same server with the
     * database dialect's backup and full restore into another schema: every table of the
     * schema (CiviCRM's and the CMS's, with the CMS table prefix: Drupal's {@code variable},
     * {@code system}, caches...), views, triggers and routines; a separate CMS database gets its
     * own scratch database; a separate logging database is not cloned, the copy logs into its
     * scratch database;</li>
     * <li>copies the site's folder, the CiviCRM code and the settings file into a temporary,
     * owner-only folder, resolving links, and points the copy's {@code civicrm.settings.php}
     * (DSNs, {@code $civicrm_root}, compile folder) at the copy, and the copy's CMS settings at the
     * scratch database through the site's CMS adapter ({@link org.civiupgrade.spi.CmsAdapter#retargetCopy});</li>
     * <li>plans the recipe for a {@link Site} pointing at the copy (with its own work directory)
     * and runs it, failures rolling the copy back as they would the site;</li>
     * <li>drops the scratch database(s) and deletes the copy, unless
     * {@link RehearsalOptions#keepCopy()}.</li>
     * </ol>
     *
     * @return the copy's result, what was cloned, and the time of each part
     * @throws UpgradeException before the run when the copy cannot be made or planned (the partial
     *                          copy is removed); {@link ErrorCode#PLAN_INVALID}, before anything is
     *                          copied, when the site has no CMS adapter that can point a copy at another
     *                          database ({@link org.civiupgrade.spi.CmsAdapter#retargetsCopies()}); or
     *                          {@link ErrorCode#CHECK_FAILED} when the copy's pre-flight checks fail
     */
    public RehearsalReport rehearse(RehearsalOptions rehearsal, UpgradeListener listener) {
        Objects.requireNonNull(rehearsal, "rehearsal");
        Objects.requireNonNull(listener, "listener");
        Rehearser.retargeting(site); // refuses, before anything else, a site whose copy would keep production's CMS database
        DatabaseDialect given = recipe.givenDialect();
        if (given != null && rehearsal.dialect().isPresent() && rehearsal.dialect().get() != given) {
            throw new UpgradeException(ErrorCode.PLAN_INVALID, "Two database dialects were given: "
                    + given.getClass().getName() + " on the builder and " + rehearsal.dialect().get().getClass().getName()
                    + " in the rehearsal options.", "Give the dialect once, with Upgrade.Builder.dialect(...).", null);
        }
        UpgradePlan plan = given == null && rehearsal.dialect().isPresent() ? recipe.plan(site, rehearsal.dialect().get()) : this;
        DatabaseDialect runDialect = plan.dialect.orElseThrow(() -> new UpgradeException(ErrorCode.PLAN_INVALID,
                "A rehearsal needs a database dialect to clone the database, and none is installed or applies to the site.",
                "Put a database module such as civi-upgrade-mysql on the class path, or give one with Upgrade.Builder.dialect(...).",
                null));
        return new Rehearser(site, rehearsal, runDialect, copy -> recipe.plan(copy, runDialect)).rehearse(listener);
    }

    /**
     * The database dialect of this plan's checks, run, lock and rollback: the one given with
     * {@link Upgrade.Builder#dialect}, else the installed one with the highest priority for the
     * site; empty when none is installed.
     */
    public Optional<DatabaseDialect> dialect() {
        return dialect;
    }

    /** Plans the same recipe again, for another site (a rehearsal's copy) or with another dialect. */
    interface Replanning {
        /** The plan of the same recipe for {@code site}, with {@code dialect} when not null, else the recipe's choice. */
        UpgradePlan plan(Site site, @org.jspecify.annotations.Nullable DatabaseDialect dialect);

        /** The dialect given to the builder, if any. */
        @org.jspecify.annotations.Nullable DatabaseDialect givenDialect();
    }

    /** {@link #run(UpgradeListener)} without a listener. */
    public UpgradeResult run() {
        return run(UpgradeListener.NONE);
    }

    /**
     * Checks, then runs the plan. Failures of steps do not throw: the result says
     * {@link RunStatus#ROLLED_BACK} or {@link RunStatus#ROLLBACK_INCOMPLETE} with the cause.
     *
     * @throws UpgradeException before any change: {@link ErrorCode#CHECK_FAILED},
     *                          {@link ErrorCode#SITE_LOCKED}, {@link ErrorCode#UNFINISHED_RUN}
     */
    public UpgradeResult run(UpgradeListener listener) {
        Objects.requireNonNull(listener, "listener");
        check().orThrow();
        return new RunEngine(site, listener, dialect).run(steps, options);
    }

    private PlanContext context(SiteResources resources) {
        Path runDir = RunEngine.runsDir(site).resolve("(next run)");
        return new PlanContext() {
            @Override
            public Site site() {
                return site;
            }

            @Override
            public SiteResources resources() {
                return resources;
            }

            @Override
            public PlanOptions options() {
                return options;
            }

            @Override
            public Path runDir() {
                return runDir;
            }
        };
    }

    @Override
    public String toString() {
        return "UpgradePlan" + stepIds() + " for " + site;
    }
}
