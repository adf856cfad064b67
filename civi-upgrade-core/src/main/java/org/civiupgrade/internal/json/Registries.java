package org.civiupgrade.internal.json;

import java.util.Map;
import java.util.WeakHashMap;

/** One {@link CompensationTypeRegistry} per context class loader, built on first use. */
final class Registries {
    private static final Object NO_CONTEXT = new Object();
    private static final Map<Object, CompensationTypeRegistry> BY_LOADER = new WeakHashMap<>();

    private Registries() {
    }

    static synchronized CompensationTypeRegistry current() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        Object key = context == null ? NO_CONTEXT : context;
        return BY_LOADER.computeIfAbsent(key, k -> CompensationTypeRegistry.load());
    }
}
