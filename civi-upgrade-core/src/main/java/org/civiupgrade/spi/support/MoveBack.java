package org.civiupgrade.spi.support;

import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import org.civiupgrade.internal.release.Trees;

/**
 * Undoes a rename of {@code original} to {@code moved}: moves {@code moved} back when it exists
 * and {@code original} does not. Correct whether or not the rename happened, so it can be
 * recorded before the rename.
 *
 * <p>If both exist, something was put at the original place after the rename: typically an
 * older compensation that ran while this one had failed, and that recovery will replay after
 * this one anyway. That occupant is moved into the run folder ({@code displaced/}, owner-only)
 * rather than deleted, so nothing is ever lost, and the move back goes ahead.
 *
 * @param original where the file or folder was
 * @param moved    where it was moved to
 */
@JsonTypeName("core.move-back")
public record MoveBack(String original, String moved) implements Compensation {
    public MoveBack {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(moved, "moved");
    }

    @Override
    public java.util.Set<String> touches() {
        return java.util.Set.of("file:" + original, "file:" + moved);
    }

    @Override
    public String describe() {
        return "move " + moved + " back to " + original;
    }

    @Override
    public void apply(CompensationContext context) throws IOException {
        Path from = Path.of(moved);
        Path to = Path.of(original);
        boolean fromExists = Files.exists(from, LinkOption.NOFOLLOW_LINKS);
        boolean toExists = Files.exists(to, LinkOption.NOFOLLOW_LINKS);
        if (!fromExists) {
            return; // never moved, or already moved back
        }
        if (toExists) {
            Path aside = SafeFiles.ownerOnlyDirectories(context.runDir().resolve("displaced"))
                    .resolve(System.nanoTime() + "-" + to.getFileName());
            // a rename, else (another file system) a copy that keeps links as links, then the removal
            Trees.moveTree(to, aside, aside.resolveSibling(aside.getFileName() + ".partial"));
            org.civiupgrade.internal.redact.Logs.get(MoveBack.class).warn("{} was in the way of moving {} back; it was kept as {}", to, from, aside);
        }
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        SafeFiles.forceDirectory(to.toAbsolutePath().getParent());
    }
}
