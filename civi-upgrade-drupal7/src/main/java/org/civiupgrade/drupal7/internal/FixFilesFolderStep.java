package org.civiupgrade.drupal7.internal;

import java.io.IOException;
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
import java.util.stream.Stream;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.support.SafeFiles;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/**
 * Gives the web server's folders the documented modes (folders 0755, files 0644) and,
 * optionally, the web server user as owner. The previous mode and owner of every entry it
 * changes is saved in the run's folder first, and {@link RestoreFileModes} puts them back.
 * Symbolic links are neither followed nor changed.
 */
public final class FixFilesFolderStep implements Step {
    private final List<Path> roots;
    private final String owner;

    /** @param owner the web server user to give the entries to, or null to keep owners */
    public FixFilesFolderStep(List<Path> roots, String owner) {
        this.roots = List.copyOf(roots);
        this.owner = owner;
    }

    @Override
    public String id() {
        return "drupal7.fix-files-permissions";
    }

    @Override
    public String description() {
        return "Set the files folders to modes 0755 (folders) and 0644 (files)" + (owner == null ? "" : ", owned by " + owner);
    }

    @Override
    public Reversibility reversibility() {
        return Reversibility.REVERSIBLE;
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        List<PlannedAction> out = new ArrayList<>();
        for (Path r : roots) {
            out.add(new PlannedAction(id(), "modes 0755/0644" + (owner == null ? "" : " and owner " + owner) + " below " + r,
                    "restore each entry's previous mode and owner"));
        }
        return out;
    }

    @Override
    public void apply(StepContext context) throws Exception {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            context.warn("File modes cannot be set on this file system; the files folders were left as they are.");
            return;
        }
        UserPrincipal newOwner = owner == null ? null
                : FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(owner);
        List<Path> entries = new ArrayList<>();
        StringBuilder saved = new StringBuilder();
        for (Path r : roots) {
            if (!Files.isDirectory(r, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(r)) {
                for (Path p : s.toList()) {
                    if (Files.isSymbolicLink(p)) {
                        continue;
                    }
                    PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    String want = a.isDirectory() ? "rwxr-xr-x" : "rw-r--r--";
                    boolean modeChange = !PosixFilePermissions.toString(a.permissions()).equals(want);
                    boolean ownerChange = newOwner != null && !a.owner().equals(newOwner);
                    if (modeChange || ownerChange) {
                        entries.add(p);
                        saved.append(PosixFilePermissions.toString(a.permissions())).append('\t').append(a.owner().getName())
                                .append('\t').append(p.toAbsolutePath()).append('\n');
                    }
                }
            }
        }
        if (entries.isEmpty()) {
            return;
        }
        Path list = SafeFiles.ownerOnlyDirectories(context.runDir().resolve("drupal7")).resolve("file-modes.before");
        SafeFiles.writeAtomically(list, saved.toString().getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-------"));
        context.record(new RestoreFileModes(list.toString()));
        int done = 0;
        for (Path p : entries) {
            boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            if (newOwner != null) {
                Files.setOwner(p, newOwner);
            }
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(dir ? "rwxr-xr-x" : "rw-r--r--"));
            context.progress(++done, entries.size(), "files");
        }
    }

    static List<String[]> readSaved(Path list) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) {
                out.add(line.split("\t", 3));
            }
        }
        return out;
    }
}
