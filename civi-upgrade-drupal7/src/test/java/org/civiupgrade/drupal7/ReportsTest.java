package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Severity;
import org.civiupgrade.Site;
import org.civiupgrade.Version;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithTestDatabase
class ReportsTest {
    @TempDir
    Path tmp;

    @Test
    void listsWhichRolesHoldThePermissionsToReview(TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().tablePrefix("d7_").create(tmp, db);
        Site site = Site.detect(fake.root());
        List<String> lines = adapter(site).postUpgradeReport(site, db.dataSource(), Version.parse("4.4.5"), Version.parse("4.7.31"));
        assertThat(lines).contains(
                "Review permission 'access CiviMail subscribe/unsubscribe pages': held by anonymous user.",
                "Review permission 'view event participants': held by authenticated user.",
                "Review permission 'access all custom data': held by administrator.",
                "Review permission 'access Contact Dashboard': held by authenticated user.",
                "Review permission 'access CiviEvent': held by anonymous user, event organiser.",
                "Review permission 'register for events': held by anonymous user, authenticated user.",
                "Review permission 'delete contacts': held by administrator.",
                "Review permission 'delete in CiviEvent': held by event organiser.");
        assertThat(lines).noneMatch(l -> l.contains("Cron jobs"));
        db.update("DELETE FROM d7_role_permission WHERE permission = 'view event participants'");
        assertThat(adapter(site).postUpgradeReport(site, db.dataSource(), Version.parse("4.4.5"), Version.parse("4.7.31")))
                .contains("Review permission 'view event participants': no role.");
    }

    @Test
    void actionItemsDependOnTheVersionJump(TestDatabase db) {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.1.6").create(tmp, db);
        Site site = Site.detect(fake.root());
        List<String> from41 = adapter(site).postUpgradeReport(site, db.dataSource(), Version.parse("4.1.6"), Version.parse("4.4.5"));
        assertThat(from41).anyMatch(l -> l.startsWith("Cron jobs must be reconfigured"))
                .anyMatch(l -> l.contains("needs a user name and password"))
                .anyMatch(l -> l.contains("membership status update"));
        List<String> patch = adapter(site).postUpgradeReport(site, db.dataSource(), Version.parse("4.4.4"), Version.parse("4.4.5"));
        assertThat(patch).noneMatch(l -> l.contains("Cron jobs") || l.contains("membership"));
    }

    @Test
    void reportsAResourceUrlThatNoLongerPointsAtTheCode(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.5").create(tmp, db);
        Site site = Site.detect(fake.root());
        assertThat(adapter(site).resourceUrlReport(site, db.dataSource())).isEmpty();
        db.update("UPDATE civicrm_setting SET value = ? WHERE name = 'userFrameworkResourceURL'",
                org.civiupgrade.php.PhpSerialization.serialize(org.civiupgrade.php.PhpValue.Str.of("http://example.org/sites/all/modules/contrib/civicrm/")));
        assertThat(adapter(site).resourceUrlReport(site, db.dataSource())).singleElement().asString()
                .contains("http://example.org/sites/all/modules/contrib/civicrm/").contains("sites/all/modules/civicrm/");
        db.update("UPDATE civicrm_setting SET value = ? WHERE name = 'userFrameworkResourceURL'", "s:15:\"[civicrm.root]/\";".getBytes());
        assertThat(adapter(site).resourceUrlReport(site, db.dataSource())).isEmpty();
    }

    @Test
    void theFilesFoldersMustBeWritableByTheWebServerUser(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().create(tmp, db);
        Site site = Site.detect(fake.root());
        String me = System.getProperty("user.name");
        Files.setPosixFilePermissions(fake.templatesC(), PosixFilePermissions.fromString("rwxr-xr-x"));
        List<CheckResult> ok = adapter(site).checkWritable(site, me);
        assertThat(ok).hasSize(7).allMatch(c -> c.severity() == Severity.INFO);
        Files.setPosixFilePermissions(fake.templatesC(), PosixFilePermissions.fromString("r-xr-xr-x"));
        List<CheckResult> bad = adapter(site).checkWritable(site, me);
        assertThat(bad).filteredOn(c -> c.severity() == Severity.WARNING).singleElement()
                .satisfies(c -> assertThat(c.message()).contains("templates_c").contains("not writable"));
        assertThat(adapter(site).checkWritable(site, "www-data-nobody")).anyMatch(c -> c.severity() == Severity.WARNING);
    }

    private static Drupal7Adapter adapter(Site site) {
        return (Drupal7Adapter) site.adapter().orElseThrow();
    }
}
