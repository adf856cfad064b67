package org.civiupgrade.examples.cms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.civiupgrade.CheckResult;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.Site;
import org.civiupgrade.Version;
import org.civiupgrade.spi.cms.CacheSupport;
import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.cms.FilesFolderSupport;
import org.civiupgrade.spi.cms.FrontPageSupport;
import org.civiupgrade.spi.cms.IntegrationModuleSupport;
import org.civiupgrade.spi.cms.MaintenanceModeSupport;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.support.RestoreFileContent;
import org.civiupgrade.spi.cms.SiteInspection;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/**
 * A CMS that keeps its state in plain files under {@code <root>/cms}, with an adapter that
 * implements every capability and nothing else (no ProcedureContributor): {@code maintenance}
 * ({@code on}/{@code off}), {@code front-page} (a path), {@code modules} (lines
 * {@code name=enabled|disabled}; {@code civicrm} is CiviCRM's own module), {@code cache/}
 * (emptied by the cache step) and {@code files/} (the files folder). Every change is undone
 * through the ready-made {@link RestoreFileContent}.
 */
final class FolderCms implements CmsAdapter, MaintenanceModeSupport, FrontPageSupport, IntegrationModuleSupport, CacheSupport,
        SiteInspection, FilesFolderSupport {
    private final Path siteDir;
    private final Path codeDir;
    private final DatabaseCoordinates database;

    /** An adapter for a site whose CiviCRM settings live in {@code siteDir} and code in {@code codeDir}. */
    FolderCms(Path siteDir, Path codeDir, DatabaseCoordinates database) {
        this.siteDir = siteDir;
        this.codeDir = codeDir;
        this.database = database;
    }

    static Path cms(Site site) {
        return site.root().resolve("cms");
    }

    @Override
    public String name() {
        return "folder";
    }

    @Override
    public OptionalInt probe(Path root) {
        return Files.isDirectory(root.resolve("cms")) ? OptionalInt.of(1) : OptionalInt.empty();
    }

    @Override
    public Site open(Path root, Optional<String> siteName) {
        return Site.builder(root).cms("FolderCms", "1.0").siteName("default").siteDir(siteDir).civicrmCodeDir(codeDir)
                .civicrmSettingsFile(siteDir.resolve("civicrm.settings.php")).cmsDatabase(database).civicrmDatabase(database)
                .adapter(this).build();
    }

    // maintenance mode

    @Override
    public boolean isOffline(Site site, DataSource cmsDatabase) {
        return read(cms(site).resolve("maintenance")).equals("on");
    }

    @Override
    public Step maintenanceOnStep(Site site) {
        return new Change("folder.maintenance-on", cms(site).resolve("maintenance"), v -> "on");
    }

    @Override
    public Step maintenanceOffStep(Site site) {
        return new Restore("folder.maintenance-off", cms(site).resolve("maintenance"), "folder.maintenance-on");
    }

    // front page

    private static boolean isCivicrmPath(String path) {
        return path.equals("civicrm") || path.startsWith("civicrm/");
    }

    @Override
    public Step neutralFrontPageStep(Site site) {
        return new Change("folder.front-page-neutral", cms(site).resolve("front-page"), v -> isCivicrmPath(v) ? "home" : v);
    }

    @Override
    public Step restoreFrontPageStep(Site site) {
        return new Restore("folder.front-page-restore", cms(site).resolve("front-page"), "folder.front-page-neutral");
    }

    // integration modules

    @Override
    public Step disableIntegrationModulesStep(Site site) {
        return new Change("folder.disable-modules", cms(site).resolve("modules"),
                v -> v.replaceAll("(?m)^(?!civicrm=)([^=\\n]+)=enabled$", "$1=disabled"));
    }

    @Override
    public Step reenableIntegrationModulesStep(Site site, Version target) {
        return new Restore("folder.reenable-modules", cms(site).resolve("modules"), "folder.disable-modules");
    }

    // caches

    @Override
    public Step clearCachesStep(Site site) {
        Path cache = cms(site).resolve("cache");
        return new Step() {
            @Override
            public String id() {
                return "folder.clear-caches";
            }

            @Override
            public String description() {
                return "Empty cms/cache";
            }

            @Override
            public Reversibility reversibility() {
                return Reversibility.REVERSIBLE;
            }

            @Override
            public List<PlannedAction> preview(PlanContext context) {
                return List.of(new PlannedAction(id(), "empty " + cache, "nothing: caches are rebuilt"));
            }

            @Override
            public void apply(StepContext context) throws IOException {
                try (Stream<Path> files = Files.list(cache)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
            }
        };
    }

    // inspection and files folder

    @Override
    public List<CheckResult> inspect(Site site, DataSource cmsDatabase) {
        if (read(cms(site).resolve("modules")).contains("civicrm=disabled")) {
            return List.of(CheckResult.blocker("folder.civicrm-disabled", "The civicrm module is disabled.", "Enable it."));
        }
        return List.of(CheckResult.info("folder.civicrm-enabled", "The civicrm module is enabled."));
    }

    @Override
    public Map<String, List<String>> report(Site site, SiteResources resources, Version from, Version to) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("folder", List.of("Upgraded from " + from + " to " + to + ".", "Modules: "
                + read(cms(site).resolve("modules")).replace('\n', ' ').trim()));
        return out;
    }

    @Override
    public java.util.Optional<Path> filesDirectory(Site site) {
        return java.util.Optional.of(filesFolder(site));
    }

    private static Path filesFolder(Site site) {
        return cms(site).resolve("files");
    }

    @Override
    public List<Path> webServerWritablePaths(Site site) {
        return List.of(filesFolder(site));
    }

    @Override
    public List<CheckResult> checkWritable(Site site, String webServerUser) {
        Path files = filesFolder(site);
        return List.of(Files.isDirectory(files) ? CheckResult.info("folder.writable.files", files + " exists (" + webServerUser + ").")
                : CheckResult.warning("folder.writable.files", files + " does not exist.", "Create it for " + webServerUser + "."));
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What both file steps share. */
    private abstract static class FileStep implements Step {
        final String id;
        final Path file;

        FileStep(String id, Path file) {
            this.id = id;
            this.file = file;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String description() {
            return id + " (" + file.getFileName() + ")";
        }

        @Override
        public Reversibility reversibility() {
            return Reversibility.REVERSIBLE;
        }

        @Override
        public List<PlannedAction> preview(PlanContext context) {
            return List.of(new PlannedAction(id, "rewrite " + file, "put its previous bytes back"));
        }

        void write(StepContext context, String value) throws IOException {
            if (!read(file).equals(value)) {
                RestoreFileContent.save(context, file);
                Files.writeString(file, value, StandardCharsets.UTF_8);
            }
        }
    }

    /** Saves the file's value in the run folder for the matching {@link Restore}, then writes {@code change(value)}. */
    private static final class Change extends FileStep {
        private final UnaryOperator<String> change;

        Change(String id, Path file, UnaryOperator<String> change) {
            super(id, file);
            this.change = change;
        }

        @Override
        public void apply(StepContext context) throws IOException {
            String value = read(file);
            Files.writeString(context.runDir().resolve(id + ".before"), value, StandardCharsets.UTF_8);
            write(context, change.apply(value));
        }
    }

    /** Writes back the value the {@link Change} named {@code savedBy} found. */
    private static final class Restore extends FileStep {
        private final String savedBy;

        Restore(String id, Path file, String savedBy) {
            super(id, file);
            this.savedBy = savedBy;
        }

        @Override
        public void apply(StepContext context) throws IOException {
            write(context, Files.readString(context.runDir().resolve(savedBy + ".before"), StandardCharsets.UTF_8));
        }
    }
}
