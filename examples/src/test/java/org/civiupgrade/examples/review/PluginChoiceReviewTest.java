package org.civiupgrade.examples.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.civiupgrade.CheckReport;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Release;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.Version;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.BackupSummary;
import org.civiupgrade.spi.db.DatabaseCheckOptions;
import org.civiupgrade.spi.db.DatabaseObject;
import org.civiupgrade.spi.db.ObjectScope;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.RestoreSummary;
import org.civiupgrade.spi.db.VerifyOptions;
import org.civiupgrade.spi.db.VerifyReport;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one plugin rule seen from outside: a dialect that declines, two upgraders at the same priority. */
@WithTestDatabase
class PluginChoiceReviewTest {
    @TempDir
    Path tmp;

    /** Claims every site at 1000 except this one. */
    public static final class DecliningDialect implements DatabaseDialect {
        @Override
        public String name() {
            return "declining";
        }

        @Override
        public int priority(Site site) {
            return site.root().toString().contains("declined") ? -1 : 1000;
        }

        @Override
        public List<CheckResult> check(DataSource d, DatabaseCheckOptions o) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DatabaseObject> classify(DataSource d, ObjectScope s) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> readVersion(DataSource d, int domainId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean repairMissingVersion(DataSource d, int domainId, Version v) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BackupSummary backup(DataSource d, Path dir, BackupOptions o) {
            throw new UnsupportedOperationException();
        }

        @Override
        public VerifyReport verify(DataSource d, Path dir, VerifyOptions o) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RestoreSummary restore(DataSource d, Path dir, RestoreOptions o) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DatabaseObject> dropCivicrmObjects(DataSource d, ObjectScope s) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BackupSummary describeBackup(Path dir) {
            throw new UnsupportedOperationException();
        }
    }

    abstract static class Named implements SchemaUpgrader {
        @Override
        public int priority(Site site) {
            return 500;
        }

        @Override
        public String describe(Site site) {
            return "upgrader " + name();
        }

        @Override
        public List<String> upgrade(Request request) {
            throw new UnsupportedOperationException();
        }
    }

    /** Same priority as {@link AUpgrader}, later class name. */
    public static final class ZUpgrader extends Named {
        @Override
        public String name() {
            return "zed";
        }
    }

    /** Same priority as {@link ZUpgrader}, earlier class name. */
    public static final class AUpgrader extends Named {
        @Override
        public String name() {
            return "ay";
        }
    }

    private static <T> T withServices(Path dir, Callable<T> body) throws Exception {
        Path meta = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(meta.resolve(DatabaseDialect.class.getName()), DecliningDialect.class.getName() + "\n");
        // Z first on purpose: the file order must not decide
        Files.writeString(meta.resolve(SchemaUpgrader.class.getName()), ZUpgrader.class.getName() + "\n" + AUpgrader.class.getName() + "\n");
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, before)) {
            Thread.currentThread().setContextClassLoader(loader);
            return body.call();
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    @Test
    void decliningDialectIsSkippedAndEqualUpgradersAreOrderedByClassName(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").create(tmp.resolve("declined-site"), db);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        Release release = Release.tarball(FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl")));
        UpgradePlan plan = withServices(tmp.resolve("cp"), () -> Upgrade.of(site).to(release).backup().migrate().plan());
        System.out.println("dialect: " + plan.dialect());
        assertThat(plan.dialect()).get().extracting(d -> d.getClass().getSimpleName()).isEqualTo("MySqlDialect");
        String actions = plan.dryRun().describe();
        System.out.println("dry run: " + actions);
        assertThat(actions).contains("upgrader ay").doesNotContain("upgrader zed");
    }

    @Test
    void checkExplainsTheChoice(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").create(tmp.resolve("declined-site"), db);
        Site site = Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
        Release release = Release.tarball(FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl")));
        CheckReport report = withServices(tmp.resolve("cp2"), () -> Upgrade.of(site).to(release).backup().migrate().plan().check());
        assertThat(report.results()).as("check() names the upgrader chosen and the one passed over")
                .anySatisfy(r -> assertThat(r.message()).contains("upgrade runs through ay").contains("passed over: zed"));
        assertThat(report.results()).as("check() names the dialect chosen and the one that declined the site")
                .anySatisfy(r -> assertThat(r.message()).startsWith("Database dialect: mysql").contains("not for this site"));
    }
}
