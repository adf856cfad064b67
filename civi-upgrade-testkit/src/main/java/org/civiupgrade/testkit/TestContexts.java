package org.civiupgrade.testkit;

import java.nio.file.Path;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.List;
import java.util.ArrayList;
import javax.sql.DataSource;
import org.civiupgrade.Site;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.SiteResources;

/**
 * Ready-made contexts for calling a step or a compensation directly, outside the engine: the
 * site, its database(s) as {@link DataSource}s (e.g. {@link TestDatabase#dataSource()}) and a run
 * folder (any folder of the test, e.g. below a {@code @TempDir}; it need not exist yet).
 *
 * <pre>{@code
 * CompensationContext undo = TestContexts.compensationContext(site, db.dataSource(), tmp.resolve("run"));
 * RecordingStepContext run = TestContexts.stepContext(site, db.dataSource(), tmp.resolve("run"));
 * step.apply(run);
 * run.undo(); // the recorded compensations, newest first
 * }</pre>
 */
public final class TestContexts {
    private TestContexts() {
    }

    /** One database for both Drupal's and CiviCRM's tables (the common single-schema site). */
    public static SiteResources resources(DataSource database) {
        return resources(database, database);
    }

    /**
     * The CMS (Drupal) database and the CiviCRM database; the dialect is the one installed
     * ({@link #installedDialect()}), looked up when a step or compensation asks for it.
     */
    public static SiteResources resources(DataSource cms, DataSource civicrm) {
        return resources(cms, civicrm, null);
    }

    /**
     * The CMS database, the CiviCRM database and the database dialect steps and compensations get
     * from {@link SiteResources#dialect()}; null for {@link #installedDialect()}.
     */
    public static SiteResources resources(DataSource cms, DataSource civicrm, @org.jspecify.annotations.Nullable DatabaseDialect dialect) {
        Objects.requireNonNull(cms, "cms");
        Objects.requireNonNull(civicrm, "civicrm");
        return new SiteResources() {
            @Override
            public DatabaseDialect dialect() {
                return dialect != null ? dialect : installedDialect();
            }

            @Override
            public DataSource cmsDatabase() {
                return cms;
            }

            @Override
            public DataSource civicrmDatabase() {
                return civicrm;
            }
        };
    }

    /**
     * The one database dialect installed on the test's class path (e.g. civi-upgrade-mysql's).
     *
     * @throws IllegalStateException when none or several are installed (then give one to
     *                               {@link #resources(DataSource, DataSource, DatabaseDialect)})
     */
    public static DatabaseDialect installedDialect() {
        List<DatabaseDialect> found = new ArrayList<>();
        ServiceLoader.load(DatabaseDialect.class, TestContexts.class.getClassLoader()).forEach(found::add);
        if (found.size() != 1) {
            throw new IllegalStateException(found.isEmpty() ? "No database dialect is on the test class path: add civi-upgrade-mysql, "
                    + "or give one to TestContexts.resources(cms, civicrm, dialect)."
                    : "Several database dialects are on the test class path (" + found.stream().map(d -> d.getClass().getName()).toList()
                    + "): give one to TestContexts.resources(cms, civicrm, dialect).");
        }
        return found.get(0);
    }

    /** A context for applying compensations to a site with one database. */
    public static CompensationContext compensationContext(Site site, DataSource database, Path runDir) {
        return compensationContext(site, resources(database), runDir);
    }

    /** A context for applying compensations; progress is ignored and warnings are logged. */
    public static CompensationContext compensationContext(Site site, SiteResources resources, Path runDir) {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(runDir, "runDir");
        return new CompensationContext() {
            @Override
            public Site site() {
                return site;
            }

            @Override
            public SiteResources resources() {
                return resources;
            }

            @Override
            public Path runDir() {
                return runDir;
            }

            @Override
            public void progress(long done, long total, String unit) {
                // nobody watches progress in a test
            }
        };
    }

    /** A context for {@code check} and {@code preview}, with the given plan options. */
    public static PlanContext planContext(Site site, SiteResources resources, Path runDir, PlanOptions options) {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(options, "options");
        return new PlanContext() {
            @Override
            public Site site() {
                return site;
            }

            @Override
            public SiteResources resources() {
                return resources;
            }

            @Override
            public PlanOptions options() {
                return options;
            }

            @Override
            public Path runDir() {
                return runDir;
            }
        };
    }

    /** A step context for a site with one database, without plan options, that keeps what the step records. */
    public static RecordingStepContext stepContext(Site site, DataSource database, Path runDir) {
        return stepContext(site, resources(database), runDir, PlanOptions.empty());
    }

    /** A step context that keeps what the step records, warns and reports. */
    public static RecordingStepContext stepContext(Site site, SiteResources resources, Path runDir, PlanOptions options) {
        return new RecordingStepContext(planContext(site, resources, runDir, options));
    }
}
