package org.civiupgrade.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of one module as text, one line per public or protected type and member of its
 * exported packages, and the check that keeps a committed copy of that text in step with the code.
 *
 * <p>The dump is read from the compiled classes by reflection: the module's
 * {@code module-info.class} names the packages it exports to everyone (qualified exports are not
 * API), every public class of those packages and every public or protected nested class reachable
 * through public or protected enclosing classes is listed with its supertypes and permitted
 * subclasses, followed by its public and protected constructors, methods and fields in their
 * generic form ({@link Method#toGenericString()} and friends), constants of primitive or
 * {@code String} type with their value (callers compile the value in). Types and members are sorted, so
 * the file changes only when the surface changes.
 *
 * <p>The committed file is {@code api/<artifactId>.api} in the module's directory. Any difference
 * fails the check, additions included: a new public member is a promise to keep it, and the diff of
 * the committed file is where a reviewer sees that promise. To accept a change, run the module's
 * {@code PublicApiTest} with {@code -Dciviupgrade.api.update=true} (see {@link #UPDATE_PROPERTY})
 * and commit the rewritten file.
 */
public final class ApiSnapshot {
    /** The system property that rewrites the committed snapshot instead of comparing with it. */
    public static final String UPDATE_PROPERTY = "civiupgrade.api.update";

    private ApiSnapshot() {
    }

    /**
     * Compares the API of the compiled module with its committed snapshot, or rewrites the snapshot
     * when the system property {@value #UPDATE_PROPERTY} is {@code true}.
     *
     * @param moduleDir  the module's directory (the test's working directory under Maven)
     * @param artifactId the module's Maven artifactId; names the snapshot file and the update command
     * @param loader     a class loader that sees the module's classes and their dependencies
     * @throws AssertionError naming every added ({@code +}) and removed ({@code -}) line and the
     *                        command that accepts the change, when the surface differs from the file
     */
    public static void verify(Path moduleDir, String artifactId, ClassLoader loader) {
        verify(moduleDir, artifactId, loader, Boolean.getBoolean(UPDATE_PROPERTY));
    }

    /**
     * Compares the API of the compiled module with its committed snapshot, or rewrites the snapshot.
     *
     * @param moduleDir  the module's directory
     * @param artifactId the module's Maven artifactId
     * @param loader     a class loader that sees the module's classes and their dependencies
     * @param update     rewrite the snapshot instead of comparing
     * @throws AssertionError when not updating and the surface differs from the file
     */
    public static void verify(Path moduleDir, String artifactId, ClassLoader loader, boolean update) {
        Path classes = moduleDir.resolve("target/classes");
        Path file = moduleDir.resolve("api").resolve(artifactId + ".api");
        String actual = dump(classes, loader);
        try {
            if (update) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            String expected = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            if (expected.equals(actual)) {
                return;
            }
            Set<String> before = new LinkedHashSet<>(expected.lines().toList());
            Set<String> after = new LinkedHashSet<>(actual.lines().toList());
            StringBuilder message = new StringBuilder("public API of ").append(artifactId).append(" changed");
            if (!Files.exists(file)) {
                message.append(" (no snapshot file ").append(moduleDir.relativize(file)).append(" yet)");
            }
            message.append(":\n");
            after.stream().filter(line -> !before.contains(line)).forEach(line -> message.append("+ ").append(line.strip()).append('\n'));
            before.stream().filter(line -> !after.contains(line)).forEach(line -> message.append("- ").append(line.strip()).append('\n'));
            message.append("A removed or changed line breaks callers; an added line is a new promise. If the change is intended, run\n")
                    .append("  mvn -o -pl ").append(moduleDir.getFileName()).append(" -am verify -Dtest=PublicApiTest")
                    .append(" -Dsurefire.failIfNoSpecifiedTests=false -D").append(UPDATE_PROPERTY).append("=true\n")
                    .append("and commit ").append(moduleDir.getFileName()).append('/').append(moduleDir.relativize(file));
            throw new AssertionError(message.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the API snapshot " + file, e);
        }
    }

    /**
     * The API text of compiled classes.
     *
     * @param classes the output directory holding {@code module-info.class} and the classes
     * @param loader  a class loader that sees those classes and their dependencies
     * @return one block per type, sorted by name; each block's member lines are indented and sorted
     * @throws IllegalStateException when {@code module-info.class} is missing or a class cannot be loaded
     */
    public static String dump(Path classes, ClassLoader loader) {
        StringBuilder out = new StringBuilder();
        for (String pkg : exportedPackages(classes)) {
            Path dir = classes.resolve(pkg.replace('.', '/'));
            List<String> names;
            try (Stream<Path> files = Files.list(dir)) {
                names = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".class") && !n.equals("package-info.class"))
                        .map(n -> pkg + "." + n.substring(0, n.length() - ".class".length()))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + dir, e);
            }
            for (String name : names) {
                Class<?> type = load(name, loader);
                if (isApi(type)) {
                    out.append(describe(type)).append('\n');
                }
            }
        }
        return out.toString();
    }

    /**
     * The packages a compiled module exports to every module, sorted.
     *
     * @param classes the output directory holding {@code module-info.class}
     * @return the package names of the unqualified exports
     */
    public static List<String> exportedPackages(Path classes) {
        Path info = classes.resolve("module-info.class");
        try (InputStream in = Files.newInputStream(info)) {
            return ModuleDescriptor.read(in).exports().stream()
                    .filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("No readable " + info + ": compile the module first", e);
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("Cannot load " + name + " for the API snapshot: " + e, e);
        }
    }

    private static boolean isApi(Class<?> type) {
        if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            int m = c.getModifiers();
            if (!Modifier.isPublic(m) && !(c.getEnclosingClass() != null && Modifier.isProtected(m))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Class<?> type) {
        StringBuilder header = new StringBuilder(type.toGenericString());
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
            header.append(" extends ").append(superclass.getTypeName());
        }
        Type[] interfaces = type.getGenericInterfaces();
        if (interfaces.length > 0) {
            header.append(type.isInterface() ? " extends " : " implements ")
                    .append(Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        if (type.isSealed()) {
            header.append(" permits ").append(Arrays.stream(type.getPermittedSubclasses())
                    .map(Class::getName).sorted().collect(Collectors.joining(", ")));
        }
        Set<String> members = new TreeSet<>();
        List<Member> all = new ArrayList<>();
        all.addAll(Arrays.asList(type.getDeclaredConstructors()));
        all.addAll(Arrays.asList(type.getDeclaredMethods()));
        all.addAll(Arrays.asList(type.getDeclaredFields()));
        for (Member member : all) {
            int m = member.getModifiers();
            boolean visible = Modifier.isPublic(m) || (Modifier.isProtected(m) && !Modifier.isFinal(type.getModifiers()));
            if (!visible || member.isSynthetic() || (member instanceof Method method && method.isBridge())) {
                continue;
            }
            members.add(signature(member));
        }
        StringBuilder block = new StringBuilder(header).append('\n');
        members.forEach(line -> block.append("    ").append(line).append('\n'));
        return block.toString();
    }

    private static String signature(Member member) {
        if (member instanceof Executable executable) {
            return executable.toGenericString();
        }
        Field field = (Field) member;
        String line = field.toGenericString();
        int m = field.getModifiers();
        boolean constant = Modifier.isStatic(m) && Modifier.isFinal(m)
                && (field.getType().isPrimitive() || field.getType() == String.class);
        if (constant && Modifier.isPublic(m)) {
            // callers compile the value in: changing it is a change of the API
            try {
                Object value = field.get(null);
                line += " = " + (value instanceof String text ? '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Cannot read the constant " + field, e);
            }
        }
        return line;
    }
}
