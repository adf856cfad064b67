package org.civiupgrade.internal.json;

import java.util.Map;
import java.util.Set;
import org.civiupgrade.internal.steps.CodeSwapCompensation;
import org.civiupgrade.internal.steps.EmptyFolderCompensation;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationTypes;
import org.civiupgrade.spi.support.DeletePath;
import org.civiupgrade.spi.support.MoveBack;
import org.civiupgrade.spi.support.RemoveCreatedDirectories;
import org.civiupgrade.spi.support.RestoreFileContent;
import org.civiupgrade.spi.support.RestoreFileModes;

/** Core's compensation types, always registered; former names are the class names of version 0.1. */
final class CoreCompensationTypes implements CompensationTypes {
    @Override
    public Set<Class<? extends Compensation>> types() {
        return Set.of(DeletePath.class, MoveBack.class, RemoveCreatedDirectories.class, RestoreFileContent.class,
                CodeSwapCompensation.class, EmptyFolderCompensation.class, RestoreFileModes.class,
                org.civiupgrade.internal.steps.RestoreCivicrmSetting.class);
    }

    @Override
    public Map<String, String> formerNames() {
        return Map.of(
                "org.civiupgrade.spi.DeletePath", "core.delete-path",
                "org.civiupgrade.spi.MoveBack", "core.move-back",
                "org.civiupgrade.spi.RemoveCreatedDirectories", "core.remove-created-directories",
                "org.civiupgrade.spi.RestoreFileContent", "core.restore-file-content",
                "org.civiupgrade.internal.release.CodeSwapCompensation", "core.code-swap",
                "org.civiupgrade.internal.release.EmptyFolderCompensation", "core.remove-empty-folder",
                "org.civiupgrade.internal.release.RestoreModesCompensation", "core.restore-file-modes");
    }
}
