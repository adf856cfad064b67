package org.civiupgrade.drupal7.internal;

import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;

/**
 * The files-folder step's earlier compensation, kept so that journals written before the core's
 * {@link org.civiupgrade.spi.RestoreFileModes} can still be rolled back: same JSON shape
 * ({@code listFile}), same effect. New runs record the core's.
 *
 * @param listFile the saved list ({@code mode TAB owner TAB path} per line)
 * @deprecated journal compatibility only; read as {@link org.civiupgrade.spi.RestoreFileModes}
 */
@Deprecated
public record RestoreFileModes(String listFile) implements Compensation {
    @Override
    public String describe() {
        return new org.civiupgrade.spi.RestoreFileModes(listFile).describe();
    }

    @Override
    public java.util.Set<String> touches() {
        return new org.civiupgrade.spi.RestoreFileModes(listFile).touches();
    }

    @Override
    public void apply(CompensationContext context) throws Exception {
        new org.civiupgrade.spi.RestoreFileModes(listFile).apply(context);
    }
}
