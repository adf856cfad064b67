package org.civiupgrade.internal.engine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.civiupgrade.CoreOptions;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.PlanOption;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.PlanOptions;

/**
 * Checks the options set on a builder against the options the core, the installed modules and
 * the caller declare, and adds the options the plan derives. The builder's own map is never
 * changed: the result is a new {@link PlanOptions}.
 */
public final class PlanOptionValues {
    private PlanOptionValues() {
    }

    /** Every option known: the core's, then the modules', then the caller's own (first definition of a key wins). */
    public static Map<String, PlanOption<?>> known(Collection<? extends PlanOption<?>> modules, Collection<? extends PlanOption<?>> caller) {
        Map<String, PlanOption<?>> known = new LinkedHashMap<>();
        CoreOptions.ALL.forEach(o -> known.putIfAbsent(o.name(), o));
        modules.forEach(o -> known.putIfAbsent(o.name(), o));
        caller.forEach(o -> known.putIfAbsent(o.name(), o));
        return known;
    }

    /**
     * The plan's options: {@code set} checked, plus {@code derived}.
     *
     * @throws UpgradeException {@link ErrorCode#PLAN_INVALID} for a key no one declares (its value is
     *                          not shown: it might be a secret given by mistake), a value that does not
     *                          parse, or a derived option set to another value than the plan's
     */
    public static PlanOptions resolve(Map<String, String> set, Map<String, PlanOption<?>> known, Map<PlanOption<?>, String> derived) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : set.entrySet()) {
            PlanOption<?> option = known.get(e.getKey());
            if (option == null) {
                throw new UpgradeException(ErrorCode.PLAN_INVALID, "The plan option '" + e.getKey() + "' is not known to the core or "
                        + "any installed module.", "Use one of: " + list(known) + ". A module's options are known when the module "
                        + "is on the class path; a step of your own declares its options by setting them with option(PlanOption, value).",
                        null);
            }
            option.parse(e.getValue());
            values.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<PlanOption<?>, String> d : derived.entrySet()) {
            PlanOption<?> option = d.getKey();
            String given = values.get(option.name());
            if (given != null && !option.parse(given).equals(option.parse(d.getValue()))) {
                throw new UpgradeException(ErrorCode.PLAN_INVALID, "The plan option " + option.name() + " is '" + given
                        + "', but the plan sets it to " + d.getValue() + " from the release given with to(...).",
                        "Leave " + option.name() + " unset when the plan has a release; it is set from the release.", null);
            }
            values.put(option.name(), d.getValue());
        }
        return new PlanOptions(values);
    }

    private static String list(Map<String, PlanOption<?>> known) {
        return known.values().stream().map(o -> o.name() + " (" + o.form() + ")").collect(Collectors.joining(", "));
    }
}
