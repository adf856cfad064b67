package org.civiupgrade.internal.release;

import java.nio.file.Path;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;

/**
 * Removes a folder the run created (e.g. the staging folder of a code swap), if it is there.
 *
 * @param path absolute path of the folder
 */
public record RemoveTreeCompensation(String path) implements Compensation {
    @Override
    public String describe() {
        return "remove " + path;
    }

    @Override
    public void apply(CompensationContext context) throws Exception {
        Trees.deleteIfPresent(Path.of(path));
    }
}
