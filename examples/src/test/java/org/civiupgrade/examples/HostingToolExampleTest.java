package org.civiupgrade.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.FakeSchemaUpgrader;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithTestDatabase
class HostingToolExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private List<JsonNode> lines(StringWriter w) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : w.toString().split("\n")) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static List<String> events(List<JsonNode> lines) {
        return lines.stream().map(l -> l.get("event").asText()).toList();
    }

    @Test
    void eachEventIsOneJsonLineAndTheResultIsTheLast(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").create(tmp.resolve("site"), db);
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        StringWriter w = new StringWriter();

        UpgradeResult r = new HostingToolExample(w).upgrade(Site.detect(fake.root()).withWorkDir(tmp.resolve("work")),
                Release.tarball(tarball), new FakeSchemaUpgrader());

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.7.0"));
        List<JsonNode> lines = lines(w);
        List<String> events = events(lines);
        assertThat(events.get(0)).isEqualTo("Checked");
        assertThat(events.get(1)).isEqualTo("RunStarted");
        assertThat(events.get(events.size() - 2)).isEqualTo("RunFinished");
        assertThat(events.get(events.size() - 1)).isEqualTo("Result");
        assertThat(events.stream().filter("StepStarted"::equals).count())
                .isEqualTo(events.stream().filter("StepFinished"::equals).count()).isEqualTo(r.steps().size());
        JsonNode started = lines.get(1);
        assertThat(started.get("runId").asText()).isEqualTo(r.runId());
        assertThat(started.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(lines.get(lines.size() - 1).get("result").get("status").asText()).isEqualTo("SUCCEEDED");
        String password = db.coordinates().password().reveal();
        if (!password.isEmpty()) {
            assertThat(w.toString()).doesNotContain(password);
        }
    }

    @Test
    void aFailingUpgradeStreamsItsRollback(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").create(tmp.resolve("site"), db);
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        StringWriter w = new StringWriter();

        UpgradeResult r = new HostingToolExample(w).upgrade(Site.detect(fake.root()).withWorkDir(tmp.resolve("work")),
                Release.tarball(tarball), new FakeSchemaUpgrader("4.6.0", 1));

        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.4.0"));
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.4.0");
        List<JsonNode> lines = lines(w);
        assertThat(events(lines)).contains("StepFailed", "RollbackStarted", "CompensationApplied", "RollbackFinished");
        JsonNode failed = lines.stream().filter(l -> l.get("event").asText().equals("StepFailed")).findFirst().orElseThrow();
        assertThat(failed.get("stepId").asText()).isEqualTo("migrate-database");
        assertThat(failed.get("code").asText()).isNotEmpty();
    }

    @Test
    void blockersAndRefusalsAreLinesAndChangeNothing(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").create(tmp.resolve("site"), db);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        StringWriter w = new StringWriter();

        // the same version again: a pre-flight blocker
        UpgradeResult r = new HostingToolExample(w).upgrade(site, Release.tarball(FakeRelease.of("4.4.0").writeTo(tmp.resolve("same"))),
                new FakeSchemaUpgrader());
        assertThat(r).isNull();
        JsonNode checked = lines(w).get(lines(w).size() - 1);
        assertThat(checked.get("event").asText()).isEqualTo("Checked");
        assertThat(checked.get("passed").asBoolean()).isFalse();
        assertThat(checked.get("results").findValuesAsText("severity")).contains("BLOCKER");

        // code without a version file: the plan is refused with a stable code and a remedy
        java.nio.file.Files.delete(fake.civicrmDir().resolve("civicrm-version.php"));
        StringWriter w2 = new StringWriter();
        assertThat(new HostingToolExample(w2).upgrade(site, Release.tarball(FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"))),
                new FakeSchemaUpgrader())).isNull();
        JsonNode refused = lines(w2).get(0);
        assertThat(refused.get("event").asText()).isEqualTo("Refused");
        assertThat(refused.get("code").asText()).isEqualTo("SITE_INVALID");
        assertThat(refused.get("remedy").asText()).isNotEmpty();
        assertThat(db.queryString("SELECT version FROM civicrm_domain WHERE id = 1")).isEqualTo("4.4.0");
    }
}
