package org.civiupgrade.internal.engine;

import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.event.UpgradeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Passes events on, swallowing (and logging) whatever the listener throws. */
final class SafeListener {
    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);
    private final UpgradeListener delegate;
    private final Redactor redactor;

    SafeListener(UpgradeListener delegate, Redactor redactor) {
        this.delegate = delegate == null ? UpgradeListener.NONE : delegate;
        this.redactor = redactor;
    }

    void emit(UpgradeEvent event) {
        try {
            delegate.onEvent(event);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.warn("An upgrade listener threw on {}; the run goes on: {}", event.getClass().getSimpleName(),
                    redactor.redact(String.valueOf(e.getMessage())));
        }
    }
}
