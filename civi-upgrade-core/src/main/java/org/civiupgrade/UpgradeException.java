package org.civiupgrade;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one exception civi-upgrade throws. It carries a stable {@link ErrorCode} and a
 * remedy text meant for the person running the upgrade. Messages never contain secrets.
 * Failures of compensations that ran after this error are attached as suppressed exceptions.
 */
public class UpgradeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String remedy;

    /**
     * A failure with the code's standard remedy.
     *
     * @param code    the stable error code
     * @param message what went wrong, naming the object concerned (never a secret)
     */
    public UpgradeException(ErrorCode code, String message) {
        this(code, message, code.remedy(), null);
    }

    /**
     * A failure caused by another exception, with the code's standard remedy.
     *
     * @param code    the stable error code
     * @param message what went wrong, naming the object concerned (never a secret)
     * @param cause   the underlying exception, or null
     */
    public UpgradeException(ErrorCode code, String message, @Nullable Throwable cause) {
        this(code, message, code.remedy(), cause);
    }

    /**
     * A failure with its own remedy.
     *
     * @param code    the stable error code
     * @param message what went wrong, naming the object concerned (never a secret)
     * @param remedy  what to do about it; null uses {@link ErrorCode#remedy()}
     * @param cause   the underlying exception, or null
     */
    public UpgradeException(ErrorCode code, String message, @Nullable String remedy, @Nullable Throwable cause) {
        // a message may quote a program, the server or a file: never a secret the process has read
        super(org.civiupgrade.internal.redact.Secrets.redact(Objects.requireNonNull(message, "message")), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.remedy = org.civiupgrade.internal.redact.Secrets.redact(remedy == null ? code.remedy() : remedy);
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
