package org.civiupgrade.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * civi-upgrade on the module path, as an application sees it (every other test runs on the class
 * path, where {@code module-info} is not enforced). A small consumer module
 * ({@code src/test/modulepath}) is compiled against the built modules and run in a child JVM with
 * {@code --module-path}; it requires only the core module, so MySQL and Drupal 7 must arrive through
 * the service binding of the {@code uses}/{@code provides} clauses. It lists the providers of every
 * SPI, lets the core detect a site (the core's own {@code ServiceLoader} use), and writes and reads
 * one compensation of each module through the journal's JSON, which fails when a package is not
 * opened to Jackson.
 */
class ModulePathSmokeTest {
    private static final List<String> ROOTS = List.of("org.civiupgrade", "org.civiupgrade.mysql",
            "org.civiupgrade.drupal7", "org.civiupgrade.testkit", "org.slf4j.simple");
    private static final List<String> EXPORTS_FOR_THE_CONSUMER = List.of(
            "org.civiupgrade/org.civiupgrade.internal.json",
            "org.civiupgrade/org.civiupgrade.internal.journal",
            "org.civiupgrade.drupal7/org.civiupgrade.drupal7.internal",
            "org.civiupgrade.drupal7/org.civiupgrade.drupal7.internal.web");
    private static final String CONSUMER = "org.civiupgrade.smoketest";

    private static List<String> output;

    @BeforeAll
    static void runTheConsumerOnTheModulePath(@TempDir Path tmp) throws Exception {
        List<Path> modulePath = modulePath();
        String path = modulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Path classes = tmp.resolve("classes");
        compileConsumer(path, classes);

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", classes + File.pathSeparator + path,
                "--add-modules", "org.civiupgrade.testkit"));
        EXPORTS_FOR_THE_CONSUMER.forEach(e -> command.addAll(List.of("--add-exports", e + "=" + CONSUMER)));
        command.addAll(List.of("-Djava.io.tmpdir=" + tmp, "-m", CONSUMER + "/org.civiupgrade.smoketest.Main"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] bytes = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the consumer finished").isTrue();
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("the consumer on the module path failed:\n%s\ncommand: %s", text, command)
                .isZero();
        System.out.println(text);
        output = text.lines().toList();
    }

    @Test
    void everyProviderRegisteredForTheClassPathIsBoundOnTheModulePath() {
        for (String service : List.of("CmsAdapter", "CompensationTypes", "DatabaseDialect", "DataSourceFactory", "ProcedureContributor",
                "SchemaUpgrader", "SettingsEditor")) {
            String name = "org.civiupgrade.spi." + service;
            Set<String> onClassPath = classPathProviders(name);
            assertThat(providersOnModulePath(name))
                    .as("providers of %s on the module path (module-info 'provides') vs the class path (META-INF/services)",
                            service)
                    .isEqualTo(onClassPath);
        }
    }

    @Test
    void theModulesProvideTheirAdapterDialectFactoryAndContributors() {
        assertThat(line("service org.civiupgrade.spi.CmsAdapter: "))
                .contains("org.civiupgrade.drupal7.Drupal7Adapter@org.civiupgrade.drupal7");
        assertThat(line("service org.civiupgrade.spi.DatabaseDialect: "))
                .contains("org.civiupgrade.mysql.MySqlDialect@org.civiupgrade.mysql");
        assertThat(line("service org.civiupgrade.spi.DataSourceFactory: "))
                .contains("org.civiupgrade.mysql.MySqlDataSourceFactory@org.civiupgrade.mysql");
        assertThat(line("service org.civiupgrade.spi.ProcedureContributor: "))
                .contains("org.civiupgrade.mysql.MySqlProcedureContributor@org.civiupgrade.mysql",
                        "org.civiupgrade.drupal7.Drupal7ProcedureContributor@org.civiupgrade.drupal7");
        assertThat(line("service org.civiupgrade.spi.CompensationTypes: "))
                .contains("@org.civiupgrade.mysql", "@org.civiupgrade.drupal7", "@org.civiupgrade.testkit");
        assertThat(line("service org.civiupgrade.spi.SchemaUpgrader: "))
                .contains("org.civiupgrade.cv.CvSchemaUpgrader@org.civiupgrade",
                        "org.civiupgrade.drupal7.drush.DrushSchemaUpgrader@org.civiupgrade.drupal7",
                        "org.civiupgrade.drupal7.php.PhpSchemaUpgrader@org.civiupgrade.drupal7",
                        "org.civiupgrade.drupal7.web.Drupal7WebUpgrader@org.civiupgrade.drupal7");
        assertThat(line("service org.civiupgrade.spi.SettingsEditor: "))
                .as("the built-in settings editor is the fallback, not a registered service")
                .isEmpty();
    }

    @Test
    void theCoreFindsTheDrupalAdapterItself() {
        assertThat(line("detect: "))
                .as("Site.detect on an empty folder asks every adapter the core's ServiceLoader finds")
                .startsWith("SITE_NOT_RECOGNISED")
                .contains("drupal7");
    }

    @Test
    void oneCompensationOfEachModuleSurvivesTheJournal() {
        List<String> roundTrips = output.stream().filter(l -> l.startsWith("roundtrip ")).toList();
        assertThat(roundTrips).as("journal round trips, one per module (two for drupal7's two packages)").hasSize(5);
        assertThat(String.join("\n", roundTrips))
                .contains("org.civiupgrade.spi.support.MoveBack: ok", "org.civiupgrade.mysql.RestoreCivicrmFromBackup: ok",
                        "org.civiupgrade.drupal7.internal.RestoreDrupalVariable: ok",
                        "org.civiupgrade.drupal7.internal.web.RemoveDrupalSession: ok", "org.civiupgrade.testkit.RestoreRow: ok")
                // each module's CompensationTypes registration gives the stable journal name
                .contains("\"@type\":\"core.move-back\"", "\"@type\":\"mysql.restore-civicrm-from-backup\"",
                        "\"@type\":\"drupal7.restore-variable\"", "\"@type\":\"drupal7.remove-session\"",
                        "\"@type\":\"testkit.restore-row\"");
    }

    private static String line(String prefix) {
        return output.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> l.substring(prefix.length()))
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in\n" + String.join("\n", output)));
    }

    private static Set<String> providersOnModulePath(String service) {
        String listed = line("service " + service + ": ");
        return listed.isEmpty() ? Set.of() : Arrays.stream(listed.split(","))
                .map(p -> p.substring(0, p.indexOf('@'))).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> classPathProviders(String service) {
        try {
            Class<?> type = Class.forName(service);
            // the examples' own providers (the Backdrop example adapter) are not part of the published modules
            return ServiceLoader.load(type).stream().map(p -> p.type().getName())
                    .filter(n -> !n.startsWith("org.civiupgrade.examples."))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static void compileConsumer(String modulePath, Path classes) throws IOException {
        Path sources = Path.of("src/test/modulepath", CONSUMER);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        List<String> args = new ArrayList<>(List.of("--release", "17", "--module-path", modulePath,
                "-d", classes.toString(), "-proc:none"));
        EXPORTS_FOR_THE_CONSUMER.forEach(e -> args.addAll(List.of("--add-exports", e + "=" + CONSUMER)));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            boolean compiled = javac.getTask(messages, fileManager, null, args, null,
                    fileManager.getJavaFileObjectsFromPaths(files)).call();
            assertThat(compiled).as("compiling the module-path consumer:\n%s", messages).isTrue();
        }
    }

    /**
     * The built civi-upgrade modules and the modules they need, taken from this test's class path:
     * the closure of the roots over {@code requires}, plus every module that provides a service a
     * member uses (what the launcher's service binding would pull in). Entries of the class path
     * that are not modules (this module's own classes, the test classes) are left out.
     */
    private static List<Path> modulePath() {
        Map<String, ModuleReference> modules = new LinkedHashMap<>();
        Map<String, Path> locations = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p) && !Files.exists(p.resolve("module-info.class"))) {
                continue;
            }
            try {
                for (ModuleReference ref : ModuleFinder.of(p).findAll()) {
                    if (modules.putIfAbsent(ref.descriptor().name(), ref) == null) {
                        locations.put(ref.descriptor().name(), p);
                    }
                }
            } catch (FindException e) {
                // not usable as a module (e.g. no derivable name); a needed one shows as missing below
            }
        }
        Set<String> chosen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(ROOTS);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            ModuleReference ref = modules.get(name);
            if (ref == null) {
                boolean optional = name.equals("org.slf4j.simple");
                assertThat(optional).as("module %s is needed but not on the test class path", name).isTrue();
                continue;
            }
            if (!chosen.add(name)) {
                continue;
            }
            ModuleDescriptor d = ref.descriptor();
            d.requires().stream()
                    .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC) || modules.containsKey(r.name()))
                    .map(ModuleDescriptor.Requires::name)
                    .filter(r -> !ModuleFinder.ofSystem().find(r).isPresent())
                    .forEach(todo::add);
            for (String used : d.uses()) {
                modules.values().stream()
                        .filter(m -> m.descriptor().provides().stream().anyMatch(p -> p.service().equals(used)))
                        .map(m -> m.descriptor().name())
                        .forEach(todo::add);
            }
        }
        return chosen.stream().map(locations::get).distinct().toList();
    }
}
