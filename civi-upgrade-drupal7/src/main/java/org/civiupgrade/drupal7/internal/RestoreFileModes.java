package org.civiupgrade.drupal7.internal;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;

/**
 * Puts back the mode and owner of every entry listed in a saved file ({@code mode TAB owner TAB
 * path} per line). Entries that no longer exist are skipped.
 *
 * @param listFile the saved list in the run's folder
 */
@JsonTypeName("drupal7.restore-file-modes")
public record RestoreFileModes(String listFile) implements Compensation {
    @Override
    public String describe() {
        return "restore file modes and owners listed in " + listFile;
    }

    @Override
    public java.util.Set<String> touches() {
        return org.civiupgrade.spi.support.Scopes.listedFiles(Path.of(listFile), line -> {
            String[] e = line.split("\t", 3);
            return e.length == 3 ? e[2] : null;
        });
    }

    @Override
    public void apply(CompensationContext context) throws Exception {
        Path list = Path.of(listFile);
        if (!Files.exists(list)) {
            return;
        }
        UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        for (String[] e : FixFilesFolderStep.readSaved(list)) {
            Path p = Path.of(e[2]);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
                continue;
            }
            if (!Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName().equals(e[1])) {
                Files.setOwner(p, users.lookupPrincipalByName(e[1]));
            }
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(e[0]));
        }
    }
}
