package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.civiupgrade.CoreOptions;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.PlanOption;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Release;
import org.civiupgrade.Reversibility;
import org.civiupgrade.Secret;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.Version;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.civiupgrade.testkit.ThrowingStep;
import org.civiupgrade.testkit.FakeRelease;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed plan options: every known key, checking at plan(), and a builder that plan() leaves as it was. */
class PlanOptionTest {
    @TempDir
    Path tmp;
    Site site;


    @BeforeEach
    void site() throws IOException {
        Path code = Files.createDirectories(tmp.resolve("site/sites/all/modules/civicrm"));
        site = Site.builder(tmp.resolve("site")).cms("Drupal", "7.100").civicrmCodeDir(code)
                .cmsDatabase(DatabaseCoordinates.of("127.0.0.1", 3306, "drupal", "u", Secret.of("pw")))
                .workDir(tmp.resolve("work")).build();
    }

    private Map<String, String> tree() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(tmp)) {
            for (Path p : all.toList()) {
                out.put(tmp.relativize(p).toString(), Files.isDirectory(p) ? "dir" : Files.size(p) + " bytes");
            }
        }
        return out;
    }

    @Test
    void everyKnownKeyReadsBackItsDefaultsRenderingAndTheModulesDeclareTheirs() {
        List<PlanOption<?>> known = Upgrade.knownOptions();
        assertThat(known).containsAll(CoreOptions.ALL).containsAll(MySqlOptions.ALL);
        assertThat(known).extracting(PlanOption::name).doesNotHaveDuplicates().contains("php.binary", "civicrm.domainId",
                "migrate.timeoutMinutes", "database.compression", "settings.addSiteKey", "target.version");
        for (PlanOption<?> o : known) {
            assertThat(o.doc()).as(o.name()).isNotBlank();
            o.defaultValue().ifPresent(d -> assertThat(roundTrip(o)).as(o.name()).isEqualTo(d));
        }
        assertThat(CoreOptions.MIGRATE_TIMEOUT_MINUTES.defaultValue()).contains(240);
        assertThat(MySqlOptions.COMPRESSION.render(BackupOptions.Compression.GZIP)).isEqualTo("gzip");
        assertThat(MySqlOptions.COMPRESSION.parse("GZip")).isEqualTo(BackupOptions.Compression.GZIP);
        // the older text keys name the same options
        assertThat(List.of(DatabaseBackupStep.OPTION_VERIFY, DatabaseBackupStep.OPTION_WORKERS, DatabaseBackupStep.OPTION_CIVICRM_ONLY,
                DatabaseBackupStep.OPTION_COMPRESSION, DatabaseBackupStep.OPTION_DOMAIN_ID, DatabaseBackupStep.OPTION_TARGET))
                .containsExactly("database.verify", "database.workers", "database.civicrmOnly", "database.compression",
                        CoreOptions.CIVICRM_DOMAIN_ID.name(), CoreOptions.TARGET_VERSION.name());
    }

    private static <T> T roundTrip(PlanOption<T> o) {
        return o.parse(o.render(o.defaultValue().orElseThrow()));
    }

    @Test
    void typedOptionsAreWrittenAsTextAndReadTyped() {
        UpgradePlan plan = Upgrade.of(site).step(ThrowingStep.noop("test.noop")).option(CoreOptions.MIGRATE_TIMEOUT_MINUTES, 480)
                .option(MySqlOptions.COMPRESSION, BackupOptions.Compression.GZIP).option("database.verify", "FALSE").plan();
        PlanOptions o = plan.options();
        assertThat(o.values()).containsEntry("migrate.timeoutMinutes", "480").containsEntry("database.compression", "gzip");
        assertThat(o.get(CoreOptions.MIGRATE_TIMEOUT_MINUTES)).isEqualTo(480);
        assertThat(o.get(MySqlOptions.COMPRESSION)).isEqualTo(BackupOptions.Compression.GZIP);
        assertThat(o.get(MySqlOptions.VERIFY)).isFalse();
        assertThat(o.get(MySqlOptions.WORKERS)).as("the default").isEqualTo(2);
        assertThat(o.find(CoreOptions.PHP_BINARY)).isEmpty();
        assertThatThrownBy(() -> o.get(CoreOptions.PHP_BINARY)).isInstanceOf(IllegalStateException.class).hasMessageContaining("find()");
    }

    @Test
    void anUnparsableValueIsRefusedAtPlanNamingKeyValueAndFormAndNothingChangesOnDisk() throws IOException {
        Map<String, String> before = tree();
        assertPlanInvalid(Upgrade.of(site).step(ThrowingStep.noop("test.noop")).option("migrate.timeoutMinutes", "ten"),
                "migrate.timeoutMinutes", "'ten'", "a whole number from 1");
        assertPlanInvalid(Upgrade.of(site).step(ThrowingStep.noop("test.noop")).option("database.compression", "lz4"),
                "database.compression", "'lz4'", "zstd or gzip");
        assertPlanInvalid(Upgrade.of(site).step(ThrowingStep.noop("test.noop")).option("database.workers", "0"), "database.workers", "'0'");
        assertPlanInvalid(Upgrade.of(site).step(ThrowingStep.noop("test.noop")).option("database.verify", "yes"), "database.verify", "'yes'", "true or false");
        assertPlanInvalid(Upgrade.of(site).step(ThrowingStep.noop("test.noop")).option("target.version", "five"), "target.version", "'five'");
        assertThat(tree()).isEqualTo(before);
    }

    @Test
    void anUnknownKeyIsRefusedWithTheKnownOnesAndWithoutItsValue() throws IOException {
        Map<String, String> before = tree();
        UpgradeException e = assertPlanInvalid(Upgrade.of(site).step(ThrowingStep.noop("test.noop")).option("database.password", "s3cret-value"),
                "'database.password'", "migrate.timeoutMinutes", "database.compression", "php.binary");
        assertThat(e.getMessage() + e.remedy()).doesNotContain("s3cret-value");
        assertPlanInvalid(Upgrade.of(site).step(ThrowingStep.noop("test.noop")).option("migrate.timeoutMinute", "30"), "'migrate.timeoutMinute'");
        assertThat(tree()).isEqualTo(before);
    }

    @Test
    void aStepOfOnesOwnDeclaresItsOptionBySettingItTyped() {
        PlanOption<Integer> mine = PlanOption.integer("example.retries", 0, 3, "How often the example step retries.");
        assertPlanInvalid(Upgrade.of(site).step(ThrowingStep.noop("test.noop")).option("example.retries", "5"), "example.retries");
        UpgradePlan plan = Upgrade.of(site).step(ThrowingStep.noop("test.noop")).option(mine, 5).plan();
        assertThat(plan.options().get(mine)).isEqualTo(5);
    }

    @Test
    void planLeavesTheBuilderAsItWasSoAReusedBuilderPlansTheNewTarget() throws IOException {
        Release a = Release.tarball(FakeRelease.of("4.5.0").writeTo(tmp.resolve("a")));
        Release b = Release.tarball(FakeRelease.of("4.6.0").writeTo(tmp.resolve("b")));
        Upgrade.Builder builder = Upgrade.of(site).step(ThrowingStep.noop("test.noop")).to(a);
        assertThat(builder.plan().options().get(CoreOptions.TARGET_VERSION)).isEqualTo(Version.parse("4.5.0"));
        assertThat(builder.to(b).plan().options().get(CoreOptions.TARGET_VERSION)).isEqualTo(Version.parse("4.6.0"));
        assertThat(builder.plan().options().find(CoreOptions.FINAL_VERSION)).isEmpty();
    }

    @Test
    void aDerivedOptionMayOnlyRepeatTheReleasesVersionWhenThePlanHasARelease() throws IOException {
        Release a = Release.tarball(FakeRelease.of("4.5.0").writeTo(tmp.resolve("a")));
        assertPlanInvalid(Upgrade.of(site).step(ThrowingStep.noop("test.noop")).to(a).option(CoreOptions.TARGET_VERSION, Version.parse("5.0.0")),
                "target.version", "'5.0.0'", "4.5.0", "to(...)");
        // copying a plan's options into a new builder (as a test harness does) stays valid
        UpgradePlan first = Upgrade.of(site).step(ThrowingStep.noop("test.noop")).to(a).plan();
        Upgrade.Builder copy = Upgrade.of(site).step(ThrowingStep.noop("test.noop")).to(a);
        first.options().values().forEach(copy::option);
        assertThat(copy.plan().options().values()).isEqualTo(first.options().values());
        // without a release the caller gives the target the server checks judge against
        assertThat(Upgrade.of(site).step(ThrowingStep.noop("test.noop")).option(CoreOptions.TARGET_VERSION, Version.parse("5.0.0")).plan()
                .options().get(CoreOptions.TARGET_VERSION)).isEqualTo(Version.parse("5.0.0"));
    }

    private static UpgradeException assertPlanInvalid(Upgrade.Builder builder, String... named) {
        try {
            builder.plan();
        } catch (UpgradeException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.PLAN_INVALID);
            assertThat(e.getMessage() + " " + e.remedy()).contains(named);
            return e;
        }
        throw new AssertionError("plan() accepted the options");
    }
}
