package org.civiupgrade.examples;

import static org.assertj.core.api.Assertions.assertThat;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import java.nio.file.Files;
import java.nio.file.Path;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.testkit.FakeCv;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Groovy script example as a user would, with GroovyShell, against a fake site and a fake cv. */
@WithTestDatabase
class GroovyScriptExampleTest {
    static final Path SCRIPT = Path.of("src/main/groovy/upgrade-civicrm.groovy");

    @TempDir
    Path tmp;

    @Test
    void theScriptUpgradesAFakeSite(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules()
                .create(tmp.resolve("site"), db);
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = FakeCv.install(tmp.resolve("bin"), db.coordinates(), fake.civicrmDir(), null);

        Binding binding = new Binding(new String[] {fake.root().toString(), tarball.toString(), cv.toString(),
            tmp.resolve("work").toString()});
        Object value = new GroovyShell(getClass().getClassLoader(), binding).evaluate(SCRIPT.toFile());

        assertThat(value).isInstanceOf(UpgradeResult.class);
        UpgradeResult result = (UpgradeResult) value;
        assertThat(result.status()).as(result.toJson()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.7.0");
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.7.0"));
        assertThat(UpgradeResult.fromJson(Files.readString(Path.of(result.runDir(), "report.json"))).status())
                .isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void withoutArgumentsTheScriptPrintsItsUsageAndChangesNothing() throws Exception {
        Object value = new GroovyShell(getClass().getClassLoader(), new Binding(new String[0])).evaluate(SCRIPT.toFile());
        assertThat(value).isNull();
    }
}
