package org.civiupgrade.event;

import java.util.List;
import java.util.Objects;

/**
 * Receives the events of a run, on the thread that runs it. A listener that throws cannot
 * break a run: the engine logs the exception and goes on.
 */
@FunctionalInterface
public interface UpgradeListener {
    /** Ignores every event. */
    UpgradeListener NONE = event -> { };

    /** Called for each event, in order. */
    void onEvent(UpgradeEvent event);

    /** A listener that passes every event to each of {@code listeners} in turn. */
    static UpgradeListener all(UpgradeListener... listeners) {
        List<UpgradeListener> copy = List.of(listeners);
        return event -> {
            for (UpgradeListener l : copy) {
                l.onEvent(event);
            }
        };
    }

    /** This listener, then {@code next}. */
    default UpgradeListener andThen(UpgradeListener next) {
        Objects.requireNonNull(next, "next");
        return all(this, next);
    }
}
