package org.civiupgrade.internal.json;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.ServiceConfigurationError;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationTypes;

/**
 * The compensation type names known to this process: core's own and those every installed
 * {@link CompensationTypes} provider registers (library and context class loaders). Built once
 * per class loader context, on first use.
 *
 * <p>A faulty provider (a type without {@code @JsonTypeName}, a name taken by another class, a
 * provider that cannot be loaded) makes every journal write fail, naming the problem, but never a
 * read: a recovering process still reads every other entry, and a contested name reads as the
 * type registered first (core's own before any extension's).
 */
final class CompensationTypeRegistry {
    private final Map<String, Class<? extends Compensation>> byName;
    private final Map<String, String> formerNames;
    private final List<String> problems;

    private CompensationTypeRegistry(Map<String, Class<? extends Compensation>> byName, Map<String, String> formerNames,
            List<String> problems) {
        this.byName = byName;
        this.formerNames = formerNames;
        this.problems = problems;
    }

    /** The registry of the providers visible now. */
    static CompensationTypeRegistry load() {
        List<CompensationTypes> providers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        providers.add(new CoreCompensationTypes());
        addAll(providers, CompensationTypeRegistry.class.getClassLoader(), problems);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            addAll(providers, context, problems);
        }
        Map<String, Class<? extends Compensation>> byName = new LinkedHashMap<>();
        Map<String, String> former = new HashMap<>();
        for (CompensationTypes provider : providers) {
            for (Class<? extends Compensation> type : provider.types()) {
                Optional<String> name = declaredName(type);
                if (name.isEmpty()) {
                    problems.add(provider.getClass().getName() + " registers " + type.getName()
                            + ", which has no @JsonTypeName; give it a stable name");
                    continue;
                }
                Class<? extends Compensation> other = byName.putIfAbsent(name.get(), type);
                if (other != null && other != type) {
                    problems.add("Compensation type name '" + name.get() + "' is registered for both " + other.getName()
                            + " and " + type.getName() + "; names must be unique");
                }
            }
            former.putAll(provider.formerNames());
        }
        return new CompensationTypeRegistry(Map.copyOf(byName), Map.copyOf(former), List.copyOf(problems));
    }

    private static void addAll(List<CompensationTypes> providers, ClassLoader loader, List<String> problems) {
        try {
            for (CompensationTypes p : ServiceLoader.load(CompensationTypes.class, loader)) {
                if (providers.stream().noneMatch(q -> q.getClass() == p.getClass())) {
                    providers.add(p);
                }
            }
        } catch (ServiceConfigurationError e) {
            problems.add("A CompensationTypes provider cannot be loaded: " + e.getMessage());
        }
    }

    /**
     * The name a compensation of this class is journaled under.
     *
     * @throws IllegalStateException when an installed provider is faulty: nothing is journaled then
     */
    String idOf(Class<?> type) {
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        Optional<String> name = declaredName(type);
        if (name.isPresent() && byName.get(name.get()) == type) {
            return name.get();
        }
        return type.getName();
    }

    /** The class a journaled id stands for; empty when no installed module knows it. */
    Optional<Class<? extends Compensation>> classOf(String id) {
        Class<? extends Compensation> named = byName.get(id);
        if (named != null) {
            return Optional.of(named);
        }
        String current = formerNames.get(id);
        if (current != null && byName.containsKey(current)) {
            return Optional.of(byName.get(current));
        }
        return loadClass(id, CompensationTypeRegistry.class.getClassLoader())
                .or(() -> loadClass(id, Thread.currentThread().getContextClassLoader()));
    }

    private static Optional<Class<? extends Compensation>> loadClass(String name, ClassLoader loader) {
        if (loader == null || !name.contains(".") || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return Optional.empty();
        }
        try {
            Class<?> c = Class.forName(name, false, loader);
            return Compensation.class.isAssignableFrom(c) ? Optional.of(c.asSubclass(Compensation.class)) : Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static Optional<String> declaredName(Class<?> type) {
        JsonTypeName a = type.getAnnotation(JsonTypeName.class);
        return a == null || a.value().isBlank() ? Optional.empty() : Optional.of(a.value());
    }
}
