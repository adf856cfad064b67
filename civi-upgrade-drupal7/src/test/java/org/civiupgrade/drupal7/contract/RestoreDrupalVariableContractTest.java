package org.civiupgrade.drupal7.contract;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.Site;
import org.civiupgrade.drupal7.internal.RestoreDrupalVariable;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.testkit.CompensationContract;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.TestContexts;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Putting back a Drupal variable's exact bytes (or its absence) keeps the compensation contract, with a table prefix. */
@WithTestDatabase
class RestoreDrupalVariableContractTest implements CompensationContract<RestoreDrupalVariable> {
    /** Not valid UTF-8 on purpose: the bytes, not a string, are put back. */
    private static final byte[] RAW = {'s', ':', '3', ':', '"', (byte) 0xe2, (byte) 0x82, (byte) 0xac, '"', ';', (byte) 0xff};

    @TempDir
    Path tmp;
    private FakeDrupalSite fake;
    private TestDatabase db;

    @BeforeEach
    void site(TestDatabase database) {
        db = database;
        fake = FakeDrupalSite.builder().tablePrefix("d7_").maintenanceMode("b:0;").create(tmp, db);
        db.update("INSERT INTO d7_variable (name, value) VALUES ('site_slogan', ?)", (Object) RAW);
    }

    @Override
    public List<RestoreDrupalVariable> samples() {
        return List.of(RestoreDrupalVariable.of("d7_", "maintenance_mode", "b:0;".getBytes(StandardCharsets.US_ASCII)),
                RestoreDrupalVariable.of("d7_", "site_frontpage_that_was_absent", null),
                RestoreDrupalVariable.of("d7_", "site_slogan", RAW));
    }

    @Override
    public CompensationContext context() {
        return TestContexts.compensationContext(Site.detect(fake.root()), db.dataSource(), tmp.resolve("run"));
    }

    @Override
    public void makeChange(RestoreDrupalVariable sample) {
        db.update("DELETE FROM d7_variable WHERE name = ?", sample.name());
        db.update("INSERT INTO d7_variable (name, value) VALUES (?, ?)", sample.name(), (Object) "i:1;".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public Object observe(RestoreDrupalVariable sample) {
        return fake.variable(sample.name());
    }
}
