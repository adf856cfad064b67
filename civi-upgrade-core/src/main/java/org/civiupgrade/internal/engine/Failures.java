package org.civiupgrade.internal.engine;

import org.civiupgrade.spi.support.IoProblems;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;

/** Maps any throwable to an error code, a message and a remedy. */
final class Failures {
    private Failures() {
    }

    static UpgradeException classify(Throwable t, String stepId) {
        if (t instanceof UpgradeException u) {
            return u;
        }
        ErrorCode code;
        if (t instanceof InterruptedException) {
            code = ErrorCode.INTERRUPTED;
        } else if (t instanceof SQLException || t.getCause() instanceof SQLException) {
            code = ErrorCode.DATABASE_ERROR;
        } else if (t instanceof IOException || t instanceof UncheckedIOException) {
            return IoProblems.failure(ErrorCode.FILE_ERROR, "Step '" + stepId + "' failed", t);
        } else {
            code = ErrorCode.STEP_FAILED;
        }
        String msg = t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
        return new UpgradeException(code, "Step '" + stepId + "' failed: " + msg, t);
    }
}
