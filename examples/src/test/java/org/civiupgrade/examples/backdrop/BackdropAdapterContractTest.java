package org.civiupgrade.examples.backdrop;

import java.nio.file.Path;
import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.testkit.CmsAdapterContract;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The Backdrop example adapter keeps the CMS adapter contract. */
@WithTestDatabase
class BackdropAdapterContractTest implements CmsAdapterContract {
    @TempDir
    Path tmp;
    private FakeBackdropSite fake;
    private TestDatabase db;

    @BeforeEach
    void site(TestDatabase database) throws Exception {
        db = database;
        fake = FakeBackdropSite.create(tmp.resolve("site"), db, "4.4.0", "civicrm/dashboard");
    }

    @Override
    public CmsAdapter adapter() {
        return new BackdropAdapter();
    }

    @Override
    public Path siteRoot() {
        return fake.root();
    }

    /** Files and the database: probe reads neither settings nor tables. */
    @Override
    public SiteFingerprint fingerprint() {
        return SiteFingerprint.builder().files("root", fake.root()).database("db", db.dataSource()).build();
    }
}
