package org.civiupgrade.drupal7.contract;

import java.nio.file.Path;
import org.civiupgrade.drupal7.Drupal7Adapter;
import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.testkit.CmsAdapterContract;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The Drupal 7 adapter keeps the CMS adapter contract on a multisite with a table prefix. */
@WithTestDatabase
class Drupal7AdapterContractTest implements CmsAdapterContract {
    @TempDir
    Path tmp;
    private FakeDrupalSite fake;

    @BeforeEach
    void site(TestDatabase db) {
        fake = FakeDrupalSite.builder().tablePrefix("d7_").withContribIntegrationModules().create(tmp, db);
    }

    @Override
    public CmsAdapter adapter() {
        return new Drupal7Adapter();
    }

    @Override
    public Path siteRoot() {
        return fake.root();
    }

    /** Files and both databases: probe reads neither database. */
    @Override
    public SiteFingerprint fingerprint() {
        return SiteFingerprint.of(fake);
    }
}
