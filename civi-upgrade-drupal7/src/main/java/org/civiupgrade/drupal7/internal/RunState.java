package org.civiupgrade.drupal7.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.civiupgrade.spi.support.SafeFiles;

/**
 * What an "off" step saves in the run's folder for the matching "on" step of the same run
 * (owner-only files, written atomically): the exact previous bytes of a variable, the list of
 * modules that were disabled.
 */
final class RunState {
    private static final String ABSENT = "absent";

    private RunState() {
    }

    private static Path dir(Path runDir) throws IOException {
        return SafeFiles.ownerOnlyDirectories(runDir.resolve("drupal7"));
    }

    static void saveVariable(Path runDir, String name, byte[] value) throws IOException {
        Path f = dir(runDir).resolve("variable-" + name + ".before");
        String text = value == null ? ABSENT : "bytes:" + Base64.getEncoder().encodeToString(value);
        SafeFiles.writeAtomically(f, text.getBytes(StandardCharsets.US_ASCII), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    /** Empty: nothing saved; Optional.of(null-holder) is expressed with {@link Saved}. */
    static Optional<Saved> loadVariable(Path runDir, String name) throws IOException {
        Path f = runDir.resolve("drupal7").resolve("variable-" + name + ".before");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        String text = Files.readString(f, StandardCharsets.US_ASCII).trim();
        return Optional.of(new Saved(text.equals(ABSENT) ? null : Base64.getDecoder().decode(text.substring("bytes:".length()))));
    }

    static void saveModules(Path runDir, List<String> modules) throws IOException {
        Path f = dir(runDir).resolve("integration-modules.disabled");
        SafeFiles.writeAtomically(f, String.join("\n", modules).getBytes(StandardCharsets.UTF_8),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    static Optional<List<String>> loadModules(Path runDir) throws IOException {
        Path f = runDir.resolve("drupal7").resolve("integration-modules.disabled");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        return Optional.of(Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).toList());
    }

    /** A saved value; {@code bytes} null means the variable had no row. */
    record Saved(byte[] bytes) {
    }
}
