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
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.spi.Step;

/**
 * An immutable, validated sequence of steps for one site. Nothing has changed when you hold
 * one: {@link #check()} and {@link #dryRun()} only look; {@link #run(UpgradeListener)} changes
 * the site and undoes everything if any step fails.
 */
public final class UpgradePlan {
    private final Site site;
    private final List<Step> steps;
    private final PlanOptions options;
    private final Set<String> acceptedRisks;
    private final Optional<DatabaseDialect> dialect;

    UpgradePlan(Site site, List<Step> steps, PlanOptions options, Set<String> acceptedRisks, Optional<DatabaseDialect> dialect) {
        this.dialect = dialect;
        this.site = site;
        this.steps = List.copyOf(steps);
        this.options = options;
        this.acceptedRisks = Set.copyOf(acceptedRisks);
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
     * The database dialect of this plan's checks, run, lock and rollback: the one given with
     * {@link Upgrade.Builder#dialect}, else the installed one with the highest priority for the
     * site; empty when none is installed.
     */
    public Optional<DatabaseDialect> dialect() {
        return dialect;
    }

    /**
     * Runs every step's pre-flight checks and reports all findings at once. Never throws for a
     * failed check (a check that crashes is reported as a blocker).
     */
    public CheckReport check() {
        List<CheckResult> results = new ArrayList<>();
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
