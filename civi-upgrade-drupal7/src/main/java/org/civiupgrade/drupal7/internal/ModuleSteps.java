package org.civiupgrade.drupal7.internal;

import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.Version;
import org.civiupgrade.spi.cms.CmsModule;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/** Disabling the enabled CiviCRM integration modules, and enabling exactly those again. */
public final class ModuleSteps {
    private ModuleSteps() {
    }

    /** Disables the enabled integration modules as Drupal does in the database, remembering which. */
    public static Step disable(String prefix) {
        return disable(prefix, context -> List.of());
    }

    /** Like {@link #disable(String)}, with pre-flight checks (e.g. that the civicrm module is enabled). */
    public static Step disable(String prefix, java.util.function.Function<PlanContext, List<org.civiupgrade.CheckResult>> checks) {
        return new Step() {
            @Override
            public List<org.civiupgrade.CheckResult> check(PlanContext context) {
                return checks.apply(context);
            }

            @Override
            public String id() {
                return "drupal7.disable-integration-modules";
            }

            @Override
            public String description() {
                return "Disable the Drupal modules that integrate with CiviCRM (not CiviCRM itself)";
            }

            @Override
            public Reversibility reversibility() {
                return Reversibility.REVERSIBLE;
            }

            @Override
            public List<PlannedAction> preview(PlanContext context) {
                List<String> names;
                try (Connection c = context.resources().cmsDatabase().getConnection()) {
                    names = enabledIntegration(c, prefix);
                } catch (Exception e) {
                    names = List.of("(cannot read the module list: " + e.getMessage() + ")");
                }
                return List.of(new PlannedAction(id(), "disable Drupal modules: " + (names.isEmpty() ? "none" : String.join(", ", names)),
                        "enable the same modules again"));
            }

            @Override
            public void apply(StepContext context) throws Exception {
                try (Connection c = context.resources().cmsDatabase().getConnection()) {
                    List<String> names = enabledIntegration(c, prefix);
                    RunState.saveModules(context.runDir(), names);
                    if (names.isEmpty()) {
                        return;
                    }
                    context.record(new SetDrupalModuleStatus(prefix, names, 1));
                    DrupalTables.setModuleStatus(c, prefix, names, 0);
                    context.progress(names.size(), names.size(), "modules");
                }
            }
        };
    }

    /** Enables again exactly the modules the disable step of the same run disabled; warns about those that do not fit the new version. */
    public static Step reenable(String prefix, Optional<Version> target) {
        return new Step() {
            @Override
            public List<org.civiupgrade.CheckResult> check(PlanContext context) {
                if (target.isEmpty()) {
                    return List.of();
                }
                List<org.civiupgrade.CheckResult> out = new java.util.ArrayList<>();
                try (Connection c = context.resources().cmsDatabase().getConnection()) {
                    for (CmsModule m : ModuleInfo.integrationModules(ModuleInfo.modules(c, prefix))) {
                        if (m.enabled()) {
                            for (String why : ModuleInfo.incompatibilities(m, target.get())) {
                                out.add(org.civiupgrade.CheckResult.warning("drupal7.module-compatibility." + m.name(), why,
                                        "Update " + m.name() + " to a release made for CiviCRM " + target.get()
                                                + " before enabling it again, or leave it disabled."));
                            }
                        }
                    }
                } catch (java.sql.SQLException e) {
                    out.add(org.civiupgrade.CheckResult.warning("drupal7.module-compatibility", "Cannot read Drupal's module list: "
                            + e.getMessage(), "Check the database connection."));
                }
                return out;
            }

            @Override
            public String id() {
                return "drupal7.reenable-integration-modules";
            }

            @Override
            public String description() {
                return "Enable again the Drupal integration modules that were disabled for the upgrade";
            }

            @Override
            public Reversibility reversibility() {
                return Reversibility.REVERSIBLE;
            }

            @Override
            public List<PlannedAction> preview(PlanContext context) {
                return List.of(new PlannedAction(id(), "enable the integration modules disabled earlier in this run",
                        "disable them again"));
            }

            @Override
            public void apply(StepContext context) throws Exception {
                Optional<List<String>> saved = RunState.loadModules(context.runDir());
                if (saved.isEmpty()) {
                    context.warn("No record of disabled integration modules in this run; none were enabled.");
                    return;
                }
                List<String> names = saved.get();
                if (names.isEmpty()) {
                    return;
                }
                try (Connection c = context.resources().cmsDatabase().getConnection()) {
                    if (target.isPresent()) {
                        for (CmsModule m : ModuleInfo.modules(c, prefix)) {
                            if (names.contains(m.name())) {
                                ModuleInfo.incompatibilities(m, target.get()).forEach(context::warn);
                            }
                        }
                    }
                    context.record(new SetDrupalModuleStatus(prefix, names, 0));
                    DrupalTables.setModuleStatus(c, prefix, names, 1);
                    context.report("modules", "Integration modules enabled again: " + String.join(", ", names) + ".");
                    if (target.isPresent()) {
                        for (CmsModule m : ModuleInfo.modules(c, prefix)) {
                            if (names.contains(m.name())) {
                                for (String why : ModuleInfo.incompatibilities(m, target.get())) {
                                    context.report("modules", why + " Check that " + m.name() + " works, or update or disable it.");
                                }
                            }
                        }
                    }
                }
            }
        };
    }

    static List<String> enabledIntegration(Connection c, String prefix) throws java.sql.SQLException {
        return ModuleInfo.integrationModules(ModuleInfo.modules(c, prefix)).stream().filter(CmsModule::enabled)
                .map(CmsModule::name).toList();
    }
}
