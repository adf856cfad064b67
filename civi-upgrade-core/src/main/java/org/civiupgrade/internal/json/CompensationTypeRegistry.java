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
 */
final class CompensationTypeRegistry {
    private final Map<String, Class<? extends Compensation>> byName;
    private final Map<String, String> formerNames;

    private CompensationTypeRegistry(Map<String, Class<? extends Compensation>> byName, Map<String, String> formerNames) {
        this.byName = byName;
        this.formerNames = formerNames;
    }

    /** The registry of the providers visible now. */
    static CompensationTypeRegistry load() {
        List<CompensationTypes> providers = new ArrayList<>();
        providers.add(new CoreCompensationTypes());
        addAll(providers, CompensationTypeRegistry.class.getClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            addAll(providers, context);
        }
        Map<String, Class<? extends Compensation>> byName = new LinkedHashMap<>();
        Map<String, String> former = new HashMap<>();
        for (CompensationTypes provider : providers) {
            for (Class<? extends Compensation> type : provider.types()) {
                String name = declaredName(type).orElseThrow(() -> new IllegalStateException(provider.getClass().getName()
                        + " registers " + type.getName() + ", which has no @JsonTypeName; give it a stable name"));
                Class<? extends Compensation> other = byName.putIfAbsent(name, type);
                if (other != null && other != type) {
                    throw new IllegalStateException("Compensation type name '" + name + "' is registered for both "
                            + other.getName() + " and " + type.getName() + "; names must be unique");
                }
            }
            former.putAll(provider.formerNames());
        }
        return new CompensationTypeRegistry(Map.copyOf(byName), Map.copyOf(former));
    }

    private static void addAll(List<CompensationTypes> providers, ClassLoader loader) {
        try {
            for (CompensationTypes p : ServiceLoader.load(CompensationTypes.class, loader)) {
                if (providers.stream().noneMatch(q -> q.getClass() == p.getClass())) {
                    providers.add(p);
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("A CompensationTypes provider cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** The name a compensation of this class is journaled under. */
    String idOf(Class<?> type) {
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
