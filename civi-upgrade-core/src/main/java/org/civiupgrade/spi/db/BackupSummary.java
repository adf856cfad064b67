package org.civiupgrade.spi.db;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a backup holds.
 *
 * @param directory       the backup folder
 * @param serverVersion   the server's version string
 * @param civicrmVersion  {@code civicrm_domain.version} at backup time, when readable
 * @param tables          number of tables
 * @param rows            total rows
 * @param dataBytes       uncompressed data bytes
 * @param fileBytes       bytes on disk
 * @param lockMillis      how long writes were blocked to start the consistent snapshot
 */
public record BackupSummary(Path directory, String serverVersion, Optional<String> civicrmVersion, int tables,
                            long rows, long dataBytes, long fileBytes, long lockMillis) {
}
