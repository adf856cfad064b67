package org.civiupgrade.spi.db;

import java.util.List;

/**
 * The outcome of a successful verification.
 *
 * @param scratchSchema the schema the backup was restored into (dropped again)
 * @param tablesCompared tables whose checksum and definition matched
 * @param objectsCompared views, triggers and routines whose definitions matched
 * @param notes          anything worth telling the user
 */
public record VerifyReport(String scratchSchema, int tablesCompared, int objectsCompared, List<String> notes) {
    public VerifyReport {
        notes = List.copyOf(notes);
    }
}
