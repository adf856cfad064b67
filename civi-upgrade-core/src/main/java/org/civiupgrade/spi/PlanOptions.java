package org.civiupgrade.spi;

import java.util.Map;
import java.util.Optional;

/**
 * String options set on a plan with {@code Upgrade.Builder#option(String, String)}, for steps
 * that take settings (e.g. {@code php.binary}). Never secrets.
 */
public record PlanOptions(Map<String, String> values) {
    /**
     * The version being installed; set by the builder from the release given with {@code to(...)}.
     * In a multi-hop plan ({@code via(...)}) it is the first hop's release, the one the database
     * is upgraded to first, and {@link #FINAL_VERSION} is the release given with {@code to(...)}.
     */
    public static final String TARGET_VERSION = "target.version";
    /** In a multi-hop plan, the last release installed (the one given with {@code to(...)}); absent otherwise. */
    public static final String FINAL_VERSION = "target.finalVersion";

    public PlanOptions {
        values = Map.copyOf(values);
    }

    /**
     * No options.
     *
     * @return options without any key
     */
    public static PlanOptions empty() {
        return new PlanOptions(Map.of());
    }

    /**
     * One option's value.
     *
     * @param key the option name, e.g. {@code php.binary}
     * @return the value, or empty when the option is not set
     */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * A yes/no option.
     *
     * @param key the option name
     * @return true only when the value is {@code true} (any case); false when unset or anything else
     */
    public boolean flag(String key) {
        return Boolean.parseBoolean(values.getOrDefault(key, "false"));
    }
}
