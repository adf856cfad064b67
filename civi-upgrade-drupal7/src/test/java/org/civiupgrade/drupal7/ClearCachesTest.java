package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithTestDatabase
class ClearCachesTest {
    @TempDir
    Path tmp;

    @Test
    void emptiesDrupalCacheTablesTemplatesCAndConfigIdsIni(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().tablePrefix("d7_").create(tmp, db);
        db.execute("CREATE TABLE other_cache (cid varchar(255) PRIMARY KEY)", "INSERT INTO other_cache VALUES ('keep')",
                "CREATE TABLE d7_cachet (cid varchar(255) PRIMARY KEY)", "INSERT INTO d7_cachet VALUES ('keep')");
        Site site = Runs.detect(fake, tmp.resolve("work"));
        Path civi = fake.siteDir().resolve("files/civicrm");
        assertThat(fake.cacheIds("cache_views")).isNotEmpty();
        assertThat(fake.cacheIds("cache_views_data")).isNotEmpty();
        UpgradeResult r = Runs.run(site, ((Drupal7Adapter) site.adapter().orElseThrow()).clearCachesStep(site));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        for (String t : new String[] {"cache", "cache_bootstrap", "cache_menu", "cache_page", "cache_views", "cache_views_data"}) {
            assertThat(fake.cacheIds(t)).as(t).isEmpty();
        }
        assertThat(db.queryColumn("SELECT cid FROM other_cache")).containsExactly("keep");
        assertThat(db.queryColumn("SELECT cid FROM d7_cachet")).containsExactly("keep");
        assertThat(fake.templatesC()).isDirectory().isEmptyDirectory();
        assertThat(civi.resolve("ConfigAndLog/Config.IDS.ini")).doesNotExist();
        assertThat(civi.resolve("ConfigAndLog/CiviCRM.1f2e3d4c5b6a.log")).exists();
        assertThat(civi.resolve("upload/.htaccess")).exists();
        assertThat(fake.variable("site_name")).isNotNull();
        assertThat(r.warnings()).anyMatch(w -> w.contains("menu must be rebuilt"));
        assertThat(Files.exists(fake.civicrmDir().resolve("drupal/civicrm.module"))).isTrue();
    }
}
