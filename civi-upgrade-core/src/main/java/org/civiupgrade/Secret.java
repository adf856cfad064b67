package org.civiupgrade;

import java.util.Objects;

/**
 * A password or key. {@link #toString()} never shows the value, so a secret that reaches a
 * log line, an event or a report prints as {@code ******}. Call {@link #reveal()} only where
 * the value is handed to a driver.
 */
public final class Secret {
    private static final Secret EMPTY = new Secret("");
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a secret value.
     *
     * @param value the clear value; {@code ""} gives {@link #empty()}
     * @return the secret, which prints as {@code ***}
     * @throws NullPointerException when value is null
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        return value.isEmpty() ? EMPTY : new Secret(value);
    }

    /**
     * No secret, e.g. a database user without a password.
     *
     * @return the shared empty secret
     */
    public static Secret empty() {
        return EMPTY;
    }

    /** The clear value; hand it to a driver, never to a message. */
    public String reveal() {
        return value;
    }

    /**
     * Whether there is no secret.
     *
     * @return true when the value is {@code ""}
     */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "******";
    }
}
