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

    /**
     * A listener that passes every event to each of {@code listeners} in turn; one that throws
     * does not keep the event from the others (the first exception is rethrown afterwards).
     */
    static UpgradeListener all(UpgradeListener... listeners) {
        List<UpgradeListener> copy = List.of(listeners);
        return event -> {
            RuntimeException first = null;
            for (UpgradeListener l : copy) {
                try {
                    l.onEvent(event);
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        };
    }

    /** This listener, then {@code next}. */
    default UpgradeListener andThen(UpgradeListener next) {
        Objects.requireNonNull(next, "next");
        return all(this, next);
    }
}
