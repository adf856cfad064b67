package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.Site;
import org.civiupgrade.drupal7.internal.RestoreDrupalVariable;
import org.civiupgrade.drupal7.internal.SetDrupalModuleStatus;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.Journaled;
import org.civiupgrade.testkit.TestContexts;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compensations survive the journal (JSON) and, applied by a recovering process, restore exact bytes, twice over. */
@WithTestDatabase
class JournaledCompensationsTest {
    @TempDir
    Path tmp;

    @Test
    void compensationsReadBackFromTheJournalRestoreExactBytesIdempotently(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().tablePrefix("d7_").maintenanceMode("s:1:\"0\";")
                .withContribIntegrationModules().create(tmp, db);
        Site site = Site.detect(fake.root());
        byte[] raw = {'s', ':', '3', ':', '"', (byte) 0xe2, (byte) 0x82, (byte) 0xac, '"', ';'};
        List<Compensation> written = List.of(
                RestoreDrupalVariable.of("d7_", "maintenance_mode", "b:0;".getBytes(StandardCharsets.US_ASCII)),
                RestoreDrupalVariable.of("d7_", "site_frontpage", null),
                RestoreDrupalVariable.of("d7_", "site_slogan", raw),
                new SetDrupalModuleStatus("d7_", List.of("webform_civicrm", "civicrm_entity"), 0));
        db.update("INSERT INTO d7_variable (name, value) VALUES ('site_frontpage', 's:7:\"civicrm\";')");
        CompensationContext ctx = TestContexts.compensationContext(site, db.dataSource(), tmp.resolve("run"));
        for (int round = 0; round < 2; round++) {
            for (Compensation c : written) {
                String json = Journaled.json(c);
                Compensation back = Journaled.read(json);
                assertThat(json).contains("\"@type\"").doesNotContain("hunter");
                assertThat(back).isEqualTo(c);
                assertThat(back.describe()).isEqualTo(c.describe());
                back.apply(ctx);
            }
            assertThat(fake.variable("maintenance_mode")).isEqualTo("b:0;".getBytes(StandardCharsets.US_ASCII));
            assertThat(fake.variable("site_frontpage")).isNull();
            assertThat(fake.variable("site_slogan")).isEqualTo(raw);
            assertThat(fake.moduleStatus("webform_civicrm")).isZero();
            assertThat(fake.moduleStatus("civicrm_entity")).isZero();
            assertThat(fake.moduleStatus("civicrm_contact_match")).isEqualTo(1);
            assertThat(fake.cacheIds("cache_bootstrap")).doesNotContain("variables", "system_list", "module_implements");
        }
    }
}
