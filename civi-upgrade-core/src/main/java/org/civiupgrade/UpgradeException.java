package org.civiupgrade;

import java.util.Objects;

/**
 * The one exception civi-upgrade throws. It carries a stable {@link ErrorCode} and a
 * remedy text meant for the person running the upgrade. Messages never contain secrets.
 * Failures of compensations that ran after this error are attached as suppressed exceptions.
 */
public class UpgradeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String remedy;

    public UpgradeException(ErrorCode code, String message) {
        this(code, message, code.remedy(), null);
    }

    public UpgradeException(ErrorCode code, String message, Throwable cause) {
        this(code, message, code.remedy(), cause);
    }

    public UpgradeException(ErrorCode code, String message, String remedy, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.remedy = remedy == null ? code.remedy() : remedy;
    }

    /** The stable error code. */
    public ErrorCode code() {
        return code;
    }

    /** What the user should do about it. */
    public String remedy() {
        return remedy;
    }

    @Override
    public String toString() {
        return "UpgradeException[" + code + "]: " + getMessage() + " Remedy: " + remedy;
    }
}
