package org.civiupgrade.drupal7.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.civiupgrade.CheckResult;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.spi.support.IoProblems;

/**
 * {@code drupal7.other-sites}: the other sites of a Drupal multisite install whose CiviCRM code is
 * the code folder being replaced. A site shares it when its {@code $civicrm_root} names that folder
 * (resolved against the Drupal root, links followed), or, without a usable {@code $civicrm_root},
 * when it has no CiviCRM module folder of its own under {@code sites/<site>/modules} and the code
 * folder is the shared one under {@code sites/all/modules}. A site whose CIVICRM_DSN names the
 * chosen site's CiviCRM database (e.g. {@code sites/example.com} linked to {@code sites/default})
 * is the same site, not another. Each other site is reported with its database version, read from
 * its own {@code civicrm_domain}, or why it could not be read; {@code sites/sites.php} aliases that
 * lead to it are named too.
 */
public final class OtherSites {
    /** The check's id. */
    public static final String ID = "drupal7.other-sites";

    private static final Pattern ALIAS = Pattern.compile("\\$sites\\s*\\[\\s*(['\"])(.+?)\\1\\s*\\]\\s*=\\s*(['\"])(.+?)\\3\\s*;");

    private OtherSites() {
    }

    /**
     * The finding: none when no other site shares the code; a warning when {@code accepted}, else a blocker.
     *
     * @param accepted whether the caller accepted other sites on new code (plan option {@code cms.otherSitesOnNewCode})
     */
    public static List<CheckResult> check(Site site, boolean accepted) {
        List<String> lines = new ArrayList<>();
        Map<String, List<String>> aliases = aliases(site.root());
        Path sites = site.root().resolve("sites");
        Path chosen = real(site.siteDir());
        Path code = real(site.civicrmCodeDir());
        List<Path> dirs;
        try (Stream<Path> s = Files.list(sites)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("civicrm.settings.php"))).sorted().toList();
        } catch (IOException e) {
            return List.of(CheckResult.warning(ID, "Cannot list " + sites + " for other sites: " + IoProblems.describe(e),
                    IoProblems.remedy(e)));
        }
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            if (real(dir).equals(chosen) || name.equals(site.siteName())) {
                continue;
            }
            String line = describe(site, dir, name, code);
            if (line != null) {
                List<String> a = aliases.getOrDefault(name, List.of());
                lines.add(line + (a.isEmpty() ? "" : " (sites.php aliases: " + String.join(", ", a) + ")"));
            }
        }
        if (lines.isEmpty()) {
            return List.of();
        }
        String message = "Other sites of this multisite install use the CiviCRM code folder " + site.civicrmCodeDir()
                + " and would run the new code while only the database of sites/" + site.siteName() + " is upgraded: "
                + String.join("; ", lines) + ".";
        return List.of(accepted
                ? CheckResult.warning(ID, message, "Upgrade the databases of these sites right after this run (they are accepted on new code).")
                : CheckResult.blocker(ID, message, "Upgrade these sites together, or accept it with --option cms.otherSitesOnNewCode=true"
                        + " (Java: CoreOptions.OTHER_SITES_ON_NEW_CODE) and upgrade their databases right after this run."));
    }

    /** A line for another site sharing the code, or null when it does not share it or is the same site. */
    private static String describe(Site site, Path dir, String name, Path code) {
        SettingsFile cs;
        try {
            cs = SettingsFile.read(dir.resolve("civicrm.settings.php"));
        } catch (UpgradeException e) {
            return sharesByLayout(site, dir) ? "sites/" + name + " (its civicrm.settings.php cannot be read: " + e.getMessage() + ")" : null;
        }
        Optional<Path> root = cs.civicrmRoot().filter(r -> !r.isBlank()).map(r -> real(resolve(site.root(), r)));
        boolean shares = root.map(code::equals).orElseGet(() -> sharesByLayout(site, dir));
        if (!shares) {
            return null;
        }
        DatabaseCoordinates db;
        try {
            db = SettingsFile.requireDatabase(cs.resolveDefine("CIVICRM_DSN"), "sites/" + name + "/civicrm.settings.php");
        } catch (UpgradeException e) {
            return "sites/" + name + " (database version unknown: CIVICRM_DSN cannot be read without running PHP)";
        }
        DatabaseCoordinates mine = site.civicrmDatabase();
        if (db.host().equals(mine.host()) && db.port() == mine.port() && db.database().equals(mine.database())) {
            return null; // the same CiviCRM: the same site under another name
        }
        int domain = cs.defineValue("CIVICRM_DOMAIN_ID").flatMap(OtherSites::integer).orElse(1);
        return "sites/" + name + " (database " + db.database() + " on " + db.host() + ", " + version(db, domain) + ")";
    }

    private static Optional<Integer> integer(PhpValue v) {
        if (v instanceof PhpValue.Int i) {
            return Optional.of((int) i.value());
        }
        if (v instanceof PhpValue.Str s && s.text().matches("\\d{1,9}")) {
            return Optional.of(Integer.parseInt(s.text()));
        }
        return Optional.empty();
    }

    /** Whether a site without a usable $civicrm_root loads the shared code: no CiviCRM of its own, the code under sites/all/modules. */
    private static boolean sharesByLayout(Site site, Path dir) {
        if (!site.civicrmCodeDir().startsWith(site.root().resolve("sites/all/modules"))) {
            return false;
        }
        Path own = dir.resolve("modules");
        if (!Files.isDirectory(own)) {
            return true;
        }
        try (Stream<Path> s = Files.walk(own, 4)) {
            return s.noneMatch(p -> p.getFileName().toString().equals("civicrm.module") && p.getParent().getFileName().toString().equals("drupal"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return true;
        }
    }

    /** {@code civicrm_domain.version} of the site's own database, or why it cannot be read. */
    static String version(DatabaseCoordinates db, int domain) {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        p.setProperty("password", db.password().reveal());
        p.setProperty("connectTimeout", "5000");
        p.setProperty("socketTimeout", "10000");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), p);
                PreparedStatement ps = c.prepareStatement("SELECT version FROM civicrm_domain WHERE id = ?")) {
            ps.setInt(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? "CiviCRM database version " + rs.getString(1) : "no civicrm_domain row " + domain;
            }
        } catch (SQLException e) {
            return "database version unreadable: " + e.getMessage();
        }
    }

    /** sites/sites.php: the aliases leading to each folder. */
    static Map<String, List<String>> aliases(Path root) {
        Map<String, List<String>> out = new TreeMap<>();
        Path f = root.resolve("sites/sites.php");
        if (!Files.isRegularFile(f)) {
            return out;
        }
        try {
            String text = Files.readString(f, StandardCharsets.UTF_8).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*(#|//).*$", "");
            Matcher m = ALIAS.matcher(text);
            while (m.find()) {
                out.computeIfAbsent(m.group(4), k -> new ArrayList<>()).add(m.group(2));
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static Path resolve(Path root, String path) {
        Path p = Path.of(path);
        return (p.isAbsolute() ? p : root.resolve(p)).normalize();
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
