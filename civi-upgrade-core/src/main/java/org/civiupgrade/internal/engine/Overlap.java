package org.civiupgrade.internal.engine;

import java.util.Collection;
import org.civiupgrade.spi.Compensation;

/** Whether two sets of resource names ({@link Compensation#touches()}) overlap. */
final class Overlap {
    private Overlap() {
    }

    static boolean any(Collection<String> a, Collection<String> b) {
        for (String x : a) {
            for (String y : b) {
                if (names(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean names(String a, String b) {
        return a.equals(Compensation.EVERYTHING) || b.equals(Compensation.EVERYTHING) || a.equals(b)
                || a.startsWith(b + "/") || b.startsWith(a + "/");
    }
}
