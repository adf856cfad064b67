package org.civiupgrade.internal.cms;

import java.util.ArrayList;
import java.util.List;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Severity;
import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.cms.FilesFolderSupport;
import org.civiupgrade.spi.support.ForwardingStep;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.cms.SiteInspection;
import org.civiupgrade.spi.Step;

/**
 * The first step of the offline stage, with the site-wide pre-flight findings of the adapter
 * added to its own: the warnings and blockers of {@link SiteInspection#inspect}, then, when the
 * plan names the web server's user ({@link PlanOptions#WEB_SERVER_USER}), every finding of
 * {@link FilesFolderSupport#checkWritable}. Everything else is the step's own.
 */
final class SiteChecks extends ForwardingStep {
    private final CmsAdapter adapter;

    SiteChecks(Step delegate, CmsAdapter adapter) {
        super(delegate);
        this.adapter = adapter;
    }

    @Override
    public List<CheckResult> check(PlanContext context) {
        List<CheckResult> out = new ArrayList<>(super.check(context));
        if (adapter instanceof SiteInspection s) {
            s.inspect(context.site(), context.resources().cmsDatabase()).stream()
                    .filter(c -> c.severity() != Severity.INFO).forEach(out::add);
        }
        if (adapter instanceof FilesFolderSupport f) {
            context.options().find(org.civiupgrade.CoreOptions.WEB_SERVER_USER).filter(u -> !u.isBlank())
                    .ifPresent(user -> out.addAll(f.checkWritable(context.site(), user)));
        }
        return out;
    }
}
