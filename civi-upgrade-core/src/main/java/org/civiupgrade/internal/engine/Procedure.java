package org.civiupgrade.internal.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.PlanOption;
import org.civiupgrade.Release;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.Version;
import org.civiupgrade.cv.CvSchemaUpgrader;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.ProcedureContext;
import org.civiupgrade.spi.ProcedureContributor;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.spi.RestorePoint;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.spi.Step;

/**
 * Resolves the documented procedure's verbs into steps when a plan is built: asks the
 * installed {@link ProcedureContributor}s for their stages, picks the schema upgrader and the
 * restore point.
 */
public final class Procedure {
    private final Site site;
    private final Release release;
    private final SchemaUpgrader upgrader;
    private final PlanOptions options;
    private List<ProcedureContributor> contributors;
    private Version installed;

    public Procedure(Site site, Release release, SchemaUpgrader upgrader, PlanOptions options) {
        this.site = site;
        this.release = release;
        this.upgrader = upgrader;
        this.options = options;
    }

    /**
     * The procedure of one hop of a multi-hop plan: {@link #release(String)} is the hop's
     * release and {@link #installed()} the version the previous hop left (the site's own
     * version for the first hop). Contributors, upgrader and options are shared.
     */
    public Procedure forHop(Release hopRelease, Version installedBefore) {
        Procedure p = new Procedure(site, hopRelease, upgrader, options);
        p.installed = installedBefore;
        p.contributors = contributors;
        return p;
    }

    /** This procedure with other options (the contributors found so far are kept). */
    public Procedure withOptions(PlanOptions planOptions) {
        Procedure p = new Procedure(site, release, upgrader, planOptions);
        p.installed = installed;
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
        return new ProcedureContext(site, installed(), release("the documented procedure").version(), options);
    }

    private List<ProcedureContributor> contributors() {
        if (contributors == null) {
            contributors = installedContributors();
        }
        return contributors;
    }

    /** The contributors on the class path (the library's loader, then the context loader's others). */
    public static List<ProcedureContributor> installedContributors() {
        List<ProcedureContributor> found = new ArrayList<>();
        ServiceLoader.load(ProcedureContributor.class, Procedure.class.getClassLoader()).forEach(found::add);
        ClassLoader ctx = Thread.currentThread().getContextClassLoader();
        if (ctx != null && ctx != Procedure.class.getClassLoader()) {
            for (ProcedureContributor c : ServiceLoader.load(ProcedureContributor.class, ctx)) {
                if (found.stream().noneMatch(x -> x.getClass().equals(c.getClass()))) {
                    found.add(c);
                }
            }
        }
        return found;
    }

    /**
     * The contributors' steps for a stage. When {@code verb} is not null and none contributes,
     * the plan is refused naming the module to add.
     */
    public List<Step> contributed(ProcedureStage stage, String verb, String module) {
        List<Step> steps = new ArrayList<>();
        ProcedureContext ctx = context();
        for (ProcedureContributor c : contributors()) {
            steps.addAll(c.steps(stage, ctx));
        }
        if (steps.isEmpty() && verb != null) {
            throw new UpgradeException(ErrorCode.PLAN_INVALID, verb + " has no steps for " + site.cmsName()
                    + ": no installed module contributes to stage " + stage + ".", "Put " + module + " on the class path.", null);
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

    /** The schema upgrader: the one given, else cv on the PATH, else a contributed one (drush). */
    public SchemaUpgrader upgrader() {
        if (upgrader != null) {
            return upgrader;
        }
        if (onPath("cv")) {
            return new CvSchemaUpgrader();
        }
        for (SchemaUpgrader u : ServiceLoader.load(SchemaUpgrader.class, Procedure.class.getClassLoader())) {
            return u;
        }
        return new CvSchemaUpgrader(); // its check reports that cv is missing, with the fix
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
