package org.civiupgrade.settings;

/**
 * A part of a settings file that the editor keeps byte for byte without understanding it.
 *
 * @param span    where it is
 * @param message what is wrong with it (never its text, which may hold secrets)
 */
public record SettingsProblem(SourceSpan span, String message) {
    @Override
    public String toString() {
        return "line " + span.line() + ": " + message;
    }
}
