package org.civiupgrade.spi.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;

/**
 * Puts back the mode (and owner, when it differs) of every entry in a list saved by
 * {@link FileModes#fix}, which is written and forced to disk before any mode changes, so
 * applying this is right whether none, some or all changes were made. Entries that no longer exist,
 * or are now symbolic links, are skipped; a missing list means nothing was changed. Also reads
 * the lists of the two earlier files-folder fixes (see {@link FileModes}), whose compensations
 * had this same JSON shape and are read as this type: the code swap's
 * {@code org.civiupgrade.internal.release.RestoreModesCompensation} (already journaled as
 * {@code core.restore-file-modes}) and the Drupal 7 module's
 * {@code org.civiupgrade.drupal7.internal.RestoreFileModes} ({@code drupal7.restore-file-modes}).
 *
 * @param listFile absolute path of the saved list (in the run folder)
 */
@com.fasterxml.jackson.annotation.JsonTypeName("core.restore-file-modes")
public record RestoreFileModes(String listFile) implements Compensation {
    @Override
    public String describe() {
        return "restore file modes and owners listed in " + listFile;
    }

    /** The files listed (and the list). */
    @Override
    public Set<String> touches() {
        Path list = Path.of(listFile);
        try {
            if (Files.exists(list)) {
                Set<String> out = new java.util.LinkedHashSet<>();
                out.add(Scopes.file(list));
                FileModes.read(Files.readAllLines(list, StandardCharsets.UTF_8)).forEach(s -> out.add(Scopes.file(s.path())));
                return Set.copyOf(out);
            }
        } catch (java.io.IOException | RuntimeException e) {
            return Set.of(EVERYTHING);
        }
        return Set.of(Scopes.file(list));
    }

    @Override
    public void apply(CompensationContext context) throws Exception {
        Path list = Path.of(listFile);
        if (!Files.exists(list)) {
            return;
        }
        var users = FileSystems.getDefault().getUserPrincipalLookupService();
        for (FileModes.Saved e : FileModes.read(Files.readAllLines(list, StandardCharsets.UTF_8))) {
            Path p = e.path();
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
                continue;
            }
            if (e.owner() != null && !Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName().equals(e.owner())) {
                Files.setOwner(p, users.lookupPrincipalByName(e.owner()));
            }
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(e.mode()));
        }
    }
}
