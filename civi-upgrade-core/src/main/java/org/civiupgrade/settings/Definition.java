package org.civiupgrade.settings;

import org.civiupgrade.php.PhpValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One definition found in a settings file: a {@code define()}, an assignment to
 * {@code $civicrm_root}, or an entry of {@code $civicrm_setting} / {@code $civicrm_paths}, active
 * or sitting in a comment. {@link #toString()} never shows secrets.
 *
 * @param kind        what is defined
 * @param name        constant or variable name ({@code CIVICRM_DSN}, {@code civicrm_root},
 *                    {@code civicrm_setting})
 * @param keys        array keys of an entry ({@code [URL Preferences, customCSSURL]}), else empty
 * @param value       the evaluated PHP value, empty when it cannot be known without running PHP
 * @param valueSource the value's PHP spelling as written
 * @param span        the whole statement (for a wrapped define, the {@code if} around it; for a
 *                    commented one, the comment)
 * @param valueSpan   the value expression's bytes (inside the comment for a commented one)
 * @param state       whether PHP would execute it and whether it takes effect
 * @param wrapped     true for {@code if (!defined('X')) { define('X', ...); }}
 */
public record Definition(Kind kind, String name, List<String> keys, Optional<PhpValue> value, String valueSource,
                         SourceSpan span, SourceSpan valueSpan, State state, boolean wrapped) {
    public Definition {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        keys = List.copyOf(keys);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(valueSource, "valueSource");
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(valueSpan, "valueSpan");
        Objects.requireNonNull(state, "state");
    }

    /** What a definition defines. */
    public enum Kind {
        /** {@code define('NAME', value)}. */
        DEFINE,
        /** {@code $civicrm_root = value}. */
        ROOT,
        /** {@code $civicrm_setting['Group']['name'] = value}. */
        SETTING,
        /** {@code $civicrm_paths['civicrm.files']['path'] = value}. */
        PATH
    }

    /** Whether a definition takes effect. */
    public enum State {
        /** Executed unconditionally and in effect. */
        ACTIVE,
        /** Executed, but without effect: a later assignment, or an earlier define of the same constant, wins. */
        SHADOWED,
        /**
         * Depends on run time: inside an {@code if} or another block whose condition cannot be
         * decided without running PHP, or a define that takes effect only when an earlier
         * conditional one did not run.
         */
        CONDITIONAL,
        /**
         * In a branch PHP does not take for a web request (e.g. the {@code CIVICRM_UF === 'UnitTests'}
         * branch of the installer's files, or after the file always stops).
         */
        NOT_TAKEN,
        /** Inside a comment. */
        COMMENTED
    }

    /** The value as PHP's {@code (string)} cast gives it, when known. */
    public Optional<String> stringValue() {
        return value.map(PhpValue::asPhpString);
    }

    /** The key of an entry as {@code Group.name}, or the name. */
    public String displayName() {
        return switch (kind) {
            case DEFINE -> name;
            case ROOT -> "$" + name;
            default -> "$" + name + "['" + String.join("']['", keys) + "']";
        };
    }

    @Override
    public String toString() {
        String shown = value.map(v -> v instanceof PhpValue.Str s ? Dsn.printable(displayName(), s.text())
                        : v instanceof PhpValue.Array a ? "array(" + a.entries().size() + " entries)" : v.literal())
                .orElse(Dsn.isSecretName(displayName()) ? "******" : valueSource);
        return displayName() + " = " + shown + " (" + state.name().toLowerCase(java.util.Locale.ROOT)
                + (wrapped ? ", wrapped" : "") + ", line " + span.line() + ")";
    }
}
