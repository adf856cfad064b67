package org.civiupgrade.drupal7.contract;

import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.Site;
import org.civiupgrade.drupal7.internal.SetDrupalModuleStatus;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.testkit.CompensationContract;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.TestContexts;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Enabling or disabling Drupal modules again keeps the compensation contract, other modules untouched. */
@WithTestDatabase
class SetDrupalModuleStatusContractTest implements CompensationContract<SetDrupalModuleStatus> {
    @TempDir
    Path tmp;
    private FakeDrupalSite fake;
    private TestDatabase db;

    @BeforeEach
    void site(TestDatabase database) {
        db = database;
        fake = FakeDrupalSite.builder().tablePrefix("d7_").withContribIntegrationModules().create(tmp, db);
        db.update("UPDATE d7_system SET status = 0 WHERE name IN ('webform_civicrm', 'civicrm_entity')");
    }

    @Override
    public List<SetDrupalModuleStatus> samples() {
        return List.of(new SetDrupalModuleStatus("d7_", List.of("webform_civicrm", "civicrm_entity"), 0),
                new SetDrupalModuleStatus("d7_", List.of("civicrm_contact_match"), 1));
    }

    @Override
    public CompensationContext context() {
        return TestContexts.compensationContext(Site.detect(fake.root()), db.dataSource(), tmp.resolve("run"));
    }

    @Override
    public void makeChange(SetDrupalModuleStatus sample) {
        for (String m : sample.modules()) {
            db.update("UPDATE d7_system SET status = ? WHERE name = ?", 1 - sample.status(), m);
        }
    }

    /** Every module's status, so that a compensation touching others shows. */
    @Override
    public Object observe(SetDrupalModuleStatus sample) {
        return db.queryColumn("SELECT CONCAT(name, '=', status) FROM d7_system ORDER BY name");
    }
}
