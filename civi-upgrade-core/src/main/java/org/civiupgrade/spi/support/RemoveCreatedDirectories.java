package org.civiupgrade.spi.support;

import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.StepContext;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Removes folders a step created, from {@code deepest} up to and including {@code top}, but
 * only those that are empty: anything found inside (for instance a folder a failed
 * compensation could not move back) stays, so this can never lose data. Idempotent.
 *
 * @param deepest the innermost created folder
 * @param top     the outermost created folder (an ancestor of, or equal to, {@code deepest})
 */
@JsonTypeName("core.remove-created-directories")
public record RemoveCreatedDirectories(String deepest, String top) implements Compensation {
    public RemoveCreatedDirectories {
        Objects.requireNonNull(deepest, "deepest");
        Objects.requireNonNull(top, "top");
        if (!Path.of(deepest).startsWith(Path.of(top))) {
            throw new IllegalArgumentException(deepest + " is not inside " + top);
        }
    }

    /**
     * Records, before {@code Files.createDirectories(dir)}, the compensation that removes the
     * folders that call will create; records nothing when {@code dir} exists.
     */
    public static void recordBeforeCreating(StepContext context, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path missing = null;
        for (Path p = abs; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing = p;
        }
        if (missing != null) {
            context.record(new RemoveCreatedDirectories(abs.toString(), missing.toString()));
        }
    }

    @Override
    public java.util.Set<String> touches() {
        return java.util.Set.of("file:" + top);
    }

    @Override
    public String describe() {
        return "remove the folders created from " + top + " down to " + deepest + " if they are empty";
    }

    @Override
    public void apply(CompensationContext context) throws IOException {
        Path stop = Path.of(top);
        for (Path p = Path.of(deepest); p != null && p.startsWith(stop); p = p.getParent()) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                try (var entries = Files.list(p)) {
                    if (entries.findAny().isPresent()) {
                        return;
                    }
                }
                Files.delete(p);
            }
        }
    }
}
