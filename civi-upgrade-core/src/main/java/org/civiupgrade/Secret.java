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

    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        return value.isEmpty() ? EMPTY : new Secret(value);
    }

    public static Secret empty() {
        return EMPTY;
    }

    /** The clear value; hand it to a driver, never to a message. */
    public String reveal() {
        return value;
    }

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
