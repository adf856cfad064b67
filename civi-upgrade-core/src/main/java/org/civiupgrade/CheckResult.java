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
        Objects.requireNonNull(message, "message");
        remedy = remedy == null ? "" : remedy;
    }

    public static CheckResult info(String id, String message) {
        return new CheckResult(id, Severity.INFO, message, "");
    }

    public static CheckResult warning(String id, String message, String remedy) {
        return new CheckResult(id, Severity.WARNING, message, remedy);
    }

    public static CheckResult blocker(String id, String message, String remedy) {
        return new CheckResult(id, Severity.BLOCKER, message, remedy);
    }

    public boolean isBlocker() {
        return severity == Severity.BLOCKER;
    }
}
