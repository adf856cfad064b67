package org.civiupgrade.internal.release;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.civiupgrade.ExtractionLimits;
import org.civiupgrade.Version;

/**
 * Reads a release archive once without unpacking it: the top folders, the version files,
 * the number of entries and bytes, and the first unsafe entry if any.
 */
public final class ReleaseInspector {
    private static final int MAX_VERSION_FILE = 64 * 1024;

    /**
     * What the archive holds.
     *
     * @param topLevel     names of the top-level components (should be just {@code civicrm})
     * @param versionFiles contents of the version files found below {@code civicrm/}
     * @param entries      number of entries
     * @param bytes        uncompressed bytes of its files
     */
    public record Inspection(TreeSet<String> topLevel, Map<String, byte[]> versionFiles, long entries, long bytes) {
        /** The code version by the era's preference, with the file it came from. */
        public Optional<Map.Entry<String, Version>> version() {
            for (String f : VersionFiles.FILES) {
                byte[] b = versionFiles.get(f);
                if (b != null) {
                    Optional<Version> v = VersionFiles.parse(f, b);
                    if (v.isPresent()) {
                        return Optional.of(Map.entry(f, v.get()));
                    }
                }
            }
            return Optional.empty();
        }
    }

    private ReleaseInspector() {
    }

    /** Inspects the archive, refusing (RELEASE_INVALID) unsafe names, devices and oversize content. */
    public static Inspection inspect(Path archive, ExtractionLimits limits) throws IOException {
        TreeSet<String> top = new TreeSet<>();
        Map<String, byte[]> versions = new LinkedHashMap<>();
        long entries = 0;
        long bytes = 0;
        try (InputStream in = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new BufferedInputStream(in, 64 * 1024)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (++entries > limits.maxEntries()) {
                    throw SafeExtractor.invalid(archive, "holds more than " + limits.maxEntries() + " entries");
                }
                String name = e.getName();
                List<String> c = ArchivePaths.components(name).orElseThrow(() -> SafeExtractor.invalid(archive,
                        "entry '" + SafeExtractor.printable(name) + "' is absolute or climbs out with '..'"));
                if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    throw SafeExtractor.invalid(archive, "entry '" + SafeExtractor.printable(name) + "' is a device file or FIFO");
                }
                if (c.isEmpty()) {
                    continue;
                }
                top.add(c.get(0));
                if (e.isFile() && !e.isLink()) {
                    bytes += e.getSize();
                    if (bytes > limits.maxBytes()) {
                        throw SafeExtractor.invalid(archive, "unpacks to more than " + limits.maxBytes() + " bytes");
                    }
                    if (c.size() > 1 && c.get(0).equals("civicrm")) {
                        String rel = String.join("/", c.subList(1, c.size()));
                        if ((VersionFiles.FILES.contains(rel) || rel.equals(PhpRequirement.GENERAL_PHP))
                                && e.getSize() <= MAX_VERSION_FILE) {
                            versions.put(rel, tar.readAllBytes());
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException ex) {
            if (ex instanceof org.civiupgrade.UpgradeException ue) {
                throw ue;
            }
            throw SafeExtractor.invalid(archive, "it is not a readable .tar.gz (" + ex.getMessage() + ")");
        }
        return new Inspection(top, versions, entries, bytes);
    }

    /** The code version of an unpacked code folder (e.g. {@code sites/all/modules/civicrm}). */
    public static Optional<Map.Entry<String, Version>> installedVersion(Path codeDir) throws IOException {
        for (String f : VersionFiles.FILES) {
            Path p = codeDir.resolve(f);
            if (Files.isRegularFile(p) && Files.size(p) <= MAX_VERSION_FILE) {
                Optional<Version> v = VersionFiles.parse(f, Files.readAllBytes(p));
                if (v.isPresent()) {
                    return Optional.of(Map.entry(f, v.get()));
                }
            }
        }
        return Optional.empty();
    }
}
