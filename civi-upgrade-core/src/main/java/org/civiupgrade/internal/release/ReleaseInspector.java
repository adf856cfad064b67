package org.civiupgrade.internal.release;

import org.civiupgrade.spi.support.IoProblems;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
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
 * Reads a release archive once, streaming, without unpacking it: the top folders, the version
 * files, CiviCRM's own minimum upgradable version, the number of entries and bytes, and every
 * breach of the {@link EntryRules} (not only the first), so that a check reports them all before
 * anything changes.
 */
public final class ReleaseInspector {
    private static final int MAX_VERSION_FILE = 64 * 1024;
    private static final int MAX_FORM_FILE = 1024 * 1024;
    /** At most this many breaches are listed by name; the rest are counted. */
    public static final int LISTED = 20;

    /**
     * What the archive holds.
     *
     * @param topLevel     names of the top-level components (should be just {@code civicrm})
     * @param versionFiles contents of the version files (and of {@link UpgradableFrom#FORM_PHP}) found below {@code civicrm/}
     * @param entries      number of entries
     * @param bytes        uncompressed bytes of its files
     * @param problems     every breach of the entry rules, in archive order (the first {@link #LISTED} by name)
     * @param problemCount how many breaches there are in all
     * @param writable     names of entries with group or other write permission (first {@link #LISTED})
     * @param writableCount how many entries have group or other write permission
     */
    public record Inspection(TreeSet<String> topLevel, Map<String, byte[]> versionFiles, long entries, long bytes,
                             List<String> problems, int problemCount, List<String> writable, int writableCount) {
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

    /**
     * Inspects the archive. Breaches of the entry rules are collected, not thrown; exceeding the
     * limits stops the reading ({@code RELEASE_INVALID}), as does an archive that is not a
     * readable .tar.gz (with the kind of damage named).
     */
    public static Inspection inspect(Path archive, ExtractionLimits limits) throws IOException {
        TreeSet<String> top = new TreeSet<>();
        Map<String, byte[]> versions = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> writable = new ArrayList<>();
        int problemCount = 0;
        int writableCount = 0;
        Set<String> files = new HashSet<>();
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
                String inTop = ArchivePaths.components(name).filter(n -> !n.isEmpty() && n.get(0).equals("civicrm")).isPresent()
                        ? "civicrm" : "";
                Optional<String> problem = EntryRules.problem(e, inTop);
                if (problem.isEmpty() && e.isLink()) {
                    String target = ArchivePaths.components(e.getLinkName()).map(c -> String.join("/", c)).orElse("");
                    if (!files.contains(target)) {
                        problem = Optional.of("hard link '" + SafeExtractor.printable(name) + "' points to '"
                                + SafeExtractor.printable(e.getLinkName()) + "', which is not an earlier file of the archive");
                    }
                }
                if (problem.isPresent()) {
                    if (problemCount++ < LISTED) {
                        problems.add(problem.get());
                    }
                    continue;
                }
                List<String> c = ArchivePaths.components(name).orElseThrow();
                if (c.isEmpty()) {
                    continue;
                }
                top.add(c.get(0));
                if (!e.isSymbolicLink() && !e.isLink() && (e.getMode() & EntryRules.STRIPPED_BITS) != 0) {
                    if (writableCount++ < LISTED) {
                        writable.add(String.join("/", c) + " (" + String.format("%04o", e.getMode() & 07777) + ")");
                    }
                }
                if (e.isFile() && !e.isLink()) {
                    files.add(String.join("/", c));
                    bytes += e.getSize();
                    if (bytes > limits.maxBytes()) {
                        throw SafeExtractor.invalid(archive, "unpacks to more than " + limits.maxBytes() + " bytes");
                    }
                    if (c.size() > 1 && c.get(0).equals("civicrm")) {
                        String rel = String.join("/", c.subList(1, c.size()));
                        if ((VersionFiles.FILES.contains(rel) || rel.equals(PhpRequirement.GENERAL_PHP))
                                && e.getSize() <= MAX_VERSION_FILE
                                || rel.equals(UpgradableFrom.FORM_PHP) && e.getSize() <= MAX_FORM_FILE) {
                            versions.put(rel, tar.readAllBytes());
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException ex) {
            if (ex instanceof org.civiupgrade.UpgradeException ue) {
                throw ue;
            }
            throw new org.civiupgrade.UpgradeException(org.civiupgrade.ErrorCode.RELEASE_INVALID, "Refusing release archive "
                    + archive.getFileName() + ": it is not a readable .tar.gz (" + org.civiupgrade.spi.support.IoProblems.describe(ex)
                    + ").", org.civiupgrade.spi.support.IoProblems.archiveRemedy(ex, archive), ex);
        }
        return new Inspection(top, versions, entries, bytes, List.copyOf(problems), problemCount, List.copyOf(writable), writableCount);
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
