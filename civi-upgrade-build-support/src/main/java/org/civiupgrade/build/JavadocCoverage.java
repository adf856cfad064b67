package org.civiupgrade.build;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.DirectiveTree;
import com.sun.source.tree.ExportsTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.ModuleTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Finds the public and protected declarations of a module's exported packages that have no Javadoc
 * comment, by parsing the sources with the JDK's compiler (no compilation, no class path, so it
 * takes a second).
 *
 * <p>Counted: every public type (and nested type reachable through public or protected enclosing
 * types), every public or protected constructor, method and field, every member of an interface
 * that is not private, every enum constant, and each exported package (its
 * {@code package-info.java}). Not counted: methods annotated {@code @Override} (they inherit their
 * documentation) and the compact canonical constructors of records (the record's {@code @param}
 * tags document them).
 */
public final class JavadocCoverage {
    private JavadocCoverage() {
    }

    /**
     * The undocumented API declarations of one module's sources.
     *
     * @param sourceRoot the module's {@code src/main/java}, holding {@code module-info.java}
     * @return one line per gap, {@code path:line: kind name}, in source order
     * @throws IllegalStateException when the sources cannot be parsed
     */
    public static List<String> missing(Path sourceRoot) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String> gaps = new ArrayList<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8);
             Stream<Path> walk = Files.walk(sourceRoot)) {
            List<Path> sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            JavacTask task = (JavacTask) compiler.getTask(null, files, null, List.of("-proc:none"), null, units);
            List<CompilationUnitTree> trees = new ArrayList<>();
            task.parse().forEach(trees::add);
            DocTrees docs = DocTrees.instance(task);
            Set<String> exported = new HashSet<>();
            for (CompilationUnitTree unit : trees) {
                ModuleTree module = unit.getModule();
                if (module != null) {
                    for (DirectiveTree directive : module.getDirectives()) {
                        if (directive instanceof ExportsTree exports && exports.getModuleNames() == null) {
                            exported.add(exports.getPackageName().toString());
                        }
                    }
                }
            }
            Set<String> documentedPackages = new HashSet<>();
            for (CompilationUnitTree unit : trees) {
                if (unit.getPackage() == null || !exported.contains(unit.getPackageName().toString())) {
                    continue;
                }
                String pkg = unit.getPackageName().toString();
                if (unit.getSourceFile().getName().endsWith("package-info.java")) {
                    if (docs.getDocCommentTree(new TreePath(new TreePath(unit), unit.getPackage())) != null) {
                        documentedPackages.add(pkg);
                    }
                    continue;
                }
                Path relative = sourceRoot.toAbsolutePath().relativize(Path.of(unit.getSourceFile().toUri()));
                for (Tree type : unit.getTypeDecls()) {
                    if (type instanceof ClassTree classTree && classTree.getModifiers().getFlags().contains(Modifier.PUBLIC)) {
                        scanType(new TreePath(new TreePath(unit), classTree), docs, unit.getLineMap(), relative, gaps);
                    }
                }
            }
            exported.stream().filter(p -> !documentedPackages.contains(p)).sorted()
                    .forEach(p -> gaps.add(p.replace('.', '/') + "/package-info.java: package " + p));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the sources under " + sourceRoot, e);
        }
        return gaps;
    }

    private static void scanType(TreePath path, DocTrees docs, LineMap lines, Path file, List<String> gaps) {
        ClassTree type = (ClassTree) path.getLeaf();
        check(path, docs, lines, file, "type " + type.getSimpleName(), gaps);
        boolean implicitlyPublic = type.getKind() == Tree.Kind.INTERFACE || type.getKind() == Tree.Kind.ANNOTATION_TYPE;
        boolean record = type.getKind() == Tree.Kind.RECORD;
        boolean enumType = type.getKind() == Tree.Kind.ENUM;
        for (Tree member : type.getMembers()) {
            TreePath memberPath = new TreePath(path, member);
            if (member instanceof ClassTree nested) {
                if (visible(nested.getModifiers(), implicitlyPublic)) {
                    scanType(memberPath, docs, lines, file, gaps);
                }
            } else if (member instanceof MethodTree method) {
                boolean constructor = method.getName().contentEquals("<init>");
                if (!visible(method.getModifiers(), implicitlyPublic) || overrides(method.getModifiers())) {
                    continue;
                }
                if (constructor && record && isCompact(memberPath, docs)) {
                    continue;
                }
                String name = constructor ? type.getSimpleName() + "(...)" : method.getName() + "(...)";
                check(memberPath, docs, lines, file, (constructor ? "constructor " : "method ") + type.getSimpleName() + "." + name, gaps);
            } else if (member instanceof VariableTree field) {
                boolean enumConstant = enumType && field.getModifiers().getFlags().isEmpty()
                        && field.getInitializer() instanceof NewClassTree;
                if (enumConstant || visible(field.getModifiers(), implicitlyPublic)) {
                    check(memberPath, docs, lines, file, "field " + type.getSimpleName() + "." + field.getName(), gaps);
                }
            }
        }
    }

    /** A compact canonical constructor has no parameter list in the source: its name runs straight into the body. */
    private static boolean isCompact(TreePath path, DocTrees docs) {
        MethodTree method = (MethodTree) path.getLeaf();
        CompilationUnitTree unit = path.getCompilationUnit();
        if (method.getBody() == null) {
            return false;
        }
        try {
            CharSequence source = unit.getSourceFile().getCharContent(true);
            int start = (int) docs.getSourcePositions().getStartPosition(unit, method);
            int body = (int) docs.getSourcePositions().getStartPosition(unit, method.getBody());
            return !source.subSequence(start, body).toString().strip().endsWith(")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean visible(ModifiersTree modifiers, boolean implicitlyPublic) {
        Set<Modifier> flags = modifiers.getFlags();
        if (flags.contains(Modifier.PRIVATE)) {
            return false;
        }
        return implicitlyPublic || flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED);
    }

    private static boolean overrides(ModifiersTree modifiers) {
        return modifiers.getAnnotations().stream()
                .anyMatch(a -> a.getAnnotationType().toString().equals("Override")
                        || a.getAnnotationType().toString().equals("java.lang.Override"));
    }

    private static void check(TreePath path, DocTrees docs, LineMap lines, Path file, String what, List<String> gaps) {
        DocCommentTree doc = docs.getDocCommentTree(path);
        if (doc == null) {
            long position = docs.getSourcePositions().getStartPosition(path.getCompilationUnit(), path.getLeaf());
            gaps.add(file + ":" + lines.getLineNumber(position) + ": " + what);
        }
    }
}
