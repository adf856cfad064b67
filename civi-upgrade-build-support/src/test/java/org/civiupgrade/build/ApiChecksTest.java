package org.civiupgrade.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two checks on a tiny module compiled here: what they see, and that a difference fails. */
class ApiChecksTest {
    private static final Map<String, String> SOURCES = Map.of(
            "module-info.java", "module demo { exports demo.api; }",
            "demo/api/package-info.java", "/** Demo. */\npackage demo.api;",
            "demo/api/Shown.java", """
                    package demo.api;
                    /** Shown. */
                    public class Shown {
                        /** A constant. */
                        public static final int LIMIT = 3;
                        /** Visible. @return 1 */
                        public int visible() { return 1; }
                        public void undocumented() { }
                        protected void forSubclasses() { }
                        void packagePrivate() { }
                        /** Nested. */
                        public record Pair(String a, int b) { public Pair { } }
                    }
                    """,
            "demo/api/Hidden.java", "package demo.api;\nclass Hidden { public void notApi() { } }",
            "demo/internal/Impl.java", "package demo.internal;\npublic class Impl { public void notExported() { } }");

    @TempDir
    Path dir;
    private Path classes;
    private URLClassLoader loader;

    @BeforeEach
    void compile() throws Exception {
        Path src = dir.resolve("src/main/java");
        for (Map.Entry<String, String> e : SOURCES.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
        }
        classes = dir.resolve("target/classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            List<Path> paths = SOURCES.keySet().stream().map(src::resolve).toList();
            assertThat(javac.getTask(out, files, null, List.of("-d", classes.toString()), null,
                    files.getJavaFileObjectsFromPaths(paths)).call()).as("%s", out).isTrue();
        }
        loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
    }

    @Test
    void theDumpListsPublicAndProtectedMembersOfExportedPackagesOnly() {
        String dump = ApiSnapshot.dump(classes, loader);
        assertThat(dump)
                .contains("public class demo.api.Shown\n",
                        "    public int demo.api.Shown.visible()\n",
                        "    protected void demo.api.Shown.forSubclasses()\n",
                        "    public static final int demo.api.Shown.LIMIT = 3\n",
                        "public static final record demo.api.Shown$Pair\n",
                        "    public demo.api.Shown$Pair(java.lang.String,int)\n")
                .doesNotContain("packagePrivate", "Hidden", "notApi", "demo.internal");
    }

    @Test
    void anyDifferenceFailsWithTheChangeAndTheCommandThatAcceptsIt() throws Exception {
        Files.createDirectories(dir.resolve("api"));
        String dump = ApiSnapshot.dump(classes, loader);
        Files.writeString(dir.resolve("api/demo.api"), dump.replace("visible()", "removedLater()"));
        assertThatThrownBy(() -> ApiSnapshot.verify(dir, "demo", loader, false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("public API of demo changed")
                .hasMessageContaining("+ public int demo.api.Shown.visible()")
                .hasMessageContaining("- public int demo.api.Shown.removedLater()")
                .hasMessageContaining("-Dciviupgrade.api.update=true");

        Files.writeString(dir.resolve("api/demo.api"), dump);
        ApiSnapshot.verify(dir, "demo", loader, false);
    }

    @Test
    void anAddedMemberFailsToo() throws Exception {
        Files.createDirectories(dir.resolve("api"));
        String dump = ApiSnapshot.dump(classes, loader);
        Files.writeString(dir.resolve("api/demo.api"), dump.replace("    public int demo.api.Shown.visible()\n", ""));
        assertThatThrownBy(() -> ApiSnapshot.verify(dir, "demo", loader, false))
                .hasMessageContaining("+ public int demo.api.Shown.visible()");
    }

    @Test
    void coverageNamesUndocumentedDeclarationsOfExportedPackagesOnly() {
        List<String> missing = JavadocCoverage.missing(dir.resolve("src/main/java"));
        assertThat(missing).hasSize(2);
        assertThat(missing.get(0)).endsWith("method Shown.undocumented(...)");
        assertThat(missing.get(1)).endsWith("method Shown.forSubclasses(...)");
    }
}
