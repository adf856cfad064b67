package org.civiupgrade.internal.cms;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.cms.CacheSupport;
import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.cms.FilesFolderSupport;
import org.civiupgrade.spi.cms.FrontPageSupport;
import org.civiupgrade.spi.cms.IntegrationModuleSupport;
import org.civiupgrade.spi.cms.MaintenanceModeSupport;
import org.civiupgrade.spi.ProcedureContext;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.spi.cms.SiteInspection;
import org.civiupgrade.spi.Step;

/**
 * The CMS part of the documented procedure, built from the capability interfaces the site's
 * {@link CmsAdapter} implements:
 * <ul>
 * <li>OFFLINE: maintenance on ({@link MaintenanceModeSupport}), front page off CiviCRM
 * ({@link FrontPageSupport}), integration modules disabled ({@link IntegrationModuleSupport});
 * the first of these also carries the pre-flight findings of {@link SiteInspection} and, with
 * the plan option {@code cms.webServerUser}, of {@link FilesFolderSupport};</li>
 * <li>CLEAR_CACHES: {@link CacheSupport};</li>
 * <li>ONLINE: the reverse: modules enabled again, front page back, maintenance mode as it was;</li>
 * <li>REPORT: the post-upgrade report of {@link SiteInspection}.</li>
 * </ul>
 * The engine's procedure asks it directly, before the installed contributors, so that these steps
 * keep their place whatever the class path holds.
 */
public final class CapabilityProcedure {
    private final ProcedureContext context;
    private final Optional<CmsAdapter> adapter;

    public CapabilityProcedure(ProcedureContext context) {
        this.context = context;
        this.adapter = context.site().adapter();
    }

    /** The capability steps of a stage, in order; empty when the adapter offers none for it. */
    public List<Step> steps(ProcedureStage stage) {
        if (adapter.isEmpty()) {
            return List.of();
        }
        CmsAdapter a = adapter.get();
        Site site = context.site();
        List<Step> out = new ArrayList<>();
        switch (stage) {
            case OFFLINE -> {
                if (a instanceof MaintenanceModeSupport m) {
                    out.add(m.maintenanceOnStep(site));
                }
                if (a instanceof FrontPageSupport f) {
                    out.add(f.neutralFrontPageStep(site));
                }
                if (a instanceof IntegrationModuleSupport i) {
                    out.add(i.disableIntegrationModulesStep(site));
                }
                if (!out.isEmpty() && (a instanceof SiteInspection || a instanceof FilesFolderSupport)) {
                    out.set(0, new SiteChecks(out.get(0), a));
                }
            }
            case CLEAR_CACHES -> {
                if (a instanceof CacheSupport c) {
                    out.add(c.clearCachesStep(site));
                }
            }
            case ONLINE -> {
                if (a instanceof IntegrationModuleSupport i) {
                    out.add(i.reenableIntegrationModulesStep(site, context.targetVersion()));
                }
                if (a instanceof FrontPageSupport f) {
                    out.add(f.restoreFrontPageStep(site));
                }
                if (a instanceof MaintenanceModeSupport m) {
                    out.add(m.maintenanceOffStep(site));
                }
            }
            case REPORT -> {
                if (a instanceof SiteInspection s) {
                    out.add(new PostUpgradeReportStep(a.name(), s, context.installedVersion(), context.targetVersion()));
                }
            }
            default -> {
                // BACKUP belongs to the database module
            }
        }
        return out;
    }

    /** The capability a stage cannot do without, or empty when the stage needs none (BACKUP, REPORT). */
    static Optional<Class<?>> required(ProcedureStage stage) {
        return switch (stage) {
            case OFFLINE, ONLINE -> Optional.of(MaintenanceModeSupport.class);
            case CLEAR_CACHES -> Optional.of(CacheSupport.class);
            default -> Optional.empty();
        };
    }

    /**
     * Refuses the stage when the adapter lacks the capability it needs and no contributor
     * contributed steps to it ({@code contributed} empty).
     *
     * @param verb   the builder verb, e.g. {@code offline()}
     * @param module the module that would contribute the stage, for the fix
     * @throws UpgradeException {@link ErrorCode#PLAN_INVALID} naming the capability and the stage
     */
    public void requireStage(ProcedureStage stage, List<Step> contributed, String verb, String module) {
        Optional<Class<?>> needed = required(stage);
        if (needed.isEmpty() || !contributed.isEmpty() || adapter.filter(needed.get()::isInstance).isPresent()) {
            return;
        }
        Site site = context.site();
        String what = needed.get().getName() + " (" + purpose(stage) + ")";
        if (adapter.isEmpty()) {
            throw new UpgradeException(ErrorCode.PLAN_INVALID, verb + " has no steps for " + site.cmsName() + " " + site.cmsVersion()
                    + ": the site has no CMS adapter, so nothing implements " + what + " for stage " + stage
                    + ", and no installed ProcedureContributor contributes to that stage.",
                    "Open the site with Site.detect(root) so that its CMS adapter is known, or give one with Site.builder(root).adapter(...);"
                            + " or put " + module + " on the class path.", null);
        }
        CmsAdapter a = adapter.get();
        throw new UpgradeException(ErrorCode.PLAN_INVALID, verb + " has no steps for " + site.cmsName() + " " + site.cmsVersion()
                + ": its CMS adapter '" + a.name() + "' (" + a.getClass().getName() + ") does not implement " + what
                + ", which stage " + stage + " needs, and no installed ProcedureContributor contributes to that stage.",
                "Implement " + needed.get().getSimpleName() + " in " + a.getClass().getSimpleName() + ", or put " + module
                        + " on the class path.", null);
    }

    private static String purpose(ProcedureStage stage) {
        return switch (stage) {
            case OFFLINE -> "maintenance mode on";
            case ONLINE -> "maintenance mode back as it was";
            case CLEAR_CACHES -> "clearing the caches";
            default -> stage.name();
        };
    }
}
