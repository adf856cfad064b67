package org.civiupgrade.internal.engine;

import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.event.UpgradeListener;
import org.slf4j.Logger;

/** Passes events on, swallowing (and logging) whatever the listener throws. */
final class SafeListener {
    private static final Logger LOG = org.civiupgrade.internal.redact.Logs.get(SafeListener.class);
    private final UpgradeListener delegate;
    private final Redactor redactor;

    SafeListener(UpgradeListener delegate, Redactor redactor) {
        this.delegate = delegate == null ? UpgradeListener.NONE : delegate;
        this.redactor = redactor;
    }

    void emit(UpgradeEvent event) {
        try {
            delegate.onEvent(redacted(event));
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.warn("An upgrade listener threw on {}; the run goes on: {}", event.getClass().getSimpleName(),
                    redactor.redact(String.valueOf(e.getMessage())));
        }
    }

    /** The event with every text that may quote a program, a driver or a file masked: the one place events leave the engine. */
    private UpgradeEvent redacted(UpgradeEvent e) {
        if (e instanceof UpgradeEvent.RunStarted r) {
            return new UpgradeEvent.RunStarted(r.runId(), r.at(), redactor.redact(r.site()), r.stepIds(), r.recovery());
        } else if (e instanceof UpgradeEvent.StepStarted s) {
            return new UpgradeEvent.StepStarted(s.runId(), s.at(), s.stepId(), redactor.redact(s.description()));
        } else if (e instanceof UpgradeEvent.Warning w) {
            return new UpgradeEvent.Warning(w.runId(), w.at(), w.stepId(), redactor.redact(w.message()));
        } else if (e instanceof UpgradeEvent.StepFailed f) {
            return new UpgradeEvent.StepFailed(f.runId(), f.at(), f.stepId(), f.duration(), f.code(), redactor.redact(f.message()));
        } else if (e instanceof UpgradeEvent.CompensationStarted c) {
            return new UpgradeEvent.CompensationStarted(c.runId(), c.at(), c.stepId(), redactor.redact(c.description()));
        } else if (e instanceof UpgradeEvent.CompensationApplied c) {
            return new UpgradeEvent.CompensationApplied(c.runId(), c.at(), c.stepId(), redactor.redact(c.description()));
        } else if (e instanceof UpgradeEvent.CompensationFailed c) {
            return new UpgradeEvent.CompensationFailed(c.runId(), c.at(), c.stepId(), redactor.redact(c.description()),
                    redactor.redact(c.message()));
        }
        return e;
    }
}
