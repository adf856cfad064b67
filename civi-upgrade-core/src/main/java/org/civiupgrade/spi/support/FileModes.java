package org.civiupgrade.spi.support;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.civiupgrade.spi.StepContext;

/**
 * The documented modes of a CMS's web-server-writable folders (Drupal's files folder, CiviCRM's
 * upload and compiled-template folders): folders {@code 0755}, files {@code 0644}, and optionally
 * one owner (the web server user). One implementation for every step that sets them (the core's
 * code swap, the Drupal 7 module's files-folder step), undone exactly by {@link RestoreFileModes}.
 * Symbolic links are neither followed nor changed.
 *
 * <p>The saved list, written before anything changes, starts with the line {@value #HEADER} and
 * has one line per entry: {@code rwxr-xr-x TAB owner TAB path}, the mode as
 * {@link PosixFilePermissions#toString}, the owner's name, the absolute path as
 * {@link URLEncoder} text (UTF-8).
 */
public final class FileModes {
    /** First line of a saved list in this format. */
    public static final String HEADER = "# civi-upgrade file modes 2: mode, owner, url-encoded path";
    /** The mode of folders. */
    public static final String FOLDER_MODE = "rwxr-xr-x";
    /** The mode of files. */
    public static final String FILE_MODE = "rw-r--r--";

    /** An entry whose mode (or owner) differs from the documented one, as it is now. */
    public record Deviation(Path path, String mode, String owner, boolean folder) {
        /** The mode it should have. */
        public String wanted() {
            return folder ? FOLDER_MODE : FILE_MODE;
        }
    }

    private FileModes() {
    }

    /**
     * Every entry below (and including) the roots whose mode is not the documented one, or whose
     * owner is not {@code owner} when one is given; missing roots are skipped.
     *
     * @param owner the web server user's name, or empty to keep owners
     * @throws IOException when a folder cannot be read or the owner is not a user here
     */
    public static List<Deviation> deviations(List<Path> roots, Optional<String> owner) throws IOException {
        UserPrincipal wantedOwner = owner.isEmpty() ? null
                : FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(owner.get());
        List<Deviation> out = new ArrayList<>();
        for (Path r : roots) {
            if (!Files.isDirectory(r, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> all = Files.walk(r)) {
                for (Path p : all.toList()) {
                    if (Files.isSymbolicLink(p)) {
                        continue;
                    }
                    PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    Deviation d = new Deviation(p.toAbsolutePath(), PosixFilePermissions.toString(a.permissions()), a.owner().getName(),
                            a.isDirectory());
                    if (!d.mode().equals(d.wanted()) || wantedOwner != null && !a.owner().equals(wantedOwner)) {
                        out.add(d);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Sets the documented modes (and owner) below the roots: saves the current mode and owner of
     * every entry it changes in {@code listFile} (owner-only, forced to disk), records
     * {@link RestoreFileModes} for it, then changes the entries, reporting progress in
     * {@code "files"}. Does nothing (and records nothing) when nothing deviates.
     *
     * @param owner    the web server user to give the entries to (needs root), or empty to keep owners
     * @param listFile where to save the list, normally in the run folder (a missing folder is created owner-only)
     * @return the entries changed
     */
    public static List<Deviation> fix(StepContext context, List<Path> roots, Optional<String> owner, Path listFile) throws Exception {
        List<Deviation> dev = deviations(roots, owner);
        if (dev.isEmpty()) {
            return dev;
        }
        StringBuilder saved = new StringBuilder(HEADER).append('\n');
        for (Deviation d : dev) {
            saved.append(d.mode()).append('\t').append(d.owner()).append('\t')
                    .append(URLEncoder.encode(d.path().toString(), StandardCharsets.UTF_8)).append('\n');
        }
        Path folder = listFile.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            SafeFiles.ownerOnlyDirectories(folder);
        }
        SafeFiles.writeAtomically(listFile, saved.toString().getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-------"));
        context.record(new RestoreFileModes(listFile.toAbsolutePath().toString()));
        UserPrincipal newOwner = owner.isEmpty() ? null
                : FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(owner.get());
        int done = 0;
        for (Deviation d : dev) {
            if (newOwner != null) {
                Files.setOwner(d.path(), newOwner);
            }
            Files.setPosixFilePermissions(d.path(), PosixFilePermissions.fromString(d.wanted()));
            context.progress(++done, dev.size(), "files");
        }
        return dev;
    }

    /** One saved entry: mode as {@code rwxr-xr-x}, owner name (null when the list did not save it), path. */
    record Saved(String mode, String owner, Path path) {
    }

    /**
     * Reads a saved list: this format, and the two earlier ones (the code swap's
     * {@code octal-mode TAB url-encoded path}, the Drupal 7 files-folder step's
     * {@code rwxr-xr-x TAB owner TAB path}). Lines that fit none are skipped.
     */
    static List<Saved> read(List<String> lines) {
        boolean current = !lines.isEmpty() && lines.get(0).equals(HEADER);
        List<Saved> out = new ArrayList<>();
        for (String line : current ? lines.subList(1, lines.size()) : lines) {
            String[] e = line.split("\t", 3);
            if (e.length == 3) {
                String path = current ? URLDecoder.decode(e[2], StandardCharsets.UTF_8) : e[2];
                out.add(new Saved(e[0], e[1], Path.of(path)));
            } else if (e.length == 2 && e[0].matches("[0-7]{1,4}")) {
                out.add(new Saved(symbolic(Integer.parseInt(e[0], 8)), null, Path.of(URLDecoder.decode(e[1], StandardCharsets.UTF_8))));
            }
        }
        return out;
    }

    private static String symbolic(int mode) {
        StringBuilder sb = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return sb.toString();
    }
}
