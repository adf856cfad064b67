package org.civiupgrade.mysql.internal;

import java.util.Map;
import java.util.Set;
import org.civiupgrade.mysql.RestoreCivicrmFromBackup;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationTypes;

/** The MySQL module's compensation types; former names are the class names of version 0.1. */
public final class MySqlCompensationTypes implements CompensationTypes {
    @Override
    public Set<Class<? extends Compensation>> types() {
        return Set.of(RestoreCivicrmFromBackup.class);
    }

    @Override
    public Map<String, String> formerNames() {
        return Map.of("org.civiupgrade.mysql.RestoreCivicrmFromBackup", "mysql.restore-civicrm-from-backup");
    }
}
