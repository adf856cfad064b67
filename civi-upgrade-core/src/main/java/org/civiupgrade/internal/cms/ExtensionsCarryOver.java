package org.civiupgrade.internal.cms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.internal.release.Trees;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.spi.StepContext;

/**
 * Carries an extensions folder that lies inside the CiviCRM code folder ({@code extensionsDir}
 * under {@code sites/all/modules/civicrm/}) over into the unpacked release, as the code swap does
 * with {@code settings_location.php}. It copies (the old code folder keeps its own), into the
 * staging folder before the swap, so the swap's own undo covers it: before the swap the staging
 * folder is discarded, after it the old folder, extensions included, comes back exactly.
 *
 * <p>It refuses, before anything changes, when the release ships files at that place (e.g.
 * {@code extensionsDir} is the code's own {@code ext/}): the site's extensions and the release's
 * would be mixed in one folder and could not be told apart later.
 */
public final class ExtensionsCarryOver {
    /**
     * Top-level folders of CiviCRM release tarballs: an extensions folder below one of them collides
     * with the release's own files (the check says so before the run; the swap checks the release's real list).
     */
    static final Set<String> RELEASE_FOLDERS = Set.of("CRM", "Civi", "api", "ang", "bower_components", "css", "drupal", "ext", "extern",
            "i", "install", "js", "l10n", "mixin", "packages", "partials", "release-notes", "schema", "settings", "setup", "sql",
            "templates", "tools", "vendor", "xml");

    private ExtensionsCarryOver() {
    }

    /**
     * The extensions folder inside {@code live} as a path relative to it, when {@code extensionsDir}
     * names an existing folder there.
     */
    static Optional<String> inside(Site site, Path live, StepContext ctx) {
        if (!Files.isRegularFile(site.civicrmSettingsFile())) {
            return Optional.empty(); // no settings file: nothing names an extensions folder (the settings step reports it)
        }
        SettingsFile settings;
        try {
            settings = SettingsFile.read(site.civicrmSettingsFile());
        } catch (UpgradeException e) {
            return Optional.empty(); // unreadable: refused by the settings step's check before any swap
        }
        Optional<Path> dir = new CivicrmPaths(site, settings)
                .folder("extensionsDir", Optional.of(ctx.resources().civicrmDatabase()), FixMovedPathsStep.domainId(ctx))
                .flatMap(CivicrmPaths.Setting::resolved).filter(Files::isDirectory);
        return dir.flatMap(d -> relativeInside(d, live));
    }

    /**
     * {@code dir} relative to the code folder {@code code} ('/'-separated) when it lies inside it: by
     * their real paths first (an extensions folder that is a symbolic link into the code folder is
     * removed by the swap all the same), else by their names.
     */
    static Optional<String> relativeInside(Path dir, Path code) {
        Path d = real(dir);
        Path c = real(code);
        if (d.startsWith(c) && !d.equals(c)) {
            return Optional.of(c.relativize(d).toString().replace('\\', '/'));
        }
        Path dn = dir.toAbsolutePath().normalize();
        Path cn = code.toAbsolutePath().normalize();
        if (dn.startsWith(cn) && !dn.equals(cn)) {
            return Optional.of(cn.relativize(dn).toString().replace('\\', '/'));
        }
        return Optional.empty();
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /**
     * Copies the extensions folder inside {@code live} to the same place in {@code staging}.
     *
     * @param shipped the relative paths of the files the release unpacked
     * @return the folder carried, relative to the code folder; empty when there is none
     * @throws UpgradeException {@link ErrorCode#SITE_INVALID} when the release ships files at that place
     */
    public static Optional<String> carry(StepContext ctx, Path live, Path staging, Set<String> shipped) throws IOException {
        Optional<String> rel = inside(ctx.site(), live, ctx);
        if (rel.isEmpty()) {
            return rel;
        }
        String r = rel.get();
        if (shipped.contains(r) || shipped.stream().anyMatch(p -> p.startsWith(r + "/") || r.startsWith(p + "/"))) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, "The extensions folder " + live.resolve(r) + " (extensionsDir) is inside the "
                    + "CiviCRM code folder where the release ships files of its own: the site's extensions and the release's cannot be "
                    + "kept apart.", ExtensionChecks.moveOutRemedy(ctx.site()), null);
        }
        Path target = staging.resolve(r);
        Files.createDirectories(target.getParent());
        Trees.copy(live.resolve(r), target);
        ctx.warn("Carried the extensions folder " + r + " over from the old code folder to the new one; move it out of the code"
                + " folder (e.g. to " + ctx.site().siteDir().resolve("files/civicrm/ext") + ") to keep later upgrades simple.");
        return rel;
    }
}
