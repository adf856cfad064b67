package org.civiupgrade.examples.review;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Secret;
import org.civiupgrade.Site;
import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.Step;
import org.civiupgrade.testkit.CmsAdapterContract;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.StepContract;
import org.civiupgrade.testkit.TestContexts;
import org.civiupgrade.testkit.UnreachableDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The files-only CMS against the testkit's contract bases. */
class TinyCmsContractTest implements CmsAdapterContract {
    static final DatabaseCoordinates NO_DATABASE = DatabaseCoordinates.of("localhost", 3306, "none", "none", Secret.of("pw-never-shown"));

    @TempDir
    Path tmp;

    static Path site(Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("tiny"));
        Files.writeString(root.resolve("tiny.cms"), "1");
        Files.createDirectories(root.resolve("civicrm"));
        Files.writeString(root.resolve("civicrm.settings.php"), "<?php\n");
        return root;
    }

    @Override
    public CmsAdapter adapter() {
        return new TinyCms(NO_DATABASE);
    }

    @Override
    public Path siteRoot() throws Exception {
        return Files.isDirectory(tmp.resolve("tiny")) ? tmp.resolve("tiny") : site(tmp);
    }

    @Nested
    class MaintenanceOn implements StepContract {
        @TempDir
        Path dir;

        private Site site() throws Exception {
            Path root = Files.isDirectory(dir.resolve("tiny")) ? dir.resolve("tiny") : TinyCmsContractTest.site(dir);
            return new TinyCms(NO_DATABASE).open(root, Optional.empty());
        }

        @Override
        public Step step() throws Exception {
            return new TinyCms(NO_DATABASE).maintenanceOnStep(site());
        }

        @Override
        public PlanContext context() throws Exception {
            return TestContexts.planContext(site(), TestContexts.resources(new UnreachableDatabase()),
                    Files.createDirectories(dir.resolve("run")), PlanOptions.empty());
        }

        @Override
        public SiteFingerprint fingerprint() throws Exception {
            return SiteFingerprint.builder().files("root", site().root()).build();
        }
    }
}
