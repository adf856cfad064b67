package org.civiupgrade.internal.release;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.ExtractionLimits;
import org.civiupgrade.UpgradeException;

/**
 * Unpacks a {@code .tar.gz} into a folder and refuses anything that could write outside it:
 * names that are absolute or climb with {@code ..}, symbolic links whose target lies outside
 * the folder, hard links to anything but an earlier file of the archive, device files and
 * FIFOs, and more entries or bytes than the {@link ExtractionLimits} allow (the entry rules
 * are {@link EntryRules}', shared with the inspection). Keeps permission bits less set-id/sticky
 * bits and group/other write ({@link EntryRules#installMode}), and modification times.
 *
 * <p>Symbolic links are created only after every file and folder is written, so no write can
 * pass through a link of the archive; a folder of the target that already is a link (from an
 * earlier archive) is refused as a parent. After creation every link that resolves is checked
 * again against the real target folder (catching links chained through other links).
 *
 * <p>On failure the target may hold part of the archive; the caller owns its removal.
 */
public final class SafeExtractor {
    /** Receives progress: files (and links) written and bytes written so far. */
    @FunctionalInterface
    public interface Progress {
        void update(long files, long bytes) throws InterruptedException;

        Progress NONE = (f, b) -> { };
    }

    /** What was unpacked: relative paths (with {@code /}) of every file, link and folder. */
    public record Outcome(long files, long bytes, Set<String> paths) {
    }

    private static final int PROGRESS_EVERY = 500;

    private final ExtractionLimits limits;

    public SafeExtractor(ExtractionLimits limits) {
        this.limits = limits;
    }

