package org.civiupgrade.spi.db;

import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Optional dialect capability: turns a native backup into one SQL script that the standard
 * client restores ({@code mysql db < dump.sql}), for users who prefer the standard tools.
 */
public interface SqlDumpExport {
    /** Writes the script for the backup in {@code backupDirectory} to {@code out} (not closed). */
    void writeSqlDump(Path backupDirectory, OutputStream out);
}
