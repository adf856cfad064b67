package org.civiupgrade.internal.cms;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.civiupgrade.CoreOptions;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.settings.SettingsFile;
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
 * {@link FilesFolderSupport#checkWritable}, then the findings about CiviCRM's folders and
 * extensions ({@link MovedPaths}, {@link ExtensionChecks}). Everything else is the step's own.
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
            s.inspect(context.site(), context.resources(), context.options()).stream()
                    .filter(c -> c.severity() != Severity.INFO).forEach(out::add);
        }
        if (adapter instanceof FilesFolderSupport f) {
            context.options().find(org.civiupgrade.CoreOptions.WEB_SERVER_USER).filter(u -> !u.isBlank())
                    .ifPresent(user -> out.addAll(f.checkWritable(context.site(), user)));
        }
        out.addAll(civicrmFolders(context));
        return out;
    }

    /** The moved-paths and extension findings ({@link MovedPaths}, {@link ExtensionChecks}); none when the settings file cannot be read. */
    private static List<CheckResult> civicrmFolders(PlanContext context) {
        Site site = context.site();
        SettingsFile settings;
        try {
            settings = SettingsFile.read(site.civicrmSettingsFile());
        } catch (UpgradeException e) {
            return List.of(); // reported where the settings are read for the upgrade itself
        }
        CivicrmPaths paths = new CivicrmPaths(site, settings);
        Optional<DataSource> civicrm = Optional.of(context.resources().civicrmDatabase());
        int domainId = context.options().find(CoreOptions.CIVICRM_DOMAIN_ID).orElseGet(() -> site.attribute(
                CoreOptions.CIVICRM_DOMAIN_ID.name()).map(CoreOptions.CIVICRM_DOMAIN_ID::parse).orElse(1));
        List<CheckResult> out = new ArrayList<>(MovedPaths.check(site, settings, paths, civicrm, domainId,
                context.options().find(CoreOptions.TARGET_VERSION)));
        out.addAll(ExtensionChecks.check(site, paths, civicrm, domainId, context.options().find(CoreOptions.TARGET_VERSION)));
        return out;
    }
}
