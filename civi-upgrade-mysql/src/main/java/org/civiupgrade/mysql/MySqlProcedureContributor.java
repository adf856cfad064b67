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
 * the schema upgrade records before it changes the database. It contributes only when the run's
 * selected dialect ({@link ProcedureContext#dialect()}) is {@link MySqlDialect}; with another
 * dialect selected, that dialect's module contributes the backup.
 */
public final class MySqlProcedureContributor implements ProcedureContributor {
    @Override
    public List<Step> steps(ProcedureStage stage, ProcedureContext context) {
        return stage == ProcedureStage.BACKUP && mine(context) ? List.of(new DatabaseBackupStep()) : List.of();
    }

    @Override
    public Optional<RestorePoint> restorePoint(ProcedureContext context) {
        return mine(context) ? Optional.of(step -> RestoreCivicrmFromBackup.ofRunBackup()) : Optional.empty();
    }

    private static boolean mine(ProcedureContext context) {
        return context.dialect().filter(MySqlDialect.class::isInstance).isPresent();
    }

    /** {@link MySqlOptions#ALL}. */
    @Override
    public List<org.civiupgrade.PlanOption<?>> options() {
        return MySqlOptions.ALL;
    }
}
