package org.civiupgrade.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.civiupgrade.testkit.FakeRelease;

/** Release tarballs spoiled in one way each: the files of a {@link FakeRelease} plus bad entries. */
final class Tarballs {
    /** Adds entries after the release's files. */
    interface Extra {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private Tarballs() {
    }

    /** Writes {@code release}'s files below {@code top/} (no entries when {@code top} is null), then {@code extra}. */
    static void write(Path out, FakeRelease release, String top, Map<String, byte[]> without, Extra extra) throws IOException {
        Map<String, byte[]> files = new TreeMap<>(release.contents());
        files.keySet().removeAll(without.keySet());
        try (OutputStream os = Files.newOutputStream(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(os))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            if (top != null) {
                Set<String> dirs = new HashSet<>();
                for (Map.Entry<String, byte[]> f : files.entrySet()) {
                    String name = top + "/" + f.getKey();
                    String[] parts = name.split("/");
                    StringBuilder d = new StringBuilder();
                    for (int i = 0; i < parts.length - 1; i++) {
                        d.append(parts[i]).append('/');
                        if (dirs.add(d.toString())) {
                            TarArchiveEntry de = new TarArchiveEntry(d.toString());
                            de.setMode(040755);
                            tar.putArchiveEntry(de);
                            tar.closeArchiveEntry();
                        }
                    }
                    file(tar, name, f.getValue());
                }
            }
            extra.write(tar);
            tar.finish();
        }
    }

    static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        file(tar, name, content, 0100644);
    }

    static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setMode(mode);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    static void hardLink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    static void charDevice(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
        e.setDevMajor(1);
        e.setDevMinor(3);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    /** {@code n} entries naming the top folder again: more entries than any release holds, in little space. */
    static void manyEntries(TarArchiveOutputStream tar, String top, long n) throws IOException {
        for (long i = 0; i < n; i++) {
            TarArchiveEntry de = new TarArchiveEntry(top + "/");
            de.setMode(040755);
            tar.putArchiveEntry(de);
            tar.closeArchiveEntry();
        }
    }
}
