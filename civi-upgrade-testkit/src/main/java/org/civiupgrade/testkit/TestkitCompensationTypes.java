package org.civiupgrade.testkit;

import java.util.Map;
import java.util.Set;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationTypes;

/** The testkit's compensation types (used by fake sites and scripted steps). */
public final class TestkitCompensationTypes implements CompensationTypes {
    @Override
    public Set<Class<? extends Compensation>> types() {
        return Set.of(DropTable.class, RestoreRow.class, ScriptedUndo.class);
    }

    @Override
    public Map<String, String> formerNames() {
        return Map.of(
                "org.civiupgrade.testkit.DropTable", "testkit.drop-table",
                "org.civiupgrade.testkit.RestoreRow", "testkit.restore-row",
                "org.civiupgrade.testkit.ScriptedUndo", "testkit.scripted-undo");
    }
}
