package org.civiupgrade.internal.cms;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.civiupgrade.spi.support.IoProblems;
import javax.sql.DataSource;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Site;
import org.civiupgrade.Version;

/**
 * Pre-flight findings about CiviCRM extensions:
 * <ul>
 * <li>{@code code.extensions-inside}: the extensions folder ({@code extensionsDir}) lies inside the
 * CiviCRM code folder, which the code swap replaces with the release's. A warning when the code swap
 * carries it over ({@link ExtensionsCarryOver}); a blocker when it lies below a folder CiviCRM
 * releases ship (e.g. the code's own {@code ext/}), where the site's extensions and the release's
 * would share one folder and could not be told apart. Either way the lasting fix is to move it out
 * once: a folder kept inside the code is lost by every upgrade made any other way (cv, drush, by hand).</li>
 * <li>{@code extensions.compatibility} (warning): an enabled extension ({@code civicrm_extension.is_active = 1})
 * whose {@code info.xml} declares a {@code <compatibility>} the target version does not meet
 * ({@link ExtensionInfo#compatibleWith}), or {@code <requires>} an extension that is not enabled.
 * Extensions shipped in the code folder's {@code ext/} (CiviCRM's own, replaced by the release's)
 * are not reported.</li>
 * </ul>
 */
final class ExtensionChecks {
    static final String INSIDE_ID = "code.extensions-inside";
    static final String COMPATIBILITY_ID = "extensions.compatibility";

    private ExtensionChecks() {
    }

    static List<CheckResult> check(Site site, CivicrmPaths paths, Optional<DataSource> civicrm, int domainId, Optional<Version> target) {
        List<CheckResult> out = new ArrayList<>();
        Optional<CivicrmPaths.Setting> extDir = paths.folder("extensionsDir", civicrm, domainId);
        Path code = site.civicrmCodeDir();
        Map<String, ExtensionInfo> found = new TreeMap<>();
        List<String> unreadable = new ArrayList<>();
        Optional<Path> dir = extDir.flatMap(CivicrmPaths.Setting::resolved).filter(Files::isDirectory);
        if (dir.isPresent()) {
            Map<String, ExtensionInfo> inDir = scan(dir.get(), unreadable);
            found.putAll(inDir);
            Optional<String> inside = ExtensionsCarryOver.relativeInside(dir.get(), code);
            if (inside.isPresent() && !inDir.isEmpty()) {
                String rel = inside.get();
                String top = rel.split("/")[0];
                boolean linked = !dir.get().toAbsolutePath().normalize().startsWith(code.toAbsolutePath().normalize());
                String what = "The extensions folder " + dir.get() + " (extensionsDir, set in " + extDir.get().where() + ")"
                        + (linked ? " leads through a symbolic link to " + code.resolve(rel) + ", " : " is ")
                        + "inside the CiviCRM code folder " + code + ", which the code swap replaces";
                if (ExtensionsCarryOver.RELEASE_FOLDERS.contains(top)) {
                    out.add(CheckResult.blocker(INSIDE_ID, what + ", at a place where CiviCRM releases ship files of their own (" + top
                            + "/): the extensions in it (" + String.join(", ", inDir.keySet()) + ") cannot be carried over apart from the"
                            + " release's.", moveOutRemedy(site)));
                } else {
                    out.add(CheckResult.warning(INSIDE_ID, what + ": the extensions in it (" + String.join(", ", inDir.keySet())
                            + ") are carried over into the new code folder (and back on rollback).", moveOutRemedy(site)));
                }
            }
        }
        Set<String> core = scan(code.resolve("ext"), new ArrayList<>()).keySet();
        if (target.isEmpty() || civicrm.isEmpty()) {
            return out;
        }
        Set<String> enabled = new LinkedHashSet<>();
        try (Connection c = civicrm.get().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT full_name FROM civicrm_extension WHERE is_active = 1 ORDER BY full_name")) {
            while (rs.next()) {
                enabled.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return out; // no civicrm_extension table (before 4.2): no extensions to judge
        }
        for (String key : enabled) {
            ExtensionInfo info = found.get(key);
            if (info == null || core.contains(key) && info.file().startsWith(code.resolve("ext"))) {
                continue;
            }
            List<String> problems = new ArrayList<>();
            if (!info.compatibleWith(target.get())) {
                problems.add("declares compatibility with CiviCRM " + String.join(", ", info.compatibility())
                        + " (<compatibility><ver>), not " + target.get().majorMinor());
            }
            for (String req : info.requires()) {
                if (!enabled.contains(req)) {
                    problems.add("requires the extension " + req + ", which is not enabled");
                }
            }
            if (!problems.isEmpty()) {
                out.add(CheckResult.warning(COMPATIBILITY_ID, "The enabled extension " + key + " (" + info.file() + ") "
                        + String.join("; ", problems) + ". CiviCRM " + target.get() + " may refuse or disable it after the upgrade.",
                        "Upgrade " + key + " to a release made for CiviCRM " + target.get().majorMinor() + " (or enable what it requires), "
                                + "or disable it (Administer > System Settings > Extensions, or cv ext:disable " + key + ") before upgrading."));
            }
        }
        for (String u : unreadable) {
            out.add(CheckResult.warning(COMPATIBILITY_ID, u, "Repair the extension's info.xml (plain XML without a DOCTYPE, as extensions ship it) or remove the extension; until then"
                    + " check its <compatibility> with CiviCRM " + target.map(Version::majorMinor).orElse("the target") + " yourself."));
        }
        return out;
    }

    /** How to take the extensions out of the code folder for good. */
    static String moveOutRemedy(Site site) {
        return "Move the extensions out of the code folder, e.g. to " + site.siteDir().resolve("files/civicrm/ext")
                + ", point extensionsDir at the new folder (Administer > System Settings > Directories, or "
                + "$civicrm_setting['domain']['extensionsDir'] in civicrm.settings.php), check the site, then run again.";
    }

    /** Every info.xml at most three folders below {@code dir}, by extension key (the first found wins). */
    static Map<String, ExtensionInfo> scan(Path dir, List<String> unreadable) {
        Map<String, ExtensionInfo> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir, 4, FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("info.xml")).sorted().toList()) {
                try {
                    ExtensionInfo info = ExtensionInfo.read(p);
                    if (!info.key().isEmpty()) {
                        out.putIfAbsent(info.key(), info);
                    }
                } catch (ExtensionInfo.NotWellFormed bad) {
                    unreadable.add(bad.getMessage());
                } catch (IOException e) {
                    unreadable.add(p + ": " + IoProblems.describe(e));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            unreadable.add("Cannot search " + dir + " for extensions: " + IoProblems.describe(e));
        }
        return out;
    }
}
