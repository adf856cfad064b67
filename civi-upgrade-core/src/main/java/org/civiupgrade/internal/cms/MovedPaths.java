package org.civiupgrade.internal.cms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Site;
import org.civiupgrade.Version;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.settings.SettingsFile;

/**
 * {@code settings.moved-paths}: the folders a site moved from another path or host still names
 * and that do not exist here — {@code $civicrm_root}, {@code CIVICRM_TEMPLATE_COMPILEDIR} and
 * CiviCRM's folder settings ({@link CivicrmPaths#FOLDER_SETTINGS}) set in
 * {@code civicrm.settings.php} or the database. Tokens are resolved as CiviCRM does; CiviCRM's
 * own defaults are not reported (CiviCRM creates those folders). Each finding is a warning naming
 * where the value is set and the folder it resolves to, and, when the opt-in repair
 * ({@link FixMovedPathsStep}, plan option {@code settings.fixMovedPaths}) can rewrite it, the value
 * it would write:
 * <ul>
 * <li>{@code $civicrm_root}: the code folder; {@code CIVICRM_TEMPLATE_COMPILEDIR}:
 * {@code [civicrm.files]/templates_c/} of this site, as a path;</li>
 * <li>a folder setting with a CiviCRM default (extensionsDir, uploadDir, imageUploadDir,
 * customFileUploadDir): that default — from 4.7 as its token, which follows the site wherever it
 * is, before 4.7 (which reads no tokens) as the absolute folder it names here;</li>
 * <li>customPHPPathDir and customTemplateDir (no default): the same folder below this Drupal root
 * when the old Drupal root can be told from {@code $civicrm_root} and that folder exists here;
 * otherwise there is nothing safe to write and the finding says so.</li>
 * </ul>
 */
final class MovedPaths {
    static final String ID = "settings.moved-paths";
    static final String OPTION = "settings.fixMovedPaths";

    private MovedPaths() {
    }

    /** What is set where. */
    enum Kind {
        CIVICRM_ROOT, COMPILE_DIR, SETTINGS_FILE_SETTING, DATABASE_SETTING
    }

    /**
     * One value naming a folder that does not exist.
     *
     * @param kind     what it is
     * @param name     the setting or define
     * @param group    the {@code $civicrm_setting} group for {@link Kind#SETTINGS_FILE_SETTING}, else empty
     * @param raw      the value as written
     * @param resolved the folder it names, when its token is known
     * @param where    where it is set, for the message
     * @param fix      the value the repair writes; empty when none is safe
     */
    record Moved(Kind kind, String name, String group, String raw, Optional<Path> resolved, String where, Optional<String> fix) {
    }

    /** Tokens such as {@code [civicrm.files]} are understood in folder settings from CiviCRM 4.7. */
    private static final Version TOKENS_FROM = Version.parse("4.7.alpha1");

    /**
     * @param target the version being installed: from 4.7 a setting with a default is rewritten to
     *               its token form, before it (or when unknown) to the absolute folder it resolves to here
     */
    static List<Moved> find(Site site, SettingsFile settings, CivicrmPaths paths, Optional<DataSource> civicrm, int domainId,
            Optional<Version> target) {
        boolean tokens = target.filter(t -> t.isAtLeast(TOKENS_FROM)).isPresent();
        List<Moved> out = new ArrayList<>();
        Optional<String> oldRoot = Optional.empty();
        Optional<String> root = settings.civicrmRoot().filter(r -> !r.isBlank());
        if (root.isPresent() && paths.resolve(root.get()).filter(Files::isDirectory).isEmpty()) {
            out.add(new Moved(Kind.CIVICRM_ROOT, "$civicrm_root", "", root.get(), paths.resolve(root.get()),
                    site.civicrmSettingsFile().toString(), Optional.of(site.civicrmCodeDir() + "/")));
            String rel = site.root().relativize(site.civicrmCodeDir()).toString();
            String r = root.get().replaceAll("/+$", "");
            if (r.endsWith("/" + rel)) {
                oldRoot = Optional.of(r.substring(0, r.length() - rel.length() - 1));
            }
        }
        Optional<String> compile = settings.defineValue("CIVICRM_TEMPLATE_COMPILEDIR").filter(v -> v instanceof PhpValue.Str)
                .map(v -> ((PhpValue.Str) v).text()).filter(t -> !t.isBlank());
        if (compile.isPresent()) {
            Optional<Path> p = paths.resolve(compile.get());
            if (p.isPresent() && !Files.isDirectory(p.get()) && !Files.isDirectory(p.get().getParent())) {
                out.add(new Moved(Kind.COMPILE_DIR, "CIVICRM_TEMPLATE_COMPILEDIR", "", compile.get(), p, site.civicrmSettingsFile().toString(),
                        paths.resolve("[civicrm.files]/templates_c").map(t -> t + "/")));
            }
        }
        for (String name : CivicrmPaths.FOLDER_SETTINGS) {
            Optional<CivicrmPaths.Setting> found = paths.folder(name, civicrm, domainId).filter(s -> s.source() != CivicrmPaths.Source.DEFAULT);
            if (found.isEmpty() || found.get().resolved().filter(Files::isDirectory).isPresent()) {
                continue;
            }
            CivicrmPaths.Setting s = found.get();
            Optional<String> fix = CivicrmPaths.defaultValue(name)
                    .flatMap(d -> tokens ? Optional.of(d) : paths.resolveSetting(d).map(p -> p + "/"));
            if (fix.isEmpty() && oldRoot.isPresent() && s.raw().startsWith(oldRoot.get() + "/")) {
                Path mapped = site.root().resolve(s.raw().substring(oldRoot.get().length() + 1)).normalize();
                if (Files.isDirectory(mapped)) {
                    fix = Optional.of(mapped + "/");
                }
            }
            out.add(new Moved(s.source() == CivicrmPaths.Source.SETTINGS_FILE ? Kind.SETTINGS_FILE_SETTING : Kind.DATABASE_SETTING,
                    name, s.group(), s.raw(), s.resolved(), s.where(), fix));
        }
        return out;
    }

    static List<CheckResult> check(Site site, SettingsFile settings, CivicrmPaths paths, Optional<DataSource> civicrm, int domainId,
            Optional<Version> target) {
        List<CheckResult> out = new ArrayList<>();
        for (Moved m : find(site, settings, paths, civicrm, domainId, target)) {
            String message = m.name() + " (set in " + m.where() + ") is " + m.raw() + (m.resolved().isEmpty()
                    ? ", whose token CiviCRM does not know." : ", which names " + m.resolved().get() + ": no such folder here, the site was moved.");
            String remedy = m.fix().map(f -> "Run with --option " + OPTION + "=true (Java: CoreOptions.SETTINGS_FIX_MOVED_PATHS) to rewrite it to "
                    + f + " (undone on rollback), or correct it yourself.")
                    .orElse("Point " + m.name() + " at the site's real folder yourself (Administer > System Settings > Directories, or "
                            + "civicrm.settings.php): no folder here is known to hold what it held.");
            out.add(CheckResult.warning(ID, message, remedy));
        }
        return out;
    }
}
