package org.civiupgrade.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.civiupgrade.CheckResult;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Severity;
import org.civiupgrade.Site;
import org.civiupgrade.Version;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.settings.SettingsOptions;
import org.civiupgrade.settings.SettingsUpgrade;
import org.civiupgrade.settings.internal.DefaultSettingsEditor;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.BackupSummary;
import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.DataSourceFactory;
import org.civiupgrade.spi.db.DatabaseCheckOptions;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.db.DatabaseObject;
import org.civiupgrade.spi.db.ObjectScope;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.ProcedureContext;
import org.civiupgrade.spi.ProcedureContributor;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.RestoreSummary;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.spi.SettingsEditor;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.db.VerifyOptions;
import org.civiupgrade.spi.db.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one selection rule, for every extension point, with two providers of each: the higher
 * priority wins, a negative one is never chosen, equal priorities go to the class name that sorts
 * first whatever the load order, and an explicit override wins over everything.
 */
public class PluginsTest {
    @TempDir
    Path tmp;

    private Site site() {
        return Site.builder(tmp).cms("Drupal", "7.100").civicrmCodeDir(tmp)
                .cmsDatabase(DatabaseCoordinates.fromDsn("mysql://u:p@localhost/d")).build();
    }

    /** Each pair of fakes: {@code A...} sorts before {@code B...}. */
    private static List<Object> pairs(int a, int b) {
        return List.of(new ADialect(a), new BDialect(b), new AUpgrader(a), new BUpgrader(b), new AContributor(a),
                new BContributor(b), new AEditor(a), new BEditor(b), new AFactory(a), new BFactory(b),
                new AAdapter(a), new BAdapter(b));
    }

    private static Plugins inOrder(List<Object> providers, boolean reversed) {
        List<Object> list = new ArrayList<>(providers);
        if (reversed) {
            Collections.reverse(list);
        }
        return Plugins.of(list);
    }

    private record Chosen(Object dialect, Object upgrader, Object editor, Object factory, Object adapter, List<?> contributors) {
    }

    private Chosen choose(Plugins p) {
        Site s = site();
        return new Chosen(p.dialect(s, null).orElse(null), p.upgrader(s, null), p.settingsEditor(s, null),
                p.dataSourceFactory(s).orElse(null), p.adapter(tmp).orElse(null), p.contributors(s));
    }

    @Test
    void theHigherPriorityWinsForEveryExtensionPoint() {
        for (boolean reversed : new boolean[] {false, true}) {
            Chosen c = choose(inOrder(pairs(1, 7), reversed));
            assertThat(c.dialect()).isInstanceOf(BDialect.class);
            assertThat(c.upgrader()).isInstanceOf(BUpgrader.class);
            assertThat(c.editor()).isInstanceOf(BEditor.class);
            assertThat(c.factory()).isInstanceOf(BFactory.class);
            assertThat(c.adapter()).isInstanceOf(BAdapter.class);
            assertThat(c.contributors()).hasExactlyElementsOfTypes(BContributor.class, AContributor.class);
        }
    }

    @Test
    void equalPrioritiesGoToTheClassNameThatSortsFirstWhateverTheLoadOrder() {
        for (boolean reversed : new boolean[] {false, true}) {
            Chosen c = choose(inOrder(pairs(5, 5), reversed));
            assertThat(c.dialect()).as("reversed=" + reversed).isInstanceOf(ADialect.class);
            assertThat(c.upgrader()).isInstanceOf(AUpgrader.class);
            assertThat(c.editor()).isInstanceOf(AEditor.class);
            assertThat(c.factory()).isInstanceOf(AFactory.class);
            assertThat(c.adapter()).isInstanceOf(AAdapter.class);
            assertThat(c.contributors()).hasExactlyElementsOfTypes(AContributor.class, BContributor.class);
        }
    }

