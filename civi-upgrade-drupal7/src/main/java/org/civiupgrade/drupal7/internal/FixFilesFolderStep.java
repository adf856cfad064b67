package org.civiupgrade.drupal7.internal;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.spi.support.FileModes;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/**
 * Gives the web server's folders the documented modes (folders 0755, files 0644) and,
 * optionally, the web server user as owner, with the core's {@link FileModes#fix}: the previous
 * mode and owner of every entry it changes is saved in the run's folder first, and the core's
 * {@link org.civiupgrade.spi.support.RestoreFileModes} puts them back.
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
        FileModes.fix(context, roots, Optional.ofNullable(owner), context.runDir().resolve("drupal7").resolve("file-modes.before"));
    }
}
