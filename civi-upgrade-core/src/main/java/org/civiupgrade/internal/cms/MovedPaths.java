package org.civiupgrade.internal.cms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Site;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.settings.SettingsFile;

/**
 * {@code settings.moved-paths}: the folders a site moved from another path or host still names
 * and that do not exist here — {@code $civicrm_root}, {@code CIVICRM_TEMPLATE_COMPILEDIR} and
 * CiviCRM's folder settings ({@link CivicrmPaths#FOLDER_SETTINGS}) set in
 * {@code civicrm.settings.php} or the database. Tokens are resolved as CiviCRM does; CiviCRM's
 * own defaults are not reported (CiviCRM creates those folders). Each finding is a warning naming
 * where the value is set and the folder it resolves to.
 */
final class MovedPaths {
    static final String ID = "settings.moved-paths";

    private MovedPaths() {
    }

    static List<CheckResult> check(Site site, SettingsFile settings, CivicrmPaths paths, Optional<DataSource> civicrm, int domainId) {
        List<CheckResult> out = new ArrayList<>();
        settings.civicrmRoot().filter(r -> !r.isBlank()).ifPresent(r -> paths.resolve(r).filter(p -> !Files.isDirectory(p))
                .ifPresent(p -> out.add(CheckResult.warning(ID, "$civicrm_root in " + site.civicrmSettingsFile() + " names " + r
                        + ", which does not exist here (the CiviCRM code is " + site.civicrmCodeDir() + "): the site was moved.",
                        "Run with --option settings.civicrmRoot=" + site.civicrmCodeDir() + "/ (Java: CoreOptions.SETTINGS_CIVICRM_ROOT),"
                                + " or correct $civicrm_root in civicrm.settings.php."))));
        settings.defineValue("CIVICRM_TEMPLATE_COMPILEDIR").filter(v -> v instanceof PhpValue.Str).map(v -> ((PhpValue.Str) v).text())
                .filter(t -> !t.isBlank()).ifPresent(t -> paths.resolve(t).filter(p -> !Files.isDirectory(p) && !Files.isDirectory(p.getParent()))
                        .ifPresent(p -> out.add(CheckResult.warning(ID, "CIVICRM_TEMPLATE_COMPILEDIR in " + site.civicrmSettingsFile()
                                + " names " + t + ", whose folder does not exist here: the site was moved.",
                                "Run with --option settings.templateCompileDir=" + site.siteDir().resolve("files/civicrm/templates_c")
                                        + "/ (Java: CoreOptions.SETTINGS_TEMPLATE_COMPILEDIR), or correct it in civicrm.settings.php."))));
        for (String name : CivicrmPaths.FOLDER_SETTINGS) {
            paths.folder(name, civicrm, domainId).filter(s -> s.source() != CivicrmPaths.Source.DEFAULT).ifPresent(s -> {
                if (s.resolved().isEmpty()) {
                    out.add(CheckResult.warning(ID, name + " (set in " + s.where() + ") is " + s.raw()
                            + ", whose token CiviCRM does not know.", "Set " + name + " to an existing folder or a known token such as [civicrm.files]/."));
                } else if (!Files.isDirectory(s.resolved().get())) {
                    out.add(CheckResult.warning(ID, name + " (set in " + s.where() + ") is " + s.raw() + ", which resolves to "
                            + s.resolved().get() + ": no such folder here, the site was moved.",
                            "Point " + name + " at the site's real folder (Administer > System Settings > Directories, or the "
                                    + "$civicrm_setting override in civicrm.settings.php), or create " + s.resolved().get() + "."));
                }
            });
        }
        return out;
    }
}
