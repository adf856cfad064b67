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
import org.civiupgrade.event.UpgradeListener;
import org.civiupgrade.internal.engine.RunEngine;
import org.civiupgrade.spi.PlanOptions;
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

    /** Builds a plan. Not thread-safe; {@link #plan()} gives the immutable result. */
    public static final class Builder {
        private static final Pattern STEP_ID = Pattern.compile("[a-z0-9][a-z0-9._:-]*");
        private final Site site;
        private final List<Step> steps = new ArrayList<>();
        private final Set<String> acceptedRisks = new LinkedHashSet<>();
        private final Map<String, String> options = new LinkedHashMap<>();

        private Builder(Site site) {
            this.site = Objects.requireNonNull(site, "site");
        }

        /** Appends a step. */
        public Builder step(Step step) {
            steps.add(Objects.requireNonNull(step, "step"));
            return this;
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
