package org.civiupgrade.php.internal;

import java.util.Map;
import java.util.Optional;
import org.civiupgrade.php.PhpValue;

/**
 * What {@link Evaluator} may know besides literals when it evaluates an expression: constants,
 * global variables and argument-less function calls whose values are fixed for the run it models
 * (e.g. a web request). Everything a scope does not know is unknown, never a default.
 */
public interface Scope {
    /** Whether {@code defined(name)} is true, false or only known at run time. */
    Tri defined(String name);

    /** The value of a constant, when it is known. */
    Optional<PhpValue> value(String name);

    /** The value of a global variable (name without {@code $}), when it is fixed and known. */
    default Optional<PhpValue> variable(String name) {
        return Optional.empty();
    }

    /** The result of calling a function without arguments ({@code conf_path()}), when it is known. */
    default Optional<PhpValue> call(String function) {
        return Optional.empty();
    }

    /**
     * A scope knowing exactly these constants (by exact name) and argument-less calls (keyed by the
     * function name followed by {@code ()}); no other constant is defined.
     */
    static Scope of(Map<String, PhpValue> known) {
        Map<String, PhpValue> copy = Map.copyOf(known);
        return new Scope() {
            @Override
            public Tri defined(String name) {
                return Tri.of(copy.containsKey(name));
            }

            @Override
            public Optional<PhpValue> value(String name) {
                return name.endsWith("()") ? Optional.empty() : Optional.ofNullable(copy.get(name));
            }

            @Override
            public Optional<PhpValue> call(String function) {
                return Optional.ofNullable(copy.get(function + "()"));
            }
        };
    }
}