    @Test
    void aNegativePriorityIsNeverChosenAndFallbacksStandIn() {
        Chosen c = choose(Plugins.of(pairs(3, -1)));
        assertThat(c.dialect()).isInstanceOf(ADialect.class);
        assertThat(c.upgrader()).isInstanceOf(AUpgrader.class);
        assertThat(c.editor()).isInstanceOf(AEditor.class);
        assertThat(c.factory()).isInstanceOf(AFactory.class);
        assertThat(c.adapter()).isInstanceOf(AAdapter.class);
        assertThat(c.contributors()).hasExactlyElementsOfTypes(AContributor.class);

        Chosen none = choose(Plugins.of(pairs(-5, -1)));
        assertThat(none.dialect()).isNull();
        assertThat(none.factory()).isNull();
        assertThat(none.adapter()).isNull();
        assertThat(none.contributors()).isEmpty();
        assertThat(none.editor()).as("the built-in editor is the fallback").isInstanceOf(DefaultSettingsEditor.class);
        assertThat(none.upgrader()).isInstanceOf(MissingSchemaUpgrader.class);
    }

    @Test
    void withoutAnApplicableUpgraderTheCheckBlocksNamingBothWaysOut() {
        SchemaUpgrader u = Plugins.of(List.of(new AUpgrader(-1))).upgrader(site(), null);
        List<CheckResult> check = u.check(planContext());
        assertThat(check).singleElement().satisfies(r -> {
            assertThat(r.severity()).isEqualTo(Severity.BLOCKER);
            assertThat(r.message()).contains("No schema upgrader applies", "cv is not on the PATH", "drush", "installed upgraders: AUpgrader");
            assertThat(r.remedy()).contains("--upgrader", "Upgrade.Builder.upgrader(", "on the PATH");
        });
    }

    @Test
    void anExplicitOverrideWinsEvenWhenItsOwnPriorityIsNegative() {
        Plugins p = Plugins.of(pairs(1, 9));
        Site s = site();
        ADialect dialect = new ADialect(-1);
        AUpgrader upgrader = new AUpgrader(-1);
        AEditor editor = new AEditor(-1);
        assertThat(p.dialect(s, dialect)).containsSame(dialect);
        assertThat(p.upgrader(s, upgrader)).isSameAs(upgrader);
        assertThat(p.settingsEditor(s, editor)).isSameAs(editor);
    }

    @Test
    void providersComeFromEveryClassLoaderOncePerClassAndTiesDoNotDependOnTheirOrder() throws Exception {
        // two loaders that both see the fakes, registered in opposite orders
        try (URLClassLoader first = services("first", BDialect.class, ADialect.class);
             URLClassLoader second = services("second", ADialect.class, BDialect.class)) {
            for (Plugins p : List.of(Plugins.from(first, second), Plugins.from(second, first))) {
                assertThat(p.all(DatabaseDialect.class)).hasExactlyElementsOfTypes(ADialect.class, BDialect.class);
                assertThat(p.dialect(site(), null)).get().isInstanceOf(ADialect.class);
            }
        }
    }

