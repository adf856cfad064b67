package org.civiupgrade.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.support.IoProblems.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of I/O failure, provoked on real files (a full and a read-only file system are small
 * tmpfs mounts; a refused write is an immutable file, since the tests may run as root), is named
 * with its path and gets a remedy for that kind.
 */
class IoProblemsTest {
    @TempDir
    Path tmp;

    interface Io {
        void run() throws Exception;
    }

    static Throwable failureOf(Io io) {
        Throwable t = catchThrowable(io::run);
        assertThat(t).as("the operation must fail").isNotNull();
        return t;
    }

    static void assertNamed(Throwable t, Kind kind, String described, String remedy) {
        assertThat(IoProblems.kind(t)).as(String.valueOf(t)).isEqualTo(kind);
        assertThat(IoProblems.describe(t)).contains(described).doesNotContain("null");
        assertThat(IoProblems.remedy(t)).contains(remedy);
        UpgradeException u = IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot do it", t);
        assertThat(u.getMessage()).startsWith("Cannot do it: " + described.split(":")[0]);
        assertThat(u.remedy()).isEqualTo(IoProblems.remedy(t)).isNotEqualTo(ErrorCode.FILE_ERROR.remedy())
                .doesNotContain("credentials");
        assertThat(u.getCause()).isSameAs(t);
    }

    @Test
    void noSuchFileNamesThePathOnce() {
        Path missing = tmp.resolve("sites/default/civicrm.settings.php");
        Throwable t = failureOf(() -> Files.readString(missing));
        assertNamed(t, Kind.NO_SUCH_FILE, "no such file or folder: " + missing, "exists");
        assertThat(IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot read " + missing, t).getMessage())
                .isEqualTo("Cannot read " + missing + ": no such file or folder: " + missing + ".");
    }

    @Test
    void notAFolderIsAFolderAlreadyExistsNotEmptyAndLinkLoops() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertNamed(failureOf(() -> Files.newDirectoryStream(file).close()), Kind.NOT_A_FOLDER, "not a folder: " + file,
                "move the file away");
        assertNamed(failureOf(() -> Files.createDirectories(file.resolve("below"))), Kind.NOT_A_FOLDER, "not a folder",
                "move the file away");
        assertNamed(failureOf(() -> Files.createDirectory(file)), Kind.ALREADY_EXISTS, "already exists: " + file, "out of the way");
        Path dir = Files.createDirectories(tmp.resolve("dir/child"));
        assertNamed(failureOf(() -> Files.readString(dir)), Kind.IS_A_FOLDER, "a folder where a file was expected", "path of the file");
        assertNamed(failureOf(() -> Files.createDirectory(dir)), Kind.ALREADY_EXISTS, "already exists: " + dir, "out of the way");
        assertNamed(failureOf(() -> Files.delete(dir.getParent())), Kind.FOLDER_NOT_EMPTY, "folder not empty: " + dir.getParent(),
                "Empty or move");
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        assertNamed(failureOf(() -> Files.readString(a)), Kind.LINK_LOOP, "symbolic links form a loop", "real file");
    }

    @Test
    void permissionDenied() throws Exception {
        Path file = Files.writeString(tmp.resolve("civicrm.settings.php"), "<?php");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            // root ignores modes; an immutable file refuses even root
            assumeTrue(run("chattr", "+i", file.toString()) == 0, "chattr +i is not available on " + tmp);
        } else {
            Files.setPosixFilePermissions(file, java.util.Set.of());
            assumeTrue(!Files.isReadable(file), "the file stays readable although its mode is 000");
        }
        try {
            Throwable t = failureOf(() -> Files.writeString(file, "changed"));
            assertNamed(t, Kind.PERMISSION_DENIED, "permission denied: " + file, "Run civi-upgrade as a user who may read and write "
                    + file);
        } finally {
            if (root) {
                run("chattr", "-i", file.toString());
            }
        }
    }

    @Test
    void diskFullAndReadOnlyFileSystem() throws Exception {
        try (Tmpfs full = Tmpfs.mount(tmp.resolve("small"), "size=256k")) {
            Path out = full.dir().resolve("backup.sql");
            Throwable t = failureOf(() -> {
                try (OutputStream o = Files.newOutputStream(out)) {
                    byte[] mb = new byte[1 << 20];
                    o.write(mb);
                }
            });
            assertNamed(t, Kind.DISK_FULL, "disk full", "Free space on the disk");
            assertThat(IoProblems.failure(ErrorCode.FILE_ERROR, "Writing the backup into " + out + " failed", t).getMessage())
                    .contains("failed: disk full").contains("No space left on device");
        }
        try (Tmpfs ro = Tmpfs.mount(tmp.resolve("ro"), "ro,size=64k")) {
            Path out = ro.dir().resolve("journal.jsonl");
            assertNamed(failureOf(() -> Files.writeString(out, "{}")), Kind.READ_ONLY, "read-only file system: " + out,
                    "read-write");
        }
    }

    @Test
    void corruptAndTruncatedCompressedData() throws Exception {
        Path tgz = tmp.resolve("r.tar.gz");
        try (org.civiupgrade.internal.release.TarBuilder t = new org.civiupgrade.internal.release.TarBuilder(tgz)) {
            t.file("civicrm/big.bin", new byte[300_000], 0644);
        }
        byte[] all = Files.readAllBytes(tgz);
        Path cut = Files.write(tmp.resolve("cut.tar.gz"), java.util.Arrays.copyOf(all, all.length - 40));
        Path notGzip = Files.writeString(tmp.resolve("page.tar.gz"), "<html>Not found</html>");
        assertNamed(failureOf(() -> readAll(cut)), Kind.TRUNCATED, "the data ends early (truncated)", "download or copy it again");
        assertNamed(failureOf(() -> readAll(notGzip)), Kind.CORRUPT_GZIP, "the gzip data is corrupt", "download or copy it again");
        // a plain EOFException carries no message at all: still named, never "(null)"
        assertNamed(new java.io.EOFException(), Kind.TRUNCATED, "the data ends early (truncated)", "again");
        assertThat(IoProblems.describe(new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("/x"))))
                .isEqualTo("no such file or folder: /x");
    }

    @Test
    void otherFailuresKeepTheirOwnMessage() {
        IOException other = new IOException("Stale file handle");
        assertThat(IoProblems.kind(other)).isEqualTo(Kind.OTHER);
        assertThat(IoProblems.describe(other)).isEqualTo("IOException: Stale file handle");
        assertThat(IoProblems.describe(new IOException())).isEqualTo("IOException");
    }

    static void readAll(Path p) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(p)))) {
            while (tar.getNextEntry() != null) {
                tar.readAllBytes();
            }
        }
    }

    static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    /** A small tmpfs mounted for one test (needs root; skipped visibly otherwise). */
    record Tmpfs(Path dir) implements AutoCloseable {
        static Tmpfs mount(Path dir, String options) throws Exception {
            Files.createDirectories(dir);
            assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
            assumeTrue(run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()) == 0,
                    "cannot mount a tmpfs at " + dir + " here");
            return new Tmpfs(dir);
        }

        @Override
        public void close() throws Exception {
            assertThat(run("umount", dir.toString())).isZero();
        }
    }

}
