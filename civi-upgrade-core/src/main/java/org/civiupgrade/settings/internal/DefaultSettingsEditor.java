package org.civiupgrade.settings.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.civiupgrade.Version;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.settings.SettingsOptions;
import org.civiupgrade.settings.SettingsUpgrade;
import org.civiupgrade.spi.support.SafeFiles;
import org.civiupgrade.spi.SettingsEditor;

/** The built-in {@link SettingsEditor}: {@link SettingsFile}, {@link SettingsUpgrade} and {@link SafeFiles}. */
public final class DefaultSettingsEditor implements SettingsEditor {
    @Override
    public SettingsFile read(Path file) {
        return SettingsFile.read(file);
    }

    @Override
    public SettingsUpgrade.Plan plan(SettingsFile file, Version from, Version to, SettingsOptions options) {
        return SettingsUpgrade.plan(file, from, to, options);
    }

    @Override
    public void write(Path file, SettingsFile content) throws IOException {
        SafeFiles.writeAtomically(file, content.bytes(), null);
    }
}
