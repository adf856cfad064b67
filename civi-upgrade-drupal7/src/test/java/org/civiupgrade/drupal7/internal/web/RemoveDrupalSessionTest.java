package org.civiupgrade.drupal7.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.civiupgrade.Site;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login's compensation as a recovering process meets it: read back from the journal's JSON
 * (type {@code drupal7.remove-session}, no credential in it), it removes exactly the run's row
 * (plain or hashed id, HTTP or HTTPS), keeps the site's other sessions, and does nothing the second time.
 */
@WithTestDatabase
class RemoveDrupalSessionTest {
    @TempDir
    Path tmp;

    @Test
    void removesOnlyTheRunsSessionFromTheJournalIdempotently(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().tablePrefix("d7_").create(tmp, db);
        List<String> before = db.queryColumn("SELECT sid FROM d7_sessions ORDER BY sid");
        DrupalSessionCookie plain = DrupalSessionCookie.create(URI.create("http://example.org/"), Optional.empty(), Optional.empty(), false);
        DrupalSessionCookie hashed = DrupalSessionCookie.create(URI.create("https://example.org/"), Optional.empty(), Optional.empty(), true);
        try (Connection c = db.dataSource().getConnection()) {
            DrupalSiteFacts.insertSession(c, "d7_", 1, plain);
            DrupalSiteFacts.insertSession(c, "d7_", 1, hashed);
        }
        assertThat(db.queryString("SELECT ssid FROM d7_sessions WHERE sid = ?", hashed.storedId())).isEqualTo(hashed.storedId());
        assertThat(db.queryString("SELECT ssid FROM d7_sessions WHERE sid = ?", plain.storedId())).isEmpty();
        CompensationContext ctx = context(Site.detect(fake.root()), db.dataSource());
        for (DrupalSessionCookie cookie : List.of(plain, hashed)) {
            Compensation c = new RemoveDrupalSession("d7_", 1, cookie.lookupDigest());
            String json = (String) json().getMethod("write", Object.class).invoke(null, c);
            assertThat(json.replaceAll("\\s", "")).contains("\"@type\":\"drupal7.remove-session\"").doesNotContain(cookie.storedId());
            Compensation back = (Compensation) json().getMethod("read", String.class, Class.class).invoke(null, json, Compensation.class);
            assertThat(back).isEqualTo(c);
            back.apply(ctx);
            back.apply(ctx);
        }
        assertThat(db.queryColumn("SELECT sid FROM d7_sessions ORDER BY sid")).isEqualTo(before).isNotEmpty();
    }

    private static Class<?> json() throws ClassNotFoundException {
        return Class.forName("org.civiupgrade.internal.json.Json");
    }

    private CompensationContext context(Site site, DataSource ds) {
        return new CompensationContext() {
            @Override
            public Site site() {
                return site;
            }

            @Override
            public SiteResources resources() {
                return new SiteResources() {
                    @Override
                    public DataSource cmsDatabase() {
                        return ds;
                    }

                    @Override
                    public DataSource civicrmDatabase() {
                        return ds;
                    }
                };
            }

            @Override
            public Path runDir() {
                return tmp.resolve("run");
            }

            @Override
            public void progress(long done, long total, String unit) {
            }
        };
    }
}
