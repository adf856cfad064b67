package org.civiupgrade.testkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault injection for tests: arm a named point, and the code that passes it throws
 * {@link InjectedFault}. Scripted steps pass {@code <step>#<action>:before} and
 * {@code <step>#<action>:after} around each action, and their compensations pass
 * {@code undo:<step>#<action>}. Points fire until disarmed.
 */
public final class Faults {
    private static final Set<String> ARMED = ConcurrentHashMap.newKeySet();

    private Faults() {
    }

    /** Arms a point. */
    public static void arm(String point) {
        ARMED.add(point);
    }

    /** Disarms every point. */
    public static void clear() {
        ARMED.clear();
    }

    /** Throws when the point is armed. */
    public static void pass(String point) {
        if (ARMED.contains(point)) {
            throw new InjectedFault(point);
        }
    }

    /** The failure an armed point throws. */
    public static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * The fault of one armed point.
         *
         * @param point the fault point's name
         */
        public InjectedFault(String point) {
            super("injected fault at " + point);
        }
    }
}
