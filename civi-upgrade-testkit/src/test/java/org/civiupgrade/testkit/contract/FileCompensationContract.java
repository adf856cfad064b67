package org.civiupgrade.testkit.contract;

import java.nio.file.Path;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Secret;
import org.civiupgrade.Site;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.testkit.CompensationContract;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestContexts;
import org.junit.jupiter.api.io.TempDir;

/** What core's file compensations share: a site folder without a database, observed as a fingerprint of its files. */
abstract class FileCompensationContract<C extends Compensation> implements CompensationContract<C> {
    @TempDir
    Path tmp;

    Path root() {
        return tmp.resolve("site");
    }

    @Override
    public CompensationContext context() {
        Site site = Site.builder(root()).cms("Test", "1").civicrmCodeDir(root().resolve("civicrm"))
                .cmsDatabase(DatabaseCoordinates.of("localhost", 3306, "unused", "nobody", Secret.of("s3cret-never-shown")))
                .workDir(tmp.resolve("work")).build();
        return TestContexts.compensationContext(site, TestContexts.resources(new org.civiupgrade.testkit.UnreachableDatabase()),
                tmp.resolve("work/run"));
    }

    @Override
    public Object observe(C sample) {
        return SiteFingerprint.builder().files("site", root()).build();
    }
}
