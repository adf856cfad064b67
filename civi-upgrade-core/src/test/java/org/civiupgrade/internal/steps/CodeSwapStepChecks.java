package org.civiupgrade.internal.steps;

import java.util.List;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Release;

/** Test access to the code swap's release findings. */
public final class CodeSwapStepChecks {
    private CodeSwapStepChecks() {
    }

    public static List<CheckResult> releaseFindings(Release release) {
        return new CodeSwapStep(release).releaseFindings();
    }
}
