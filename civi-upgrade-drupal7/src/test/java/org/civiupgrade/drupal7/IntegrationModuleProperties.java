package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.io.file.PathUtils;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeModule;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.TestDatabaseServer;

/**
 * Any set of modules with random dependency chains: exactly the enabled integration modules
 * are disabled, everything else is untouched, and enabling them again (or a failure) leaves
 * the system table byte-for-byte as it was.
 */
class IntegrationModuleProperties {
    private static final List<String> PACKAGES = List.of("CiviCRM", "CiviCRM Entity", "Other", "Views", "Fields", "");
    private static final List<String> CIVI_DEPS = List.of("civicrm", "civicrm (>=4.4)", "civicrm (4.x)", "civicrm (>=7.x-4.6)");

    record Spec(String pkg, List<Integer> deps, int civiDep, boolean enabled) {
    }

    @Provide
    Arbitrary<List<Spec>> moduleSets() {
        Arbitrary<Spec> spec = Combinators.combine(
                Arbitraries.of(PACKAGES),
                Arbitraries.integers().between(0, 40).list().ofMaxSize(3),
                Arbitraries.integers().between(-6, CIVI_DEPS.size() - 1),
                Arbitraries.of(true, true, false)).as(Spec::new);
        return spec.list().ofMinSize(1).ofMaxSize(10);
    }

    @Property(tries = 15)
    void exactlyTheEnabledIntegrationModulesAreDisabledAndComeBack(@ForAll("moduleSets") List<Spec> specs,
                                                                   @ForAll boolean failAtTheEnd) throws Exception {
        List<FakeModule> modules = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            List<String> deps = new ArrayList<>();
            for (int d : s.deps()) {
                if (i > 0) {
                    deps.add("mod" + (d % i) + (d % 3 == 0 ? " (>=7.x-1.0)" : ""));
                }
            }
            if (s.civiDep() >= 0) {
                deps.add(CIVI_DEPS.get(s.civiDep()));
            }
            modules.add(new FakeModule("mod" + i, "Module " + i, s.pkg().isEmpty() ? null : s.pkg(), "7.x-1." + i, "7.x",
                    deps.stream().distinct().toList(), "sites/all/modules/mod" + i, s.enabled(), 7000));
        }
        Set<String> integration = oracle(modules);

        Path tmp = Files.createTempDirectory("d7prop");
        try (TestDatabase db = TestDatabaseServer.shared().createDatabase()) {
            FakeDrupalSite.Builder b = FakeDrupalSite.builder().contacts(0).tablePrefix("p_");
            modules.forEach(b::module);
            FakeDrupalSite fake = b.create(tmp, db);
            Site site = Runs.detect(fake, tmp.resolve("work"));
            Drupal7Adapter a = (Drupal7Adapter) site.adapter().orElseThrow();
            String rows = "SELECT GROUP_CONCAT(CONCAT_WS('|', filename, status, schema_version, HEX(info)) ORDER BY filename"
                    + " SEPARATOR '\\n') FROM p_system";
            String before = db.queryString(rows);
            Map<String, Integer> statusBefore = new java.util.HashMap<>();
            for (FakeModule m : fake.modules().values()) {
                statusBefore.put(m.name(), fake.moduleStatus(m.name()));
            }
            AtomicReference<Map<String, Integer>> during = new AtomicReference<>();
            List<org.civiupgrade.spi.Step> steps = new ArrayList<>(List.of(a.disableIntegrationModulesStep(site),
                    Runs.probe("test.look", c -> {
                        Map<String, Integer> now = new java.util.HashMap<>();
                        fake.modules().keySet().forEach(n -> now.put(n, fake.moduleStatus(n)));
                        during.set(now);
                    }), a.reenableIntegrationModulesStep(site)));
            if (failAtTheEnd) {
                steps.add(Runs.failing());
            }
            UpgradeResult r = Runs.run(site, steps.toArray(org.civiupgrade.spi.Step[]::new));
            assertThat(r.status()).isEqualTo(failAtTheEnd ? RunStatus.ROLLED_BACK : RunStatus.SUCCEEDED);
            for (Map.Entry<String, Integer> e : statusBefore.entrySet()) {
                int expected = integration.contains(e.getKey()) ? 0 : e.getValue();
                assertThat(during.get().get(e.getKey())).as(e.getKey() + " during the upgrade").isEqualTo(expected);
            }
            assertThat(db.queryString(rows)).isEqualTo(before);
        } finally {
            PathUtils.deleteDirectory(tmp);
        }
    }

    /** Independent statement of the rule: package "CiviCRM*", or a dependency chain reaching civicrm. */
    private static Set<String> oracle(List<FakeModule> modules) {
        Set<String> out = new HashSet<>();
        for (FakeModule m : modules) {
            if (reachesCivicrm(m, modules, new HashSet<>())) {
                out.add(m.name());
            }
        }
        return out;
    }

    private static boolean reachesCivicrm(FakeModule m, List<FakeModule> all, Set<String> seen) {
        if (!seen.add(m.name())) {
            return false;
        }
        if (m.packageName() != null && m.packageName().startsWith("CiviCRM")) {
            return true;
        }
        for (String d : m.dependencies()) {
            String name = d.split(" ")[0];
            if (name.equals("civicrm")) {
                return true;
            }
            for (FakeModule o : all) {
                if (o.name().equals(name) && reachesCivicrm(o, all, seen)) {
                    return true;
                }
            }
        }
        return false;
    }
}
