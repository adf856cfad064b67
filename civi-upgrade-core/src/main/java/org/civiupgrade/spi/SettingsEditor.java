package org.civiupgrade.spi;

import org.civiupgrade.spi.support.RestoreFileContent;
import java.nio.file.Path;
import org.civiupgrade.Version;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.settings.SettingsOptions;
import org.civiupgrade.settings.SettingsUpgrade;

/**
 * Reads and edits {@code civicrm.settings.php} losslessly (untouched bytes stay identical) and
 * writes it atomically. A hosting tool may supply its own (e.g. one that also updates a templated
 * copy of the file, usually by decorating the built-in behaviour): with
 * {@code Upgrade.Builder.settingsEditor(...)}, or registered with {@link java.util.ServiceLoader}.
 * Which one: the {@code Upgrade.Builder} override wins; otherwise every installed provider (library and context
 * class loaders) is asked its priority for the site, a negative one drops it, the highest wins and
 * equal priorities are ordered by class name (see {@link #priority(org.civiupgrade.Site)}); when none is
 * registered, the built-in editor is used. Core registers no editor of its own.
 */
public interface SettingsEditor {
    /**
     * Whether, and how strongly, this editor offers itself for the site: {@code 0} to {@code 1000},
     * higher wins; negative means "not for this site" (the built-in editor is used then). Equal
     * priorities are ordered by class name. The default is {@code 0}.
     */
    default int priority(org.civiupgrade.Site site) {
        return 0;
    }

    /** Reads and parses the file. */
    SettingsFile read(Path file);

    /** The edits the version jump needs, with findings for the check report. */
    SettingsUpgrade.Plan plan(SettingsFile file, Version from, Version to, SettingsOptions options);

    /**
     * Replaces the file's bytes atomically (temporary file, fsync, rename), keeping its owner and
     * mode. Saving the previous bytes for rollback is the caller's part (see {@link RestoreFileContent}).
     */
    void write(Path file, SettingsFile content) throws java.io.IOException;
}
