package org.civiupgrade.spi;

import java.util.Map;
import java.util.Optional;

/**
 * String options set on a plan with {@code Upgrade.Builder#option(String, String)}, for steps
 * that take settings (e.g. {@code php.binary}). Never secrets.
 */
public record PlanOptions(Map<String, String> values) {
    /** The version being installed; set by the builder from the release given with {@code to(...)}. */
    public static final String TARGET_VERSION = "target.version";

    public PlanOptions {
        values = Map.copyOf(values);
    }

    public static PlanOptions empty() {
        return new PlanOptions(Map.of());
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(values.getOrDefault(key, "false"));
    }
}
