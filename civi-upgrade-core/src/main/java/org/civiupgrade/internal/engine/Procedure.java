package org.civiupgrade.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.PlanOption;
import org.civiupgrade.Release;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.Version;
import org.civiupgrade.internal.cms.CapabilityProcedure;
import org.civiupgrade.internal.plugins.Plugins;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.ProcedureContext;
import org.civiupgrade.spi.ProcedureContributor;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.spi.RestorePoint;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.spi.SettingsEditor;
import org.civiupgrade.spi.Step;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the documented procedure's verbs into steps when a plan is built: builds the CMS
 * steps from the adapter's capabilities, asks the applicable {@link ProcedureContributor}s for
 * their stages, picks the schema upgrader, the settings editor and the restore point, all by the
 * one rule of {@link Plugins}.
 */
public final class Procedure {
    private final Site site;
    private final Release release;
    private final Choices choices;
    private final PlanOptions options;
    private final Plugins plugins;
    private List<ProcedureContributor> contributors;
    private Version installed;
    private boolean laterHop;

    /**
     * What the caller chose explicitly on the builder (each may be null) and the dialect selected
     * for the run.
     *
     * @param upgrader       the schema upgrader given, or null
     * @param settingsEditor the settings editor given, or null
     * @param dialect        the run's dialect (the one given, else the best installed one), empty when none
     */
    public record Choices(@Nullable SchemaUpgrader upgrader, @Nullable SettingsEditor settingsEditor, Optional<DatabaseDialect> dialect) {
    }

    public Procedure(Site site, Release release, PlanOptions options, Choices choices, Plugins plugins) {
        this.site = site;
        this.release = release;
        this.options = options;
        this.choices = choices;
        this.plugins = plugins;
    }

    /**
     * The procedure of one hop of a multi-hop plan: {@link #release(String)} is the hop's
     * release and {@link #installed()} the version the previous hop left (the site's own
     * version for the first hop). Contributors, upgrader and options are shared.
     */
    public Procedure forHop(Release hopRelease, Version installedBefore) {
        Procedure p = new Procedure(site, hopRelease, options, choices, plugins);
        p.installed = installedBefore;
        p.contributors = contributors;
        p.laterHop = laterHop;
        return p;
    }

    /**
     * The procedure of a hop after the first of a multi-hop plan: the database it starts from is the one the previous
     * hop leaves, not the one the site has now, so checks of the database's current version do not apply to it (the
     * plan checks each hop's minimum upgradable version against the previous hop's release instead).
     */
    public Procedure forLaterHop(Release hopRelease, Version installedBefore) {
        Procedure p = forHop(hopRelease, installedBefore);
        p.laterHop = true;
        return p;
    }

    /** Whether this is the procedure of a hop after the first ({@link #forLaterHop}). */
    public boolean laterHop() {
        return laterHop;
    }

    /** The plan's options. */
    public PlanOptions options() {
        return options;
    }

    /** This procedure with other options (the contributors found so far are kept). */
    public Procedure withOptions(PlanOptions planOptions) {
        Procedure p = new Procedure(site, release, planOptions, choices, plugins);
        p.installed = installed;
        p.laterHop = laterHop;
        p.contributors = contributors;
        return p;
    }

    /** The plan options the installed contributors declare ({@link ProcedureContributor#options()}). */
    public List<PlanOption<?>> declaredOptions() {
        List<PlanOption<?>> out = new ArrayList<>();
        contributors().forEach(c -> out.addAll(c.options()));
        return out;
    }

    /** The release; refuses when none was given. */
    public Release release(String verb) {
        if (release == null) {
            throw new UpgradeException(ErrorCode.PLAN_INVALID, verb + " needs a release, and none was given.",
                    "Call to(Release.tarball(path)) on the builder.", null);
        }
        return release;
    }

    /** The CiviCRM code version installed now. */
    public Version installed() {
        if (installed == null) {
            installed = Release.installedVersion(site.civicrmCodeDir());
        }
        return installed;
    }

    private ProcedureContext context() {
        return new ProcedureContext(site, installed(), release("the documented procedure").version(), options, choices.dialect());
    }

    private List<ProcedureContributor> contributors() {
        if (contributors == null) {
            contributors = plugins.contributors(site);
        }
        return contributors;
    }

    /** Every installed contributor (both class loaders, one per class, by class name), whatever the site. */
    public static List<ProcedureContributor> installedContributors() {
        return Plugins.installed().all(ProcedureContributor.class);
    }

    /**
     * The steps of a stage: the standard CMS steps built from the site adapter's capabilities
     * ({@link CapabilityProcedure}), and the installed contributors' steps, which come after the
     * CMS's own steps in every stage but {@link ProcedureStage#ONLINE}, where they come first (they
     * run while the site is still offline, mirroring the offline stage). When {@code verb} is not
     * null and the stage lacks what it needs, the plan is refused naming the missing capability
     * and the module to add.
     */
    public List<Step> contributed(ProcedureStage stage, String verb, String module) {
        ProcedureContext ctx = context();
        CapabilityProcedure cms = new CapabilityProcedure(ctx);
        List<Step> extra = new ArrayList<>();
        for (ProcedureContributor c : contributors()) {
            extra.addAll(c.steps(stage, ctx));
        }
        List<Step> own = cms.steps(stage);
        List<Step> steps = new ArrayList<>();
        if (stage == ProcedureStage.ONLINE) {
            steps.addAll(extra);
            steps.addAll(own);
        } else {
            steps.addAll(own);
            steps.addAll(extra);
        }
        if (verb != null) {
            cms.requireStage(stage, extra, verb, module);
            if (steps.isEmpty()) {
                String dialect = stage == ProcedureStage.BACKUP ? choices.dialect().map(d -> " for the database dialect "
                        + d.name() + " (" + d.getClass().getName() + ")").orElse(" (no database dialect is installed)") : "";
                throw new UpgradeException(ErrorCode.PLAN_INVALID, verb + " has no steps for " + site.cmsName()
                        + ": no installed module contributes to stage " + stage + dialect + ".", "Put " + module
                        + " on the class path" + (stage == ProcedureStage.BACKUP ? ", one whose dialect is the run's" : "") + ".", null);
            }
        }
        return steps;
    }

    /** The database restore point of the backup, or one that refuses (when the caller accepted running without a backup). */
    public RestorePoint restorePoint() {
        ProcedureContext ctx = context();
        for (ProcedureContributor c : contributors()) {
            Optional<RestorePoint> p = c.restorePoint(ctx);
            if (p.isPresent()) {
                return p.get();
            }
        }
        return context -> {
            throw new UpgradeException(ErrorCode.PLAN_INVALID, "The database upgrade has no backup to restore from.",
                    "Add backup() before migrate() and put a database module such as civi-upgrade-mysql on the class path.", null);
        };
    }

    /**
     * The schema upgrader: the one given, else the installed one with the highest priority for the
     * site (cv on the PATH, then drush on the PATH for Drupal 7), else one whose check blocks.
     */
    public SchemaUpgrader upgrader() {
        return plugins.upgrader(site, choices.upgrader());
    }

    /** Why {@link #upgrader()} is the one it is, for the pre-flight report. */
    public String upgraderChoice() {
        return plugins.explainUpgrader(site, choices.upgrader());
    }

    /** The settings editor: the one given, else the installed one with the highest priority, else the built-in one. */
    public SettingsEditor settingsEditor() {
        return plugins.settingsEditor(site, choices.settingsEditor());
    }
}
