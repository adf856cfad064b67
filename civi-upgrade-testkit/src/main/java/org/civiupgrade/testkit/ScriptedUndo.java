package org.civiupgrade.testkit;

import com.fasterxml.jackson.annotation.JsonTypeName;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;

/**
 * Wraps a compensation with a fault point {@code undo:<key>}, so tests can make any
 * compensation fail.
 *
 * @param key   the fault point's key
 * @param inner the real compensation
 */
@JsonTypeName("testkit.scripted-undo")
public record ScriptedUndo(String key, Compensation inner) implements Compensation {
    @Override
    public java.util.Set<String> touches() {
        return inner.touches();
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void apply(CompensationContext context) throws Exception {
        Faults.pass("undo:" + key);
        inner.apply(context);
    }
}
