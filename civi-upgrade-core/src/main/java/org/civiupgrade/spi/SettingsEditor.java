package org.civiupgrade.spi;

import org.civiupgrade.spi.support.RestoreFileContent;
import java.nio.file.Path;
import org.civiupgrade.Version;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.settings.SettingsOptions;
import org.civiupgrade.settings.SettingsUpgrade;

/**
 * Reads and edits {@code civicrm.settings.php} losslessly (untouched bytes stay identical) and
 * writes it atomically. The default implementation is found with {@link java.util.ServiceLoader};
 * a hosting tool may supply its own (e.g. one that also updates a templated copy of the file).
 */
public interface SettingsEditor {
    /** Reads and parses the file. */
    SettingsFile read(Path file);

    /** The edits the version jump needs, with findings for the check report. */
    SettingsUpgrade.Plan plan(SettingsFile file, Version from, Version to, SettingsOptions options);

    /**
     * Replaces the file's bytes atomically (temporary file, fsync, rename), keeping its owner and
     * mode. Saving the previous bytes for rollback is the caller's part (see {@link RestoreFileContent}).
     */
    void write(Path file, SettingsFile content) throws java.io.IOException;

    /** The first implementation on the class path or module path, else the built-in one. */
    static SettingsEditor standard() {
        return java.util.ServiceLoader.load(SettingsEditor.class, SettingsEditor.class.getClassLoader()).findFirst()
                .orElseGet(org.civiupgrade.settings.internal.DefaultSettingsEditor::new);
    }
}