    /** A class loader over the test classes that registers the given dialects, in this order. */
    private URLClassLoader services(String name, Class<?>... dialects) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name).resolve("META-INF/services"));
        StringBuilder sb = new StringBuilder();
        for (Class<?> d : dialects) {
            sb.append(d.getName()).append('\n');
        }
        Files.writeString(dir.resolve(DatabaseDialect.class.getName()), sb);
        return new URLClassLoader(new URL[] {tmp.resolve(name).toUri().toURL()}, PluginsTest.class.getClassLoader());
    }

    private PlanContext planContext() {
        Site s = site();
        return new PlanContext() {
            @Override
            public Site site() {
                return s;
            }

            @Override
            public SiteResources resources() {
                return new SiteResources() {
                    @Override
                    public DataSource cmsDatabase() {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public DataSource civicrmDatabase() {
                        throw new UnsupportedOperationException();
                    }
                };
            }

            @Override
            public PlanOptions options() {
                return PlanOptions.empty();
            }

            @Override
            public Path runDir() {
                return tmp.resolve("run");
            }
        };
    }

    // ---- two fakes of each extension point; the no-argument constructors give priority 5

    abstract static class FakeDialect implements DatabaseDialect {
        private final int priority;

        FakeDialect(int priority) {
            this.priority = priority;
        }

        @Override
        public int priority(Site site) {
            return priority;
        }

        @Override
        public String name() {
            return getClass().getSimpleName();
        }

        @Override
        public List<CheckResult> check(DataSource database, DatabaseCheckOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DatabaseObject> classify(DataSource database, ObjectScope scope) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> readVersion(DataSource database, int domainId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean repairMissingVersion(DataSource database, int domainId, Version version) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BackupSummary backup(DataSource database, Path directory, BackupOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public VerifyReport verify(DataSource database, Path directory, VerifyOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RestoreSummary restore(DataSource database, Path directory, RestoreOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DatabaseObject> dropCivicrmObjects(DataSource database, ObjectScope scope) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BackupSummary describeBackup(Path directory) {
            throw new UnsupportedOperationException();
        }
    }

    public static final class ADialect extends FakeDialect {
        public ADialect() {
            this(5);
        }

        ADialect(int priority) {
            super(priority);
        }
    }

    public static final class BDialect extends FakeDialect {
        public BDialect() {
            this(5);
        }

        BDialect(int priority) {
            super(priority);
        }
    }

    abstract static class FakeUpgrader implements SchemaUpgrader {
        private final int priority;

        FakeUpgrader(int priority) {
            this.priority = priority;
        }

        @Override
        public int priority(Site site) {
            return priority;
        }

        @Override
        public String name() {
            return getClass().getSimpleName();
        }

        @Override
        public String describe(Site site) {
            return name();
        }

        @Override
        public List<String> upgrade(Request request) {
            throw new UnsupportedOperationException();
        }
    }

    static final class AUpgrader extends FakeUpgrader {
        AUpgrader(int priority) {
            super(priority);
        }
    }

    static final class BUpgrader extends FakeUpgrader {
        BUpgrader(int priority) {
            super(priority);
        }
    }

    abstract static class FakeContributor implements ProcedureContributor {
        private final int priority;

        FakeContributor(int priority) {
            this.priority = priority;
        }

        @Override
        public int priority(Site site) {
            return priority;
        }

        @Override
        public List<Step> steps(ProcedureStage stage, ProcedureContext context) {
            return List.of();
        }
    }

    static final class AContributor extends FakeContributor {
        AContributor(int priority) {
            super(priority);
        }
    }

    static final class BContributor extends FakeContributor {
        BContributor(int priority) {
            super(priority);
        }
    }

    abstract static class FakeEditor implements SettingsEditor {
        private final int priority;

        FakeEditor(int priority) {
            this.priority = priority;
        }

        @Override
        public int priority(Site site) {
            return priority;
        }

        @Override
        public SettingsFile read(Path file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SettingsUpgrade.Plan plan(SettingsFile file, Version from, Version to, SettingsOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(Path file, SettingsFile content) {
            throw new UnsupportedOperationException();
        }
    }

    static final class AEditor extends FakeEditor {
        AEditor(int priority) {
            super(priority);
        }
    }

    static final class BEditor extends FakeEditor {
        BEditor(int priority) {
            super(priority);
        }
    }

    abstract static class FakeFactory implements DataSourceFactory {
        private final int priority;

        FakeFactory(int priority) {
            this.priority = priority;
        }

        @Override
        public int priority(Site site) {
            return priority;
        }

        @Override
        public DataSource open(DatabaseCoordinates coordinates) {
            throw new UnsupportedOperationException();
        }
    }

    static final class AFactory extends FakeFactory {
        AFactory(int priority) {
            super(priority);
        }
    }

    static final class BFactory extends FakeFactory {
        BFactory(int priority) {
            super(priority);
        }
    }

    /** An adapter's priority is its probe; a negative probe counts as "not me", like an empty one. */
    abstract static class FakeAdapter implements CmsAdapter {
        private final int probe;

        FakeAdapter(int probe) {
            this.probe = probe;
        }

        @Override
        public String name() {
            return getClass().getSimpleName();
        }

        @Override
        public OptionalInt probe(Path root) {
            return probe == -5 ? OptionalInt.empty() : OptionalInt.of(probe);
        }

        @Override
        public Site open(Path root, Optional<String> siteName) {
            throw new UnsupportedOperationException();
        }
    }

    static final class AAdapter extends FakeAdapter {
        AAdapter(int probe) {
            super(probe);
        }
    }

    static final class BAdapter extends FakeAdapter {
        BAdapter(int probe) {
            super(probe);
        }
    }
}