    /**
     * Unpacks the entries of {@code archive} found below the folder {@code top} (e.g.
     * {@code civicrm}; {@code ""} for all) into {@code target}, which is created if missing.
     * An entry outside {@code top} is refused.
     */
    public Outcome extract(Path archive, String top, Path target, Progress progress)
            throws IOException, InterruptedException {
        Files.createDirectories(target);
        Path root = target.toRealPath();
        long entries = 0;
        long files = 0;
        long bytes = 0;
        Set<String> paths = new LinkedHashSet<>();
        Set<Path> safeDirs = new HashSet<>();
        safeDirs.add(root);
        Map<Path, Integer> dirModes = new LinkedHashMap<>();
        Map<Path, FileTime> dirTimes = new LinkedHashMap<>();
        record PendingLink(Path link, String relative, String target) { }
        List<PendingLink> links = new ArrayList<>();
        byte[] buf = new byte[64 * 1024];

        try (InputStream in = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new BufferedInputStream(in, 64 * 1024)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("extraction of " + archive.getFileName() + " interrupted");
                }
                if (++entries > limits.maxEntries()) {
                    throw invalid(archive, "holds more than " + limits.maxEntries() + " entries");
                }
                String name = e.getName();
                java.util.Optional<String> problem = EntryRules.problem(e, top);
                if (problem.isPresent()) {
                    throw invalid(archive, problem.get());
                }
                List<String> rel = ArchivePaths.below(name, top).orElseThrow();
                String relText = String.join("/", rel);
                Path dest = root;
                for (String c : rel) {
                    dest = dest.resolve(c);
                }
                if (!dest.normalize().startsWith(root)) {
                    throw invalid(archive, "entry '" + printable(name) + "' resolves outside the target");
                }
                if (e.isDirectory()) {
                    if (!rel.isEmpty()) {
                        ensureDirectory(dest, root, safeDirs, archive, name);
                        paths.add(relText + "/");
                    }
                    dirModes.put(dest, e.getMode());
                    dirTimes.put(dest, FileTime.from(e.getLastModifiedDate().toInstant()));
                    continue;
                }
                ensureDirectory(dest.getParent(), root, safeDirs, archive, name);
                if (e.isSymbolicLink()) {
                    String linkTarget = e.getLinkName();
                    checkLinkTarget(archive, root, dest, name, linkTarget);
                    links.add(new PendingLink(dest, relText, linkTarget));
                    continue;
                }
                if (e.isLink()) {
                    List<String> src = ArchivePaths.below(e.getLinkName(), top).orElseThrow();
                    Path from = root;
                    for (String c : src) {
                        from = from.resolve(c);
                    }
                    if (src.isEmpty() || !Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
                        throw invalid(archive, "hard link '" + printable(name) + "' points to '" + printable(e.getLinkName())
                                + "', which is not an earlier file of the archive");
                    }
                    if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                        throw invalid(archive, "entry '" + printable(name) + "' replaces a folder with a file");
                    }
                    Files.copy(from, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                    bytes += Files.size(dest);
                    if (bytes > limits.maxBytes()) {
                        throw invalid(archive, "unpacks to more than " + limits.maxBytes() + " bytes");
                    }
                    files++;
                    paths.add(relText);
                    continue;
                }
                if (!e.isFile()) {
                    throw invalid(archive, "entry '" + printable(name) + "' has an unsupported type");
                }
                if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                    throw invalid(archive, "entry '" + printable(name) + "' replaces a folder with a file");
                }
                try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                    int n;
                    while ((n = tar.read(buf)) > 0) {
                        bytes += n;
                        if (bytes > limits.maxBytes()) {
                            throw invalid(archive, "unpacks to more than " + limits.maxBytes() + " bytes");
                        }
                        out.write(buf, 0, n);
                    }
                }
                setMode(dest, EntryRules.installMode(e.getMode(), false));
                Files.setLastModifiedTime(dest, FileTime.from(e.getLastModifiedDate().toInstant()));
                files++;
                paths.add(relText);
                if (files % PROGRESS_EVERY == 0) {
                    progress.update(files, bytes);
                }
            }
        }
        for (PendingLink l : links) {
            if (Files.exists(l.link(), LinkOption.NOFOLLOW_LINKS)) {
                if (Files.isDirectory(l.link(), LinkOption.NOFOLLOW_LINKS)) {
                    throw invalid(archive, "link '" + l.relative() + "' replaces a folder");
                }
                Files.delete(l.link());
            }
            Files.createSymbolicLink(l.link(), Path.of(l.target()));
            files++;
            paths.add(l.relative());
        }
        for (PendingLink l : links) {
            if (Files.exists(l.link())) {
                Path real = l.link().toRealPath();
                if (!real.startsWith(root)) {
                    Files.delete(l.link());
                    throw invalid(archive, "link '" + l.relative() + "' resolves outside the target through other links");
                }
            }
        }
        // Deepest folders first, so that a read-only parent cannot block its children.
        List<Path> dirs = new ArrayList<>(dirModes.keySet());
        dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path d : dirs) {
            setMode(d, EntryRules.installMode(dirModes.get(d), true));
            Files.setLastModifiedTime(d, dirTimes.get(d));
        }
        progress.update(files, bytes);
        return new Outcome(files, bytes, paths);
    }

    private static void checkLinkTarget(Path archive, Path root, Path link, String name, String target) {
        if (target == null || target.isEmpty() || target.indexOf('\0') >= 0 || target.startsWith("/")) {
            throw invalid(archive, "link '" + printable(name) + "' points to an absolute or empty path '" + printable(target) + "'");
        }
        Path resolved = link.getParent().resolve(target).normalize();
        if (!resolved.startsWith(root)) {
            throw invalid(archive, "link '" + printable(name) + "' points outside the target ('" + printable(target) + "')");
        }
    }

    /**
     * Creates a folder below {@code root}, refusing to go through any existing symbolic link or
     * file on the way, so that nothing is written outside {@code root}.
     */
    private static void ensureDirectory(Path dir, Path root, Set<Path> safe, Path archive, String name) throws IOException {
        if (safe.contains(dir)) {
            return;
        }
        Path rel = root.relativize(dir);
        Path cur = root;
        for (Path part : rel) {
            cur = cur.resolve(part);
            if (safe.contains(cur)) {
                continue;
            }
            if (Files.isSymbolicLink(cur)) {
                throw invalid(archive, "entry '" + printable(name) + "' would be written through the link '" + root.relativize(cur) + "'");
            }
            if (Files.exists(cur, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(cur, LinkOption.NOFOLLOW_LINKS)) {
                throw invalid(archive, "entry '" + printable(name) + "' needs '" + root.relativize(cur) + "' to be a folder, but it is a file");
            }
            try {
                Files.createDirectory(cur);
            } catch (FileAlreadyExistsException ok) {
                // a folder, checked above
            }
            safe.add(cur);
        }
    }

    private static void setMode(Path p, int mode) throws IOException {
        try {
            Files.setPosixFilePermissions(p, permissions(mode));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep its defaults
        }
    }

    /** The permission set of octal mode bits (e.g. 0644). */
    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    /** The octal mode bits of a permission set. */
    public static int mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) {
            m |= 0400 >> p.ordinal();
        }
        return m;
    }

    static String printable(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("[\\p{Cntrl}]", "?");
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    static UpgradeException invalid(Path archive, String problem) {
        return new UpgradeException(ErrorCode.RELEASE_INVALID, "Refusing release archive " + archive.getFileName() + ": " + problem + ".");
    }
}
