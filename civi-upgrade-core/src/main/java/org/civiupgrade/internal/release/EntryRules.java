package org.civiupgrade.internal.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * The rules every entry of a release archive must follow, shared by the inspection (which
 * reports every breach before anything changes) and the {@link SafeExtractor} (which refuses
 * at the first one while unpacking): a name neither absolute nor climbing with {@code ..};
 * below the top folder; no device file or FIFO; a symbolic link pointing to a relative path
 * that stays inside the top folder; a hard link naming a file inside the top folder.
 *
 * <p>Also the install modes: files and folders are installed without group and other write
 * permission (CiviCRM documents code folders 0755 and files 0644; a world-writable code file
 * lets any local account change the site's PHP).
 */
public final class EntryRules {
    /** Permission bits removed from every file and folder installed from a release (group and other write). */
    public static final int STRIPPED_BITS = 0022;

    private EntryRules() {
    }

    /**
     * What is wrong with an entry, or empty when it follows the rules; {@code top} is the top
     * folder (e.g. {@code civicrm}), {@code ""} for none. Hard links are checked only for their
     * name here (whether they name an earlier file is the caller's to know).
     */
    public static Optional<String> problem(TarArchiveEntry e, String top) {
        String name = e.getName();
        Optional<List<String>> rel = ArchivePaths.below(name, top);
        if (rel.isEmpty()) {
            return Optional.of("entry '" + SafeExtractor.printable(name) + "' is "
                    + (ArchivePaths.components(name).isEmpty() ? "absolute or climbs out with '..'"
                    : "outside the top folder '" + top + "/'"));
        }
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            return Optional.of("entry '" + SafeExtractor.printable(name) + "' is a device file or FIFO");
        }
        if (e.isSymbolicLink()) {
            return linkProblem(name, rel.get(), e.getLinkName());
        }
        if (e.isLink() && ArchivePaths.below(e.getLinkName(), top).map(List::isEmpty).orElse(true)) {
            return Optional.of("hard link '" + SafeExtractor.printable(name) + "' points outside the archive's top folder");
        }
        if (rel.get().isEmpty() && !e.isDirectory()) {
            return Optional.of("entry '" + SafeExtractor.printable(name) + "' replaces the top folder with a file");
        }
        return Optional.empty();
    }

    /**
     * Whether a symbolic link at {@code linkBelowTop} (components below the top folder) pointing to
     * {@code target} stays inside the top folder, judged on the names alone.
     */
    static Optional<String> linkProblem(String name, List<String> linkBelowTop, String target) {
        if (target == null || target.isEmpty() || target.indexOf('\0') >= 0 || target.startsWith("/")) {
            return Optional.of("link '" + SafeExtractor.printable(name) + "' points to an absolute or empty path '"
                    + SafeExtractor.printable(target) + "'");
        }
        List<String> at = new ArrayList<>(linkBelowTop.isEmpty() ? List.of() : linkBelowTop.subList(0, linkBelowTop.size() - 1));
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (at.isEmpty()) {
                    return Optional.of("link '" + SafeExtractor.printable(name) + "' points outside the target ('"
                            + SafeExtractor.printable(target) + "')");
                }
                at.remove(at.size() - 1);
            } else {
                at.add(part);
            }
        }
        return Optional.empty();
    }

    /** The mode a file or folder of the release is installed with: its own bits less {@link #STRIPPED_BITS}. */
    public static int installMode(int archiveMode, boolean directory) {
        int m = archiveMode & 0777;
        if (m == 0) {
            m = directory ? 0755 : 0644;
        }
        m |= directory ? 0700 : 0400;
        return m & ~STRIPPED_BITS;
    }
}
