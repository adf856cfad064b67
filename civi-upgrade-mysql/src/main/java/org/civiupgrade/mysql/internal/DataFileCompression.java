package org.civiupgrade.mysql.internal;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import com.github.luben.zstd.util.Native;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.db.BackupOptions.Compression;
import org.slf4j.Logger;

/**
 * How a backup data file is compressed, told by its name: {@code .tsv.zst} (zstd, the default) or
 * {@code .tsv.gz} (gzip). Both are standard single-frame files ({@code zstd -d} / {@code zcat}
 * read them). The zstd codec is native (zstd-jni); when its library cannot load on this
 * machine, backups fall back to gzip, and reading a zstd backup fails with a clear error.
 */
enum DataFileCompression {
    /** Zstandard, level {@value #ZSTD_LEVEL}. */
    ZSTD(".tsv.zst"),
    /** gzip, {@link Deflater#BEST_SPEED}. */
    GZIP(".tsv.gz");

    /** zstd's fastest positive level: about gzip -1's ratio or better, at several times the speed. */
    static final int ZSTD_LEVEL = 1;
    private static final int BUFFER = 1 << 16;
    private static final Logger LOG = org.civiupgrade.internal.redact.Logs.get(DataFileCompression.class);
    private static volatile Boolean zstdLoads;

    private final String suffix;

    DataFileCompression(String suffix) {
        this.suffix = suffix;
    }

    /** The data file name ending, e.g. {@code .tsv.zst}. */
    String suffix() {
        return suffix;
    }

    /** The codec a backup uses for the requested compression: zstd only when its native library loads. */
    static DataFileCompression forBackup(Compression requested) {
        if (requested == Compression.ZSTD) {
            if (zstdAvailable()) {
                return ZSTD;
            }
            LOG.warn("The zstd native library does not load on this machine ({}); the backup is compressed with gzip.",
                    System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        }
        return GZIP;
    }

    /** The codec of a data file, by its name. */
    static DataFileCompression ofFile(String file) {
        for (DataFileCompression c : values()) {
            if (file.endsWith(c.suffix)) {
                return c;
            }
        }
        throw new UpgradeException(ErrorCode.FILE_ERROR, "The backup data file " + file + " has an unknown ending (not "
                + ZSTD.suffix + " or " + GZIP.suffix + ").", "Use a backup taken by civi-upgrade; its manifest names its files.", null);
    }

    /** True when zstd-jni's native library loads. */
    static boolean zstdAvailable() {
        Boolean ok = zstdLoads;
        if (ok == null) {
            try {
                Native.load();
                ok = true;
            } catch (LinkageError | RuntimeException e) {
                LOG.debug("zstd native library: {}", e.toString());
                ok = false;
            }
            zstdLoads = ok;
        }
        return ok;
    }

    /** A compressing stream on {@code out}; closing it finishes the file and closes {@code out}. */
    OutputStream compressing(OutputStream out) throws IOException {
        if (this == ZSTD) {
            ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL);
            z.setCloseFrameOnFlush(false);
            return z;
        }
        return new GZIPOutputStream(out, BUFFER) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    /** A decompressing stream on {@code in}. */
    InputStream decompressing(InputStream in) throws IOException {
        if (this == ZSTD) {
            if (!zstdAvailable()) {
                throw new UpgradeException(ErrorCode.FILE_ERROR, "This backup is compressed with zstd, but the zstd native library"
                        + " does not load on this machine (" + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ").",
                        "zstd-jni unpacks its library into java.io.tmpdir: run with -Djava.io.tmpdir set to a folder that allows"
                                + " executables, or restore on linux, macOS or windows on x86_64 or aarch64.",
                        null);
            }
            return new ZstdInputStreamNoFinalizer(in);
        }
        return new GZIPInputStream(in, BUFFER);
    }
}
