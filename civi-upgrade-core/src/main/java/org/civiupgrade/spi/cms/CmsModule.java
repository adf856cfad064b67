package org.civiupgrade.spi.cms;

import java.util.List;
import java.util.Objects;

/**
 * A CMS module (plugin, extension) as the CMS records it.
 *
 * @param name         machine name
 * @param displayName  human name
 * @param packageName  the package or group it is listed under ({@code ""} for none)
 * @param version      its version string ({@code ""} when unknown)
 * @param core         the CMS core compatibility it declares ({@code ""} when unknown)
 * @param dependencies declared dependencies as written, e.g. {@code civicrm (>=4.4)}
 * @param location     its file relative to the CMS root
 * @param enabled      whether it is enabled now
 */
public record CmsModule(String name, String displayName, String packageName, String version, String core,
                        List<String> dependencies, String location, boolean enabled) {
    public CmsModule {
        Objects.requireNonNull(name, "name");
        displayName = displayName == null ? name : displayName;
        packageName = packageName == null ? "" : packageName;
        version = version == null ? "" : version;
        core = core == null ? "" : core;
        dependencies = List.copyOf(dependencies);
        location = location == null ? "" : location;
    }
}
