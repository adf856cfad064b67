package org.civiupgrade.examples.backdrop;

import java.util.Set;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationTypes;

/** Registers the Backdrop example's compensations under their journal names ({@code backdrop.*}). */
public final class BackdropCompensationTypes implements CompensationTypes {
    @Override
    public Set<Class<? extends Compensation>> types() {
        return Set.of(RestoreStateValue.class);
    }
}
