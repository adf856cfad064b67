package org.civiupgrade.internal.release;

import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.RestoreFileModes;

/**
 * The code swap's earlier files-folder compensation, kept so that journals written before
 * {@link RestoreFileModes} can still be rolled back: same JSON shape ({@code listFile}), same
 * effect. New runs record {@link RestoreFileModes}.
 *
 * @param listFile absolute path of the saved list ({@code octal-mode TAB url-encoded path} per line)
 * @deprecated journal compatibility only; read as {@link RestoreFileModes}
 */
@Deprecated
public record RestoreModesCompensation(String listFile) implements Compensation {
    @Override
    public String describe() {
        return new RestoreFileModes(listFile).describe();
    }

    @Override
    public java.util.Set<String> touches() {
        return new RestoreFileModes(listFile).touches();
    }

    @Override
    public void apply(CompensationContext context) throws Exception {
        new RestoreFileModes(listFile).apply(context);
    }
}
