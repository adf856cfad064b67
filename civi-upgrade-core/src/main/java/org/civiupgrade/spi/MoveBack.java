package org.civiupgrade.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Undoes a rename of {@code original} to {@code moved}: moves {@code moved} back when it exists
 * and {@code original} does not. Correct whether or not the rename happened, so it can be
 * recorded before the rename. If both exist (something else was put at the original place), the
 * compensation fails and names both paths rather than guess, because guessing could lose data.
 *
 * @param original where the file or folder was
 * @param moved    where it was moved to
 */
public record MoveBack(String original, String moved) implements Compensation {
    public MoveBack {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(moved, "moved");
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
            throw new IOException("Cannot move " + from + " back: " + to + " exists. Remove or rename " + to
                    + " after checking it, then recover again.");
        }
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        SafeFiles.forceDirectory(to.toAbsolutePath().getParent());
    }
}
