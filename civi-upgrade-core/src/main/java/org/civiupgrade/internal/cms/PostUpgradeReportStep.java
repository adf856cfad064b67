package org.civiupgrade.internal.cms;

import java.util.List;
import java.util.Map;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.Version;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.cms.SiteInspection;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/**
 * Adds the adapter's post-upgrade report ({@link SiteInspection#report}) to the run's result,
 * section by section; changes nothing. Its id is {@code <adapter name>.post-upgrade-report}.
 */
final class PostUpgradeReportStep implements Step {
    private final String id;
    private final SiteInspection inspection;
    private final Version from;
    private final Version to;

    PostUpgradeReportStep(String adapterName, SiteInspection inspection, Version from, Version to) {
        this.id = adapterName + ".post-upgrade-report";
        this.inspection = inspection;
        this.from = from;
        this.to = to;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return "Report role permissions to review, the Resource URL and the action items of this version jump";
    }

    @Override
    public Reversibility reversibility() {
        return Reversibility.REVERSIBLE;
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        return List.of(new PlannedAction(id, "list permissions to review and action items (changes nothing)", ""));
    }

    @Override
    public void apply(StepContext context) {
        for (Map.Entry<String, List<String>> section : inspection.report(context.site(), context.resources(), from, to).entrySet()) {
            for (String line : section.getValue()) {
                context.report(section.getKey(), line);
            }
        }
    }
}
