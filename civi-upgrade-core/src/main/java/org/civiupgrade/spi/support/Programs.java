package org.civiupgrade.spi.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a program the way a shell does: a name containing {@code /} is a path; any other name
 * is looked up in the folders of the {@code PATH} environment variable of this process, in
 * order. For upgraders deciding whether they apply ({@code SchemaUpgrader.priority}).
 */
public final class Programs {
    private Programs() {
    }

    /**
     * The executable file {@code nameOrPath} stands for, or empty when there is none.
     *
     * @param nameOrPath a program name such as {@code cv}, or a path such as {@code /usr/local/bin/cv}
     */
    public static Optional<Path> find(String nameOrPath) {
        if (nameOrPath.isEmpty()) {
            return Optional.empty();
        }
        if (nameOrPath.contains("/")) {
            Path p = Path.of(nameOrPath);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, nameOrPath);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
