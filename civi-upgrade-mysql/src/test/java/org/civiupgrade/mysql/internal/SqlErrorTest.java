package org.civiupgrade.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup worker's file failure travels wrapped in an SQLException; it is reported as the file
 * failure it is (disk full, with the fix for that), never as a database error with a credentials remedy.
 */
class SqlErrorTest {
    @TempDir
    Path tmp;

    static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    void aFullDiskDuringTheBackupIsAFileErrorWithTheDiskFullRemedy() throws Exception {
        Path small = Files.createDirectories(tmp.resolve("small"));
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", small.toString()) == 0, "cannot mount a tmpfs here");
        try {
            Throwable full = catchThrowable(() -> {
                try (OutputStream o = Files.newOutputStream(small.resolve("civicrm_contact.tsv"))) {
                    o.write(new byte[1 << 20]);
                }
            });
            assertThat(full).isInstanceOf(IOException.class);
            // as Backup's workers pass a failure on
            SQLException wrapped = new SQLException("table civicrm.civicrm_contact: " + full, null, 0, full);
            UpgradeException e = Sql.error("Backup of the database into " + small, wrapped);
            assertThat(e.code()).isEqualTo(ErrorCode.FILE_ERROR);
            assertThat(e.getMessage()).contains("Backup of the database into " + small + " failed: disk full");
            assertThat(e.remedy()).contains("Free space on the disk").doesNotContain("credentials");
        } finally {
            assertThat(run("umount", small.toString())).isZero();
        }
        SQLException real = new SQLException("Access denied for user 'civi'@'localhost'", "28000", 1045);
        UpgradeException db = Sql.error("Connecting", real);
        assertThat(db.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
    }
}
