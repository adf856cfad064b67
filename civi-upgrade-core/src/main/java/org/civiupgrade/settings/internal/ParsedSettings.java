package org.civiupgrade.settings.internal;

import java.util.List;
import org.civiupgrade.php.internal.Token;
import org.civiupgrade.settings.Definition;

/**
 * What the parser found in a settings file.
 *
 * @param tokens      every token, covering the file
 * @param definitions every definition, active, conditional, shadowed or commented, in file order
 * @param statements  the top-level statements in file order
 * @param problems    spans kept verbatim that the parser does not understand, with a line each
 * @param perRequest  constants whose definition differs per request or SAPI (read from
 *                    {@code $_SERVER}, {@code PHP_SAPI}, ...), with the reason naming the line:
 *                    PHP's command line cannot settle them either
 * @param opaque      the first statement that may define any constant (an include, an unknown
 *                    call), as "line N ...", or empty when the file has none
 */
public record ParsedSettings(List<Token> tokens, List<Definition> definitions, List<Statement> statements,
                             List<Problem> problems, java.util.Map<String, String> perRequest,
                             String opaque) {
    public ParsedSettings {
        perRequest = java.util.Map.copyOf(perRequest);
    }

    /** A top-level statement. */
    public record Statement(Type type, int start, int end, int line, List<String> globals, String text) {
    }

    /** Statement types the editor cares about. */
    public enum Type { DEFINE, WRAPPED_DEFINE, ASSIGNMENT, GLOBAL, REQUIRE, CLASS_LOADER_REGISTER, CALL, BLOCK, OTHER }

    /** A span the parser kept without understanding it. */
    public record Problem(int start, int end, int line, String message) {
    }
}
