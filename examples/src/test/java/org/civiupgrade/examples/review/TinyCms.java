package org.civiupgrade.examples.review;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.Site;
import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.civiupgrade.spi.cms.MaintenanceModeSupport;
import org.civiupgrade.spi.support.RestoreFileContent;

/** A files-only CMS: a {@code tiny.cms} marker, {@code civicrm/}, {@code civicrm.settings.php} and a {@code maintenance} file. */
final class TinyCms implements CmsAdapter, MaintenanceModeSupport {
    private final DatabaseCoordinates database;

    TinyCms(DatabaseCoordinates database) {
        this.database = database;
    }

    @Override
    public String name() {
        return "tiny";
    }

    @Override
    public OptionalInt probe(Path root) {
        return Files.isRegularFile(root.resolve("tiny.cms")) ? OptionalInt.of(5) : OptionalInt.empty();
    }

    @Override
    public Site open(Path root, Optional<String> siteName) {
        return Site.builder(root).cms("Tiny", "1.0").siteName("default").siteDir(root).civicrmCodeDir(root.resolve("civicrm"))
                .civicrmSettingsFile(root.resolve("civicrm.settings.php")).cmsDatabase(database).adapter(this).build();
    }

    @Override
    public boolean isOffline(Site site, DataSource cmsDatabase) {
        return Files.exists(site.root().resolve("maintenance"));
    }

    @Override
    public Step maintenanceOnStep(Site site) {
        Path flag = site.root().resolve("maintenance");
        return new Step() {
            @Override
            public String id() {
                return "tiny.maintenance-on";
            }

            @Override
            public String description() {
                return "Create " + flag;
            }

            @Override
            public Reversibility reversibility() {
                return Reversibility.REVERSIBLE;
            }

            @Override
            public List<PlannedAction> preview(PlanContext context) {
                return List.of(new PlannedAction(id(), "create " + flag, "put the previous state back"));
            }

            @Override
            public void apply(StepContext context) throws Exception {
                RestoreFileContent.save(context, flag);
                Files.writeString(flag, "on");
            }
        };
    }

    @Override
    public Step maintenanceOffStep(Site site) {
        Path flag = site.root().resolve("maintenance");
        return new Step() {
            @Override
            public String id() {
                return "tiny.maintenance-off";
            }

            @Override
            public String description() {
                return "Remove " + flag;
            }

            @Override
            public Reversibility reversibility() {
                return Reversibility.REVERSIBLE;
            }

            @Override
            public List<PlannedAction> preview(PlanContext context) {
                return List.of(new PlannedAction(id(), "remove " + flag, "put the previous state back"));
            }

            @Override
            public void apply(StepContext context) throws Exception {
                RestoreFileContent.save(context, flag);
                Files.deleteIfExists(flag);
            }
        };
    }
}
