package org.civiupgrade.spi.support;

import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.StepContext;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Puts a file back as it was before a step rewrote, created or deleted it: its saved copy's
 * bytes (and mode) when it existed, or no file when it did not, along with the folders that
 * had to be created for it. Idempotent. Use {@link #save(StepContext, Path)} to save the copy
 * and record this compensation in one go, before changing the file (or creating its folders).
 *
 * @param file        the file that changes
 * @param savedCopy   the copy of its previous bytes (in the run folder), or null when it did not exist
 * @param createdDirs the highest missing ancestor folder of the file when it was saved (removed
 *                    again if empty), or null when the file's folder existed
 */
@JsonTypeName("core.restore-file-content")
public record RestoreFileContent(String file, @Nullable String savedCopy, @Nullable String createdDirs) implements Compensation {
    public RestoreFileContent {
        Objects.requireNonNull(file, "file");
    }

    /**
     * Copies the file's current bytes into the run folder (owner-only) and records the compensation
     * that restores them; call it before changing the file.
     */
    public static RestoreFileContent save(StepContext context, Path file) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        String copy = null;
        Path missing = null;
        for (Path p = target.getParent(); p != null && !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing = p;
        }
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Path dir = SafeFiles.ownerOnlyDirectories(context.runDir().resolve("saved-files"));
            Path saved = Files.createTempFile(dir, target.getFileName().toString() + ".", ".orig");
            Files.copy(target, saved, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            SafeFiles.restrictToOwner(saved);
            // keep the original mode beside the copy, since the copy itself is owner-only
            if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.writeString(Path.of(saved + ".mode"),
                        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
            }
            copy = saved.toString();
        }
        RestoreFileContent c = new RestoreFileContent(target.toString(), copy, missing == null ? null : missing.toString());
        context.record(c);
        return c;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    @Override
    public java.util.Set<String> touches() {
        return createdDirs == null ? java.util.Set.of("file:" + file) : java.util.Set.of("file:" + file, "file:" + createdDirs);
    }

    @Override
    public String describe() {
        return savedCopy == null ? "remove " + file + " (it did not exist before)" : "restore the previous bytes of " + file;
    }

    @Override
    public void apply(CompensationContext context) throws IOException {
        Path target = Path.of(file);
        // a crash in the middle of an atomic write of this file leaves its temporary sibling
        Files.deleteIfExists(SafeFiles.temporarySibling(target));
        if (savedCopy == null) {
            Files.deleteIfExists(target);
            if (createdDirs != null) {
                Path top = Path.of(createdDirs);
                for (Path p = target.getParent(); p != null && p.startsWith(top); p = p.getParent()) {
                    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && isEmpty(p)) {
                        Files.delete(p);
                    }
                }
            }
            return;
        }
        Path saved = Path.of(savedCopy);
        if (!Files.exists(saved)) {
            throw new IOException("The saved copy " + saved + " of " + target + " is missing; restore the file from your backup.");
        }
        Files.createDirectories(target.getParent());
        byte[] before = Files.readAllBytes(saved);
        Path mode = Path.of(savedCopy + ".mode");
        java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.exists(mode)
                ? java.nio.file.attribute.PosixFilePermissions.fromString(Files.readString(mode).trim()) : null;
        if (Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS) && java.util.Arrays.equals(Files.readAllBytes(target), before)
                && (perms == null || perms.equals(Files.getPosixFilePermissions(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)))) {
            return; // the change never happened (e.g. the file could not be written): nothing to put back
        }
        SafeFiles.writeAtomically(target, before, null);
        if (perms != null) {
            Files.setPosixFilePermissions(target, perms);
        }
    }
}
