package org.civiupgrade.drupal7.internal;

import java.util.Map;
import java.util.Set;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationTypes;

/** The Drupal 7 module's compensation types; former names are the class names of version 0.1. */
public final class Drupal7CompensationTypes implements CompensationTypes {
    @Override
    public Set<Class<? extends Compensation>> types() {
        return Set.of(RestoreDrupalVariable.class, SetDrupalModuleStatus.class, RestoreDrupalTables.class);
    }

    @Override
    public Map<String, String> formerNames() {
        String former = "org.civiupgrade.drupal7.internal.";
        return Map.of(
                former + "RestoreDrupalVariable", "drupal7.restore-variable",
                former + "SetDrupalModuleStatus", "drupal7.set-module-status",
                former + "RestoreDrupalTables", "drupal7.restore-tables",
                // the files-folder undo is the core's now, which reads this module's earlier lists
                former + "RestoreFileModes", "core.restore-file-modes",
                "drupal7.restore-file-modes", "core.restore-file-modes");
    }
}
