package org.civiupgrade.testkit;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Drupal 7 module of a {@link FakeDrupalSite}: its {@code .info} values and its row in
 * {@code system}.
 *
 * @param name          machine name ({@code webform_civicrm})
 * @param displayName   the {@code name =} line of the {@code .info} file
 * @param packageName   {@code package =}, or null for none (Drupal then stores "Other")
 * @param version       {@code version =}, e.g. {@code 7.x-4.12}, or null
 * @param core          {@code core =}, normally {@code 7.x}
 * @param dependencies  {@code dependencies[] =} lines, e.g. {@code civicrm (>=4.4)}
 * @param dir           folder relative to the Drupal root, e.g. {@code sites/all/modules/webform_civicrm}
 * @param enabled       {@code system.status}
 * @param schemaVersion {@code system.schema_version} (-1 never installed)
 */
public record FakeModule(String name, @Nullable String displayName, @Nullable String packageName, @Nullable String version, String core,
                         List<String> dependencies, String dir, boolean enabled, int schemaVersion) {
    public FakeModule {
        Objects.requireNonNull(name, "name");
        displayName = displayName == null ? name : displayName;
        core = core == null ? "7.x" : core;
        dependencies = List.copyOf(dependencies);
        Objects.requireNonNull(dir, "dir");
    }

    /** A contributed module in {@code sites/all/modules/<name>}, enabled. */
    public static FakeModule contrib(String name, String packageName, String version, String... dependencies) {
        return new FakeModule(name, name, packageName, version, "7.x", List.of(dependencies),
                "sites/all/modules/" + name, true, 7000);
    }

    /** This module with another status. */
    public FakeModule withEnabled(boolean on) {
        return new FakeModule(name, displayName, packageName, version, core, dependencies, dir, on, schemaVersion);
    }

    /** This module in another folder. */
    public FakeModule inDir(String folder) {
        return new FakeModule(name, displayName, packageName, version, core, dependencies, folder, enabled, schemaVersion);
    }

    /** {@code system.filename}: the {@code .module} file relative to the Drupal root. */
    public String filename() {
        return dir + "/" + name + ".module";
    }
}
