package org.civiupgrade.settings.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.php.internal.Scope;
import org.civiupgrade.php.internal.Tri;

/**
 * The constants a settings file has defined so far, as far as they can be known without running
 * PHP: defined with a known value, defined with a value only PHP can compute, or possibly defined
 * (by a branch whose condition depends on run time, or by a statement the reader cannot see into,
 * such as an include or a call of an unknown function: after one, every name not yet defined is
 * possibly defined). Request assumptions for a Drupal 7 web request: {@code DRUPAL_ROOT} is
 * defined (Drupal's index.php defines it before anything loads CiviCRM; its value is the site
 * root when the caller knows it), Drupal core's other bootstrap constants ({@code VERSION},
 * {@code DRUPAL_*}, {@code REQUEST_TIME}, {@code WATCHDOG_*}, {@code LANGUAGE_*}, {@code MENU_*})
 * are defined with values left to run time, and no other constant, {@code CIVICRM_*} in particular,
 * exists before the file runs.
 */
public final class ConstantTable implements Scope {
    private final Map<String, PhpValue> known = new HashMap<>();
    private final Set<String> definedUnknown = new HashSet<>();
    private final Set<String> maybe = new HashSet<>();
    /** Global variables holding a value fixed for every request (assigned once, from a known value). */
    private final Map<String, PhpValue> variables = new HashMap<>();
    /** True after a statement that may define any constant (include, eval, unknown call). */
    private boolean opaque;

    ConstantTable(Map<String, PhpValue> initial) {
        known.putAll(initial);
    }

    /** A table holding exactly these known constants. */
    public static ConstantTable of(Map<String, PhpValue> constants) {
        return new ConstantTable(constants);
    }

    /** Whether {@code defined(name)} is true, false or only known at run time. */
    @Override
    public Tri defined(String name) {
        if (known.containsKey(name) || definedUnknown.contains(name)) {
            return Tri.TRUE;
        }
        if (drupalCore(name)) {
            return Tri.TRUE;
        }
        return maybe.contains(name) || opaque ? Tri.UNKNOWN : Tri.FALSE;
    }

    /** Drupal 7 core constants defined before CiviCRM's settings load (values left to run time). */
    static boolean drupalCore(String name) {
        return name.equals("VERSION") || name.equals("REQUEST_TIME") || name.startsWith("DRUPAL_")
                || name.startsWith("WATCHDOG_") || name.startsWith("LANGUAGE_") || name.startsWith("MENU_");
    }

    /**
     * Records a statement the reader cannot see into: from here on every constant not yet defined
     * may be defined (with a value only PHP knows).
     */
    void opaqueStatement() {
        opaque = true;
        variables.clear(); // unknown code may change any global too
    }

    /** The value of a variable known for every request, if any. */
    @Override
    public Optional<PhpValue> variable(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    void knownVariable(String name, PhpValue value) {
        variables.put(name, value);
    }

    void unknownVariable(String name) {
        variables.remove(name);
    }

    /** True once a statement that may define any constant was passed. */
    boolean opaque() {
        return opaque;
    }

    /** The value of a constant that is certainly defined with a known value. */
    @Override
    public Optional<PhpValue> value(String name) {
        return Optional.ofNullable(known.get(name));
    }

    /** Records an executed {@code define}: a known value, or empty when only PHP can compute it. */
    void define(String name, Optional<PhpValue> value) {
        maybe.remove(name);
        if (value.isPresent()) {
            known.put(name, value.get());
        } else {
            definedUnknown.add(name);
        }
    }

    /** Records that a constant is defined from here on, with a value only known at run time. */
    void definedWithUnknownValue(String name) {
        known.remove(name);
        maybe.remove(name);
        definedUnknown.add(name);
    }

    /** Records a {@code define} that may or may not run. */
    void maybeDefine(String name) {
        if (defined(name) != Tri.TRUE) {
            maybe.add(name);
        }
    }

    Map<String, PhpValue> known() {
        return known;
    }
}
