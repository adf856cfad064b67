package org.civiupgrade.event;

import java.util.List;
import java.util.Objects;

/**
 * Receives the events of a run or a recovery, in order, on the thread that runs it. The events
 * pair as {@link UpgradeEvent} describes (every start is followed by its end).
 *
 * <p>A listener must not throw, and should return quickly (it runs between the changes of the
 * upgrade, with the site offline). One that throws anyway cannot break a run: the engine logs
 * the exception's class and message (without secrets) and goes on with the run and with the next
 * event; the event is not delivered again.
 *
 * <p>Either a lambda over the sealed {@link UpgradeEvent} ({@code event -> log.info("{}", event)}),
 * or a subclass of {@link Adapter} with a typed method per event.
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

    /**
     * A listener with one method per event, each doing nothing until overridden:
     *
     * <pre>{@code
     * Upgrade.of(site).to(release).standard().run(new UpgradeListener.Adapter() {
     *     @Override
     *     public void onStepStarted(UpgradeEvent.StepStarted e) {
     *         System.out.println(e.stepId() + ": " + e.description());
     *     }
     * });
     * }</pre>
     *
     * {@link #onEvent(UpgradeEvent)} calls the method of the event's type, so the methods are called
     * in the order and with the pairing {@link UpgradeEvent} describes: {@link #onRunStarted} first and
     * {@link #onRunFinished} last; {@link #onStepStarted} then {@link #onStepFinished} or
     * {@link #onStepFailed}; {@link #onRollbackStarted}, then per recorded change newest first
     * {@link #onCompensationStarted} and {@link #onCompensationApplied} or
     * {@link #onCompensationFailed}, then {@link #onRollbackFinished}. The methods must not throw
     * (see {@link UpgradeListener}); one that does is contained by the engine.
     */
    abstract class Adapter implements UpgradeListener {
        /** For subclasses. */
        protected Adapter() {
        }

        /** Passes the event to the method of its type. */
        @Override
        public final void onEvent(UpgradeEvent event) {
            if (event instanceof UpgradeEvent.RunStarted e) {
                onRunStarted(e);
            } else if (event instanceof UpgradeEvent.StepStarted e) {
                onStepStarted(e);
            } else if (event instanceof UpgradeEvent.StepProgress e) {
                onStepProgress(e);
            } else if (event instanceof UpgradeEvent.Warning e) {
                onWarning(e);
            } else if (event instanceof UpgradeEvent.StepFinished e) {
                onStepFinished(e);
            } else if (event instanceof UpgradeEvent.StepFailed e) {
                onStepFailed(e);
            } else if (event instanceof UpgradeEvent.RollbackStarted e) {
                onRollbackStarted(e);
            } else if (event instanceof UpgradeEvent.CompensationStarted e) {
                onCompensationStarted(e);
            } else if (event instanceof UpgradeEvent.CompensationApplied e) {
                onCompensationApplied(e);
            } else if (event instanceof UpgradeEvent.CompensationFailed e) {
                onCompensationFailed(e);
            } else if (event instanceof UpgradeEvent.RollbackFinished e) {
                onRollbackFinished(e);
            } else if (event instanceof UpgradeEvent.RunFinished e) {
                onRunFinished(e);
            }
        }

        /** A run or a recovery began; always the first event. */
        public void onRunStarted(UpgradeEvent.RunStarted event) {
        }

        /** A step began; {@link #onStepFinished} or {@link #onStepFailed} follows. */
        public void onStepStarted(UpgradeEvent.StepStarted event) {
        }

        /** A step, or an undo ({@code undo:<step-id>}), made progress. */
        public void onStepProgress(UpgradeEvent.StepProgress event) {
        }

        /** A step or an undo reported something worth attention. */
        public void onWarning(UpgradeEvent.Warning event) {
        }

        /** The step started last finished successfully. */
        public void onStepFinished(UpgradeEvent.StepFinished event) {
        }

        /** The step started last failed; a rollback follows. */
        public void onStepFailed(UpgradeEvent.StepFailed event) {
        }

        /** Undoing the recorded changes began; {@link #onRollbackFinished} follows. */
        public void onRollbackStarted(UpgradeEvent.RollbackStarted event) {
        }

        /** Undoing one recorded change began; {@link #onCompensationApplied} or {@link #onCompensationFailed} follows. */
        public void onCompensationStarted(UpgradeEvent.CompensationStarted event) {
        }

        /** The change started last was undone. */
        public void onCompensationApplied(UpgradeEvent.CompensationApplied event) {
        }

        /** Undoing the change started last failed or was deferred; the rollback goes on with the others. */
        public void onCompensationFailed(UpgradeEvent.CompensationFailed event) {
        }

        /** The rollback ended. */
        public void onRollbackFinished(UpgradeEvent.RollbackFinished event) {
        }

        /** The run or recovery ended; always the last event. */
        public void onRunFinished(UpgradeEvent.RunFinished event) {
        }
    }
}
