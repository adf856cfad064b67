package org.civiupgrade.mysql;

import java.util.List;
import java.util.Optional;
import org.civiupgrade.spi.ProcedureContext;
import org.civiupgrade.spi.ProcedureContributor;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.spi.RestorePoint;
import org.civiupgrade.spi.Step;

/**
 * The database part of the documented procedure: the verified backup
 * ({@link DatabaseBackupStep}) and its restore point ({@link RestoreCivicrmFromBackup}), which
 * the schema upgrade records before it changes the database.
 */
public final class MySqlProcedureContributor implements ProcedureContributor {
    @Override
    public List<Step> steps(ProcedureStage stage, ProcedureContext context) {
        return stage == ProcedureStage.BACKUP ? List.of(new DatabaseBackupStep()) : List.of();
    }

    @Override
    public Optional<RestorePoint> restorePoint(ProcedureContext context) {
        return Optional.of(step -> RestoreCivicrmFromBackup.ofRunBackup());
    }

    /** {@link MySqlOptions#ALL}. */
    @Override
    public List<org.civiupgrade.PlanOption<?>> options() {
        return MySqlOptions.ALL;
    }
}
