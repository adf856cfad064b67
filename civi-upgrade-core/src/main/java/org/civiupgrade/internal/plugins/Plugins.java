package org.civiupgrade.internal.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.civiupgrade.Site;
import org.civiupgrade.settings.internal.DefaultSettingsEditor;
import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.DataSourceFactory;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.ProcedureContributor;
import org.civiupgrade.spi.SchemaUpgrader;
import org.civiupgrade.spi.SettingsEditor;
import org.jspecify.annotations.Nullable;

/**
 * The one rule by which every extension point is resolved:
 * <ol>
 * <li>an explicit override (given on {@code Upgrade.Builder}) always wins, whatever its priority;</li>
 * <li>otherwise the providers are loaded with {@link ServiceLoader} from the library's class
 * loader and from the thread's context class loader, one instance per class;</li>
 * <li>each is asked its priority for the site ({@code priority(Site)}; {@link CmsAdapter#probe}
 * for adapters); a negative priority (an empty probe) means "not for this site" and drops it;</li>
 * <li>the highest priority wins; equal priorities are ordered by class name, so the choice never
 * depends on class-path order;</li>
 * <li>when nothing applies, a built-in fallback is used where one exists (the settings editor,
 * the unpooled data source, an upgrader whose check explains what is missing).</li>
 * </ol>
 * Contributors are not chosen but ordered: every applicable one contributes, highest first.
 */
public final class Plugins {
    private static final Comparator<Object> BY_CLASS_NAME = Comparator.comparing(o -> o.getClass().getName());

    private final List<ClassLoader> loaders;
    private final @Nullable List<Object> providers;
    private final Map<Class<?>, List<?>> cache = new LinkedHashMap<>();

    private Plugins(List<ClassLoader> loaders, @Nullable List<Object> providers) {
        this.loaders = loaders;
        this.providers = providers;
    }

    /** The providers installed beside the library and on the thread's context class loader. */
    public static Plugins installed() {
        ClassLoader library = Plugins.class.getClassLoader();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        List<ClassLoader> list = new ArrayList<>();
        list.add(library);
        if (context != null && context != library) {
            list.add(context);
        }
        return new Plugins(List.copyOf(list), null);
    }

    /** The providers found through these class loaders (tests, hosts with plugin folders). */
    public static Plugins from(ClassLoader... classLoaders) {
        return new Plugins(List.of(classLoaders), null);
    }

    /** Exactly these providers, no discovery (tests). */
    public static Plugins of(List<?> providerInstances) {
        return new Plugins(List.of(), List.copyOf(providerInstances));
    }

    /**
     * Every provider of the type, one instance per class, in class-name order.
     *
     * @throws java.util.ServiceConfigurationError when a registered provider cannot be loaded
     */
    public synchronized <T> List<T> all(Class<T> type) {
        @SuppressWarnings("unchecked")
        List<T> found = (List<T>) cache.computeIfAbsent(type, this::load);
        return found;
    }

    private <T> List<T> load(Class<T> type) {
        Map<String, T> byClass = new LinkedHashMap<>();
        if (providers != null) {
            for (Object p : providers) {
                if (type.isInstance(p)) {
                    byClass.putIfAbsent(p.getClass().getName(), type.cast(p));
                }
            }
        } else {
            for (ClassLoader loader : loaders) {
                for (T p : ServiceLoader.load(type, loader)) {
                    byClass.putIfAbsent(p.getClass().getName(), p);
                }
            }
        }
        List<T> list = new ArrayList<>(byClass.values());
        list.sort(BY_CLASS_NAME);
        return List.copyOf(list);
    }

    /**
     * The candidates that apply, best first: {@code rank} empty means "not applicable"; higher
     * ranks first, equal ranks by class name.
     */
    public static <T> List<T> ranked(List<T> candidates, Function<? super T, OptionalInt> rank) {
        record Ranked<T>(T plugin, int rank) { }
        List<Ranked<T>> applicable = new ArrayList<>();
        for (T c : candidates) {
            OptionalInt r = rank.apply(c);
            if (r.isPresent()) {
                applicable.add(new Ranked<>(c, r.getAsInt()));
            }
        }
        applicable.sort(Comparator.<Ranked<T>>comparingInt(Ranked::rank).reversed()
                .thenComparing(r -> r.plugin().getClass().getName()));
        return applicable.stream().map(Ranked::plugin).toList();
    }

