package org.civiupgrade;

import java.util.Objects;

/**
 * One pre-flight finding.
 *
 * @param id       stable identifier, e.g. {@code mysql.privileges}
 * @param severity how serious it is
 * @param message  what was found
 * @param remedy   what to do about it ({@code ""} when nothing is needed)
 */
public record CheckResult(String id, Severity severity, String message, String remedy) {
    public CheckResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        // a finding may quote a settings file, a program or the server: never a secret the process has read
        message = org.civiupgrade.internal.redact.Secrets.redact(Objects.requireNonNull(message, "message"));
        remedy = remedy == null ? "" : org.civiupgrade.internal.redact.Secrets.redact(remedy);
    }

    /**
     * A finding that needs no action.
     *
     * @param id      stable identifier, e.g. {@code mysql.version}
     * @param message what was found
     * @return an {@link Severity#INFO} result without a remedy
     */
    public static CheckResult info(String id, String message) {
        return new CheckResult(id, Severity.INFO, message, "");
    }

    /**
     * A finding that does not stop a run but deserves attention.
     *
     * @param id      stable identifier
     * @param message what was found
     * @param remedy  what to do about it
     * @return a {@link Severity#WARNING} result
     */
    public static CheckResult warning(String id, String message, String remedy) {
        return new CheckResult(id, Severity.WARNING, message, remedy);
    }

    /**
     * A finding that stops a run before it changes anything.
     *
     * @param id      stable identifier
     * @param message what was found
     * @param remedy  what to do about it
     * @return a {@link Severity#BLOCKER} result
     */
    public static CheckResult blocker(String id, String message, String remedy) {
        return new CheckResult(id, Severity.BLOCKER, message, remedy);
    }

    /**
     * Whether this result stops a run.
     *
     * @return true for {@link Severity#BLOCKER}
     */
    public boolean isBlocker() {
        return severity == Severity.BLOCKER;
    }
}
