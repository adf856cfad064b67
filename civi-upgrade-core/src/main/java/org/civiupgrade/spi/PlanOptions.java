package org.civiupgrade.spi;

import java.util.Map;
import java.util.Optional;
import org.civiupgrade.CoreOptions;
import org.civiupgrade.PlanOption;

/**
 * The options of a plan, as the text set with {@code Upgrade.Builder#option(String, String)} or
 * {@code Upgrade.Builder#option(PlanOption, Object)} (e.g. {@code php.binary}). Steps read them
 * typed with {@link #get(PlanOption)} or {@link #find(PlanOption)}. {@code Upgrade.Builder#plan()}
 * has already refused unknown keys and values that do not parse. Never secrets.
 *
 * @param values key to text, as set on the builder plus the keys the plan derives
 *               ({@link CoreOptions#TARGET_VERSION}, {@link CoreOptions#FINAL_VERSION})
 */
public record PlanOptions(Map<String, String> values) {
    /** The key of {@link CoreOptions#TARGET_VERSION}. */
    public static final String TARGET_VERSION = "target.version";
    /** The key of {@link CoreOptions#FINAL_VERSION}. */
    public static final String FINAL_VERSION = "target.finalVersion";
    /**
     * The user name the web server runs as (e.g. {@code www-data}); when set, the pre-flight check
     * includes whether it can write the site's folders ({@link org.civiupgrade.spi.cms.FilesFolderSupport}). Absent: not checked.
     */
    public static final String WEB_SERVER_USER = "cms.webServerUser";

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

    /**
     * The value of an option, parsed, or empty when it is not set (its default is not applied).
     *
     * @throws org.civiupgrade.UpgradeException {@code PLAN_INVALID} when the text does not parse
     */
    public <T> Optional<T> find(PlanOption<T> option) {
        return get(option.name()).map(option::parse);
    }

    /**
     * The value of an option, parsed, else its default.
     *
     * @throws org.civiupgrade.UpgradeException {@code PLAN_INVALID} when the text does not parse
     * @throws IllegalStateException when the option is not set and has no default (use {@link #find(PlanOption)})
     */
    public <T> T get(PlanOption<T> option) {
        return find(option).or(option::defaultValue).orElseThrow(() -> new IllegalStateException(
                "The plan option " + option.name() + " is not set and has no default; read it with find()."));
    }
}
