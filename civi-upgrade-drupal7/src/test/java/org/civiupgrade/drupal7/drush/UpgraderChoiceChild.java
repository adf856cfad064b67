package org.civiupgrade.drupal7.drush;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Release;
import org.civiupgrade.Secret;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.spi.Step;

/**
 * Runs in a JVM whose PATH the test chose: plans {@code migrate()} without an explicit upgrader
 * for a site of the CMS version given, prints the database step's description (which names the
 * upgrader chosen) and that step's checks of the upgrader, then {@code DONE}.
 *
 * <p>Arguments: the site root, the Drupal version, the release tarball.
 */
public final class UpgraderChoiceChild {
    private UpgraderChoiceChild() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path code = Files.createDirectories(root.resolve("sites/all/modules/civicrm/xml"));
        Files.writeString(code.resolve("version.xml"), "<version><version_no>4.7.31</version_no></version>\n");
        Site site = Site.builder(root).cms("Drupal", args[1]).civicrmCodeDir(code.getParent())
                .cmsDatabase(DatabaseCoordinates.of("localhost", 3306, "drupal", "u", Secret.of("pw"))).build();
        UpgradePlan plan = Upgrade.of(site).to(Release.tarball(Path.of(args[2]))).migrate().acceptRisk("database-backup").plan();
        Step migrate = plan.steps().get(0);
        System.out.println("STEP " + migrate.description());
        migrate.check(context(site, plan.options())).stream().filter(r -> !r.id().startsWith("db."))
                .forEach(r -> System.out.println("CHECK " + r.severity() + " " + r.id() + " | " + r.message() + " | " + r.remedy()));
        System.out.println("DONE");
    }

    private static PlanContext context(Site site, PlanOptions options) {
        SiteResources noDatabase = new SiteResources() {
            @Override
            public DataSource cmsDatabase() {
                throw new IllegalStateException("no database in this test");
            }

            @Override
            public DataSource civicrmDatabase() {
                throw new IllegalStateException("no database in this test");
            }
        };
        return new PlanContext() {
            @Override
            public Site site() {
                return site;
            }

            @Override
            public SiteResources resources() {
                return noDatabase;
            }

            @Override
            public PlanOptions options() {
                return options;
            }

            @Override
            public Path runDir() {
                return site.workDir().resolve("runs/next");
            }
        };
    }
}
