package org.civiupgrade.settings;

import org.civiupgrade.php.PhpValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a settings file defines for one constant for a normal web request (no {@code CIVICRM_UF}
 * environment variable, {@code $GLOBALS['_CV']} unset, CIVICRM_UF not {@code UnitTests} unless the
 * file makes it so), as read without running PHP or, when a {@code php} binary was used, as PHP
 * evaluated it. {@link #toString()} never shows the value.
 *
 * @param name        the constant
 * @param status      whether and how it is known
 * @param value       the value when {@link Status#KNOWN}
 * @param definitions the defines that decide it: the effective one for KNOWN and COMPUTED, the
 *                    run-time dependent ones for DEPENDS_ON_RUN_TIME, commented or not-taken ones
 *                    (for the message) for MISSING
 * @param byPhp       true when PHP itself evaluated the file to get the value
 * @param note        a further sentence for the explanation (why even PHP's command line cannot
 *                    settle it, or statements the reader did not understand), empty when none;
 *                    names lines, never values
 */
public record ResolvedDefine(String name, Status status, Optional<PhpValue> value, List<Definition> definitions, boolean byPhp,
                             String note) {
    public ResolvedDefine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(note, "note");
        definitions = List.copyOf(definitions);
    }

    /** A resolution without a further note. */
    public ResolvedDefine(String name, Status status, Optional<PhpValue> value, List<Definition> definitions, boolean byPhp) {
        this(name, status, value, definitions, byPhp, "");
    }

    /** How a constant's value is known. */
    public enum Status {
        /** Defined for every web request with this value. */
        KNOWN,
        /** Defined for every web request, but by an expression only PHP can compute (a function call, a variable). */
        COMPUTED,
        /** Whether or how it is defined depends on run time (a condition that cannot be decided statically). */
        DEPENDS_ON_RUN_TIME,
        /** Not defined for a web request (absent, commented out, or only in a branch not taken). */
        MISSING
    }

    /** The 1-based line of the first deciding definition, or 0 when there is none. */
    public int line() {
        return definitions.isEmpty() ? 0 : definitions.get(0).span().line();
    }

    /** A sentence saying why the value is not known, naming lines but never values. */
    public String explanation() {
        String lines = definitions.isEmpty() ? "" : " (line" + (definitions.size() > 1 ? "s " : " ")
                + String.join(", ", definitions.stream().map(d -> Integer.toString(d.span().line())).toList()) + ")";
        String text = switch (status) {
            case KNOWN -> name + " is defined" + lines + ".";
            case COMPUTED -> name + " is defined by an expression only PHP can compute" + lines + ".";
            case DEPENDS_ON_RUN_TIME -> name + " is defined under a condition that depends on run time" + lines + ".";
            case MISSING -> definitions.isEmpty() ? name + " is not defined."
                    : name + " is not defined for a web request; it appears only commented out or in a branch not taken" + lines + ".";
        };
        return note.isEmpty() ? text : text + " " + note;
    }

    @Override
    public String toString() {
        return "ResolvedDefine[" + name + " " + status + (value.isPresent() ? " (value hidden)" : "") + ", line " + line()
                + (byPhp ? ", by PHP" : "") + "]";
    }
}
