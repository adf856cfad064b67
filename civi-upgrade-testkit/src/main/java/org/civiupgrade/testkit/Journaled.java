package org.civiupgrade.testkit;

import org.civiupgrade.internal.json.Json;
import org.civiupgrade.spi.Compensation;

/**
 * A compensation as the journal holds it: written and read back by the journal's own JSON mapper,
 * as a recovering process reads it after a crash.
 */
public final class Journaled {
    private Journaled() {
    }

    /** The journal's JSON text of the compensation. */
    public static String json(Compensation compensation) {
        return Json.write(compensation);
    }

    /**
     * The compensation read back from its journal text.
     *
     * @throws org.civiupgrade.UpgradeException {@code INVALID_INPUT} when the text does not read back
     */
    public static Compensation read(String json) {
        return Json.read(json, Compensation.class);
    }

    /** Written, then read back: what a recovering process would apply. */
    public static Compensation roundTrip(Compensation compensation) {
        return read(json(compensation));
    }
}
