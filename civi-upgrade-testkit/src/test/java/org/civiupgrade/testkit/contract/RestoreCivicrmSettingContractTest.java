package org.civiupgrade.testkit.contract;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.Site;
import org.civiupgrade.internal.steps.RestoreCivicrmSetting;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.testkit.CompensationContract;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.TestContexts;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Putting back a {@code civicrm_setting} value's exact bytes keeps the compensation contract, on the
 * 4.4 schema (with {@code group_name}) and for multi-byte UTF-8; a contact's own row of
 * the same name is never touched.
 */
@WithTestDatabase
class RestoreCivicrmSettingContractTest implements CompensationContract<RestoreCivicrmSetting> {
    private static final byte[] PATH = "s:37:\"/home/oldhost/public_html/civi/upload/\";".getBytes(StandardCharsets.US_ASCII);
    /** Multi-byte UTF-8, as a site with accented folder names stores it: bytes, not a string, are put back. */
    private static final byte[] RAW = "s:17:\"/srv/caf\u00e9/\u20ac/x/\";".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    private FakeDrupalSite fake;
    private TestDatabase db;

    @BeforeEach
    void site(TestDatabase database) {
        db = database;
        fake = FakeDrupalSite.builder().civicrmVersion("4.4.5").create(tmp, db);
        db.update("INSERT INTO civicrm_setting (group_name, name, value, domain_id, is_domain) VALUES ('Directory Preferences', 'uploadDir', ?, 1, 1)",
                (Object) PATH);
        db.update("INSERT INTO civicrm_setting (group_name, name, value, domain_id, is_domain) VALUES ('Directory Preferences', 'customPHPPathDir', ?, 1, 1)",
                (Object) RAW);
        db.update("INSERT INTO civicrm_setting (group_name, name, value, domain_id, contact_id) VALUES ('Directory Preferences', 'uploadDir', ?, 1, 7)",
                (Object) "s:6:\"/mine/\";".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public List<RestoreCivicrmSetting> samples() {
        return List.of(RestoreCivicrmSetting.of("uploadDir", 1, PATH), RestoreCivicrmSetting.of("customPHPPathDir", 1, RAW));
    }

    @Override
    public CompensationContext context() {
        Site site = Site.builder(fake.root()).cms("Drupal", "7.105").civicrmCodeDir(fake.civicrmDir()).cmsDatabase(db.coordinates()).build();
        return TestContexts.compensationContext(site, db.dataSource(), tmp.resolve("run"));
    }

    @Override
    public void makeChange(RestoreCivicrmSetting sample) {
        db.update("UPDATE civicrm_setting SET value = ? WHERE name = ? AND contact_id IS NULL", "s:20:\"[civicrm.files]/new/\";".getBytes(StandardCharsets.US_ASCII),
                sample.name());
    }

    @Override
    public Object observe(RestoreCivicrmSetting sample) {
        return db.queryString("SELECT GROUP_CONCAT(CONCAT_WS(':', name, IFNULL(contact_id, '-'), HEX(value)) ORDER BY id) FROM civicrm_setting");
    }
}
