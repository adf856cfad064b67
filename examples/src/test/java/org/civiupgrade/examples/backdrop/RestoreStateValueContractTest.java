package org.civiupgrade.examples.backdrop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.civiupgrade.Site;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.testkit.CompensationContract;
import org.civiupgrade.testkit.TestContexts;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Putting back a Backdrop state row's exact bytes (or its absence) keeps the compensation contract. */
@WithTestDatabase
class RestoreStateValueContractTest implements CompensationContract<RestoreStateValue> {
    /** Not valid UTF-8 on purpose: the bytes, not a string, are put back. */
    private static final byte[] RAW = {'s', ':', '3', ':', '"', (byte) 0xe2, (byte) 0x82, (byte) 0xac, '"', ';', (byte) 0xff};

    @TempDir
    Path tmp;
    private FakeBackdropSite fake;
    private TestDatabase db;

    @BeforeEach
    void site(TestDatabase database) throws Exception {
        db = database;
        fake = FakeBackdropSite.create(tmp.resolve("site"), db, "4.4.0", "node");
        db.update("INSERT INTO state (name, value) VALUES ('maintenance_mode', 'b:0;')");
        db.update("INSERT INTO state (name, value) VALUES ('css_js_query_string', ?)", (Object) RAW);
    }

    @Override
    public List<RestoreStateValue> samples() {
        return List.of(RestoreStateValue.of("", "maintenance_mode", Optional.of("b:0;".getBytes(StandardCharsets.US_ASCII))),
                RestoreStateValue.of("", "install_task_that_was_absent", Optional.empty()),
                RestoreStateValue.of("", "css_js_query_string", Optional.of(RAW)));
    }

    @Override
    public CompensationContext context() {
        return TestContexts.compensationContext(Site.detect(fake.root()), db.dataSource(), tmp.resolve("run"));
    }

    @Override
    public void makeChange(RestoreStateValue sample) {
        db.update("INSERT INTO state (name, value) VALUES (?, 'b:1;') ON DUPLICATE KEY UPDATE value = 'b:1;'", sample.name());
    }

    /** The row's bytes (compared by content), or "no row". */
    @Override
    public Object observe(RestoreStateValue sample) {
        byte[] value = db.queryBytes("SELECT value FROM state WHERE name = ?", sample.name());
        return value == null ? "no row" : value;
    }
}
