package org.civiupgrade;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The definition of one plan option: its key, the type of its value, how the value is written as
 * text (for {@link Upgrade.Builder#option(String, String)} and the command line's
 * {@code --option key=value}), its default and what it does. Set one with
 * {@link Upgrade.Builder#option(PlanOption, Object)}; steps read it with
 * {@link org.civiupgrade.spi.PlanOptions#get(PlanOption)}.
 *
 * <p>The keys of the core are in {@link CoreOptions}; each module keeps its own in a public holder
 * (e.g. the MySQL module's {@code MySqlOptions}) and declares them through
 * {@link org.civiupgrade.spi.ProcedureContributor#options()}, so that {@link Upgrade.Builder#plan()}
 * knows every key and refuses a key no installed module declares, or a value that does not parse,
 * with {@link ErrorCode#PLAN_INVALID}.
 *
 * <p>Plan options never hold secrets: values are shown in plans, journals and error messages.
 *
 * @param <T> the type of the value
 */
public final class PlanOption<T> {
    private final String name;
    private final Class<T> type;
    private final Function<String, T> parser;
    private final Function<T, String> renderer;
    private final T defaultValue;
    private final String form;
    private final String doc;
    private final boolean derived;

    private PlanOption(String name, Class<T> type, Function<String, T> parser, Function<T, String> renderer, T defaultValue,
                       String form, String doc, boolean derived) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.defaultValue = defaultValue;
        this.form = Objects.requireNonNull(form, "form");
        this.doc = Objects.requireNonNull(doc, "doc");
        this.derived = derived;
        if (!name.matches("[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)+")) {
            throw new IllegalArgumentException("Option key '" + name + "' is not of the form module.camelCase (e.g. php.binary).");
        }
    }

    /**
     * A general option.
     *
     * @param name         the key, dotted lower camel case, e.g. {@code migrate.timeoutMinutes}
     * @param type         the value's type
     * @param parser       text to value; throws {@link IllegalArgumentException} (with or without a message) for bad text
     * @param renderer     value to the text the parser reads back
     * @param defaultValue the value when the option is not set, or null for none
     * @param form         the expected text, for error messages and help, e.g. {@code "true or false"}
     * @param doc          one line saying what the option does
     */
    public static <T> PlanOption<T> of(String name, Class<T> type, Function<String, T> parser, Function<T, String> renderer,
                                       T defaultValue, String form, String doc) {
        return new PlanOption<>(name, type, parser, renderer, defaultValue, form, doc, false);
    }

    /** A {@code true}/{@code false} option (case-insensitive). */
    public static PlanOption<Boolean> flag(String name, boolean defaultValue, String doc) {
        return of(name, Boolean.class, PlanOption::parseBoolean, String::valueOf, defaultValue, "true or false", doc);
    }

    /** A whole number from {@code min} up (decimal digits). */
    public static PlanOption<Integer> integer(String name, int min, Integer defaultValue, String doc) {
        return of(name, Integer.class, s -> {
            int v = Integer.parseInt(s.trim());
            if (v < min) {
                throw new IllegalArgumentException();
            }
            return v;
        }, String::valueOf, defaultValue, "a whole number from " + min, doc);
    }

    /** Free text (not blank), without a default. */
    public static PlanOption<String> text(String name, String form, String doc) {
        return of(name, String.class, s -> {
            if (s.isBlank()) {
                throw new IllegalArgumentException();
            }
            return s;
        }, Function.identity(), null, form, doc);
    }

    /** A file system path, without a default. */
    public static PlanOption<Path> path(String name, String doc) {
        return of(name, Path.class, s -> {
            if (s.isBlank()) {
                throw new IllegalArgumentException();
            }
            try {
                return Path.of(s);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }, Path::toString, null, "a path", doc);
    }

    /** One of an enum's constants, written in lower case (read case-insensitively). */
    public static <E extends Enum<E>> PlanOption<E> choice(String name, Class<E> type, E defaultValue, String doc) {
        String form = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" or "));
        return of(name, type, s -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(s.trim())) {
                    return e;
                }
            }
            throw new IllegalArgumentException();
        }, e -> e.name().toLowerCase(Locale.ROOT), defaultValue, form, doc);
    }

    /** A CiviCRM version, without a default. */
    public static PlanOption<Version> version(String name, String doc) {
        return of(name, Version.class, s -> Version.tryParse(s).orElseThrow(IllegalArgumentException::new), Version::toString,
                null, "a CiviCRM version such as 5.45.0", doc);
    }

    /**
     * This option, marked as derived: {@link Upgrade.Builder#plan()} sets it itself (e.g. from the
     * release given with {@code to(...)}), and refuses a different value set by the caller.
     */
    public PlanOption<T> derived() {
        return new PlanOption<>(name, type, parser, renderer, defaultValue, form, doc, true);
    }

    /** The key, e.g. {@code php.binary}. */
    public String name() {
        return name;
    }

    /** The value's type. */
    public Class<T> type() {
        return type;
    }

    /** The value when the option is not set, or empty when it has none. */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The expected text, e.g. {@code "true or false"}. */
    public String form() {
        return form;
    }

    /** One line saying what the option does. */
    public String doc() {
        return doc;
    }

    /** Whether {@link Upgrade.Builder#plan()} sets this option itself (see {@link #derived()}). */
    public boolean isDerived() {
        return derived;
    }

    /**
     * Reads a value from text.
     *
     * @throws UpgradeException {@link ErrorCode#PLAN_INVALID} naming the key, the text and the expected form
     */
    public T parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return Objects.requireNonNull(parser.apply(text));
        } catch (RuntimeException e) {
            String why = e instanceof IllegalArgumentException && e.getMessage() != null && !(e instanceof NumberFormatException)
                    ? " (" + e.getMessage() + ")" : "";
            throw new UpgradeException(ErrorCode.PLAN_INVALID, "The plan option " + name + " is '" + text + "', which is not "
                    + form + why + ".", "Set " + name + " to " + form + ": " + doc, null);
        }
    }

    /** Writes a value as the text {@link #parse(String)} reads back. */
    public String render(T value) {
        return renderer.apply(type.cast(Objects.requireNonNull(value, "value")));
    }

    /** One line for help texts: key, form, default and doc. */
    public String describe() {
        return name + "=<" + form + ">" + defaultValue().map(d -> " (default " + render(d) + ")").orElse("")
                + (derived ? " (set by the plan)" : "") + ": " + doc;
    }

    private static Boolean parseBoolean(String s) {
        String v = s.trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException();
    }

    /** Options are equal when their keys are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PlanOption<?> p && p.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
