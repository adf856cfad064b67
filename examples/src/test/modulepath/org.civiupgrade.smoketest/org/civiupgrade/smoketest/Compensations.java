package org.civiupgrade.smoketest;

import java.util.List;
import org.civiupgrade.spi.Compensation;

/** One compensation of every module that journals its own, with the module's real classes. */
final class Compensations {
    private Compensations() {
    }

    static List<Compensation> oneOfEachModule() {
        return List.of(
                new org.civiupgrade.spi.support.MoveBack("/var/www/drupal/sites/all/modules/civicrm",
                        "/var/www/drupal/sites/all/modules/.civicrm-old"),
                new org.civiupgrade.mysql.RestoreCivicrmFromBackup("database-backup", 2),
                org.civiupgrade.drupal7.internal.RestoreDrupalVariable.of("", "maintenance_mode", "i:0;".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)),
                new org.civiupgrade.testkit.RestoreRow("smoke_table", 1, null));
    }
}