    /** A {@code priority(Site)} value as a rank: negative means "not for this site". */
    public static OptionalInt priority(int value) {
        return value < 0 ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /** The override when given, else the best applicable provider of the type. */
    public <T> Optional<T> select(Class<T> type, @Nullable T override, Function<? super T, OptionalInt> rank) {
        if (override != null) {
            return Optional.of(override);
        }
        return ranked(all(type), rank).stream().findFirst();
    }

    /**
     * Why the rule chose what it chose, for the pre-flight report: the override, or the chosen
     * provider with its priority, then those passed over (with theirs) and those that are not for
     * this site. E.g. {@code "cv (org.civiupgrade.cv.CvSchemaUpgrader, priority 200); passed over:
     * drush (..., priority 100); not for this site: php (...)"}.
     */
    public <T> String explain(Class<T> type, @Nullable T override, Function<? super T, OptionalInt> rank,
                              Function<? super T, String> name) {
        if (override != null) {
            return name.apply(override) + " (" + override.getClass().getName() + "), given explicitly";
        }
        List<T> candidates = all(type);
        List<T> applicable = ranked(candidates, rank);
        StringBuilder b = new StringBuilder();
        if (applicable.isEmpty()) {
            b.append("none applies");
        } else {
            T chosen = applicable.get(0);
            b.append(describe(chosen, rank, name));
            if (applicable.size() > 1) {
                b.append("; passed over: ").append(String.join(", ", applicable.subList(1, applicable.size()).stream()
                        .map(c -> describe(c, rank, name)).toList()));
                b.append(" (highest priority wins, equal priorities by class name)");
            }
        }
        List<String> notApplicable = candidates.stream().filter(c -> !applicable.contains(c))
                .map(c -> name.apply(c) + " (" + c.getClass().getName() + ")").toList();
        if (!notApplicable.isEmpty()) {
            b.append("; not for this site: ").append(String.join(", ", notApplicable));
        }
        return b.toString();
    }

    private static <T> String describe(T plugin, Function<? super T, OptionalInt> rank, Function<? super T, String> name) {
        return name.apply(plugin) + " (" + plugin.getClass().getName() + ", priority " + rank.apply(plugin).orElse(-1) + ")";
    }

    /** {@link #explain} for the schema upgrader. */
    public String explainUpgrader(Site site, @Nullable SchemaUpgrader override) {
        return explain(SchemaUpgrader.class, override, u -> priority(u.priority(site)), SchemaUpgrader::name);
    }

    /** {@link #explain} for the database dialect. */
    public String explainDialect(Site site, @Nullable DatabaseDialect override) {
        return explain(DatabaseDialect.class, override, d -> priority(d.priority(site)), DatabaseDialect::name);
    }

    /** The CMS adapter that recognises the folder best ({@link CmsAdapter#probe}), if any. */
    public Optional<CmsAdapter> adapter(Path root) {
        return select(CmsAdapter.class, null, a -> {
            OptionalInt p = a.probe(root);
            return p.isPresent() ? priority(p.getAsInt()) : p;
        });
    }

    /** The site's database dialect: the override, else the best installed one; empty when none applies. */
    public Optional<DatabaseDialect> dialect(Site site, @Nullable DatabaseDialect override) {
        return select(DatabaseDialect.class, override, d -> priority(d.priority(site)));
    }

    /**
     * The dialect of this class: the installed provider, else a new instance of the class (public
     * no-argument constructor) when a class loader of these plugins has it; empty when neither.
     * For a recovering process, which restores with the dialect its run's journal names.
     */
    public Optional<DatabaseDialect> dialectNamed(String className) {
        for (DatabaseDialect d : all(DatabaseDialect.class)) {
            if (d.getClass().getName().equals(className)) {
                return Optional.of(d);
            }
        }
        for (ClassLoader loader : loaders) {
            try {
                Class<?> c = Class.forName(className, false, loader);
                if (DatabaseDialect.class.isAssignableFrom(c)) {
                    return Optional.of((DatabaseDialect) c.getConstructor().newInstance());
                }
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                // not here, or not instantiable: the caller falls back to the rule
            }
        }
        return Optional.empty();
    }

    /**
     * The schema upgrader: the override, else the best installed one (by default {@code cv} on
     * the PATH, then {@code drush} on the PATH for a Drupal 7 site), else one whose check blocks
     * and names the ways to provide one.
     */
    public SchemaUpgrader upgrader(Site site, @Nullable SchemaUpgrader override) {
        return select(SchemaUpgrader.class, override, u -> priority(u.priority(site)))
                .orElseGet(() -> new MissingSchemaUpgrader(all(SchemaUpgrader.class).stream().map(SchemaUpgrader::name).toList()));
    }

    /** The settings editor: the override, else the best installed one, else the built-in editor. */
    public SettingsEditor settingsEditor(Site site, @Nullable SettingsEditor override) {
        return select(SettingsEditor.class, override, e -> priority(e.priority(site))).orElseGet(DefaultSettingsEditor::new);
    }

    /** The data source factory for the site, empty when none applies (core then opens unpooled connections). */
    public Optional<DataSourceFactory> dataSourceFactory(Site site) {
        return select(DataSourceFactory.class, null, f -> priority(f.priority(site)));
    }

    /** Every contributor that applies to the site, highest priority first. */
    public List<ProcedureContributor> contributors(Site site) {
        return ranked(all(ProcedureContributor.class), c -> priority(c.priority(site)));
    }

    /** Names of the installed providers of a type, for messages. */
    public List<String> names(Class<?> type) {
        return all(type).stream().map(p -> p.getClass().getName()).toList();
    }

    @Override
    public String toString() {
        return providers != null ? "Plugins" + providers : "Plugins(from " + loaders.size() + " class loader(s))";
    }
}
