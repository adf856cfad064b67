package org.civiupgrade.internal.engine;

import java.nio.file.Path;
import org.civiupgrade.Site;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.SiteResources;

/** The context a compensation runs with. */
record DefaultCompensationContext(Site site, SiteResources resources, Path runDir, Progress sink,
                                  java.util.function.Consumer<String> warnings) implements CompensationContext {
    interface Progress {
        void report(long done, long total, String unit);
    }

    @Override
    public void warn(String message) {
        warnings.accept(message);
    }

    @Override
    public void progress(long done, long total, String unit) {
        sink.report(done, total, unit);
    }
}
