package org.civiupgrade.drupal7.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civiupgrade.Version;
import org.civiupgrade.php.PhpFormatException;
import org.civiupgrade.php.PhpSerialization;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.spi.cms.CmsModule;

/** Drupal 7 modules from the {@code system} table, and which of them integrate with CiviCRM. */
public final class ModuleInfo {
    private static final Pattern DEP = Pattern.compile("^\\s*([a-z0-9_]+)\\s*(?:\\((.*)\\))?\\s*$", Pattern.CASE_INSENSITIVE);

    private ModuleInfo() {
    }

    /** Every module row, in {@code system} order (weight, name), with its parsed {@code info}. */
    public static List<CmsModule> modules(Connection c, String prefix) throws SQLException {
        List<CmsModule> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT filename, name, status, info FROM " + DrupalTables.t(prefix, "system")
                + " WHERE type = 'module' ORDER BY weight, name"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(module(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getBytes(4)));
            }
        }
        return out;
    }

    static CmsModule module(String filename, String name, boolean enabled, byte[] info) {
        PhpValue.Array a = PhpValue.Array.empty();
        if (info != null) {
            try {
                if (PhpSerialization.unserialize(info) instanceof PhpValue.Array arr) {
                    a = arr;
                }
            } catch (PhpFormatException e) {
                // Drupal's unserialize() would give FALSE too: a module without info
            }
        }
        List<String> deps = new ArrayList<>();
        a.get("dependencies").filter(PhpValue.Array.class::isInstance).ifPresent(d ->
                ((PhpValue.Array) d).entries().values().forEach(v -> {
                    if (v instanceof PhpValue.Str s) {
                        deps.add(s.text());
                    }
                }));
        return new CmsModule(name, a.getString("name").orElse(name), a.getString("package").orElse(""),
                a.getString("version").orElse(""), a.getString("core").orElse(""), deps, filename, enabled);
    }

    /** The module name of a dependency line such as {@code civicrm (>=4.4)}. */
    public static String dependencyName(String dependency) {
        Matcher m = DEP.matcher(dependency);
        return m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : dependency.trim();
    }

    /**
     * The integration modules among {@code all}: package starting with "CiviCRM", or a
     * dependency, direct or through other integration modules, on {@code civicrm}. Never
     * {@code civicrm} itself.
     */
    public static List<CmsModule> integrationModules(List<CmsModule> all) {
        Set<String> integration = new HashSet<>();
        integration.add("civicrm");
        Map<String, CmsModule> byName = new LinkedHashMap<>();
        all.forEach(m -> byName.put(m.name(), m));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (CmsModule m : all) {
                if (integration.contains(m.name())) {
                    continue;
                }
                boolean pkg = m.packageName().toLowerCase(Locale.ROOT).startsWith("civicrm");
                boolean dep = m.dependencies().stream().map(ModuleInfo::dependencyName).anyMatch(integration::contains);
                if (pkg || dep) {
                    integration.add(m.name());
                    changed = true;
                }
            }
        }
        return all.stream().filter(m -> !m.name().equals("civicrm") && integration.contains(m.name())).toList();
    }

    /** Why a module does not fit Drupal 7 with this CiviCRM version, or empty when it does. */
    public static List<String> incompatibilities(CmsModule m, Version civicrm) {
        List<String> out = new ArrayList<>();
        if (!m.core().isEmpty() && !m.core().equals("7.x")) {
            out.add(m.name() + " declares core = " + m.core() + ", not 7.x");
        }
        for (String d : m.dependencies()) {
            Matcher dm = DEP.matcher(d);
            if (dm.matches() && dm.group(1).equalsIgnoreCase("civicrm") && dm.group(2) != null) {
                for (String constraint : dm.group(2).split(",")) {
                    if (!satisfies(civicrm, constraint.trim())) {
                        out.add(m.name() + " requires civicrm (" + dm.group(2).trim() + "), which CiviCRM " + civicrm + " does not meet");
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** Drupal 7 dependency constraint check, e.g. {@code >=4.4}, {@code 4.x}, {@code <5.0}, {@code 7.x-4.7}. */
    static boolean satisfies(Version v, String constraint) {
        Matcher m = Pattern.compile("^(<=|>=|<|>|==|=|!=)?\\s*(?:7\\.x-)?(\\d+)(?:\\.(x|\\d+))?(?:\\.(\\d+))?.*$").matcher(constraint);
        if (!m.matches()) {
            return true; // Drupal ignores what it cannot parse; so do we
        }
        String op = m.group(1) == null ? "==" : m.group(1);
        int major = Integer.parseInt(m.group(2));
        if ("x".equals(m.group(3))) {
            int cmp = Integer.compare(v.major(), major);
            return switch (op) {
                case "<" -> cmp < 0;
                case "<=" -> cmp <= 0;
                case ">" -> cmp > 0;
                case ">=" -> cmp >= 0;
                case "!=" -> cmp != 0;
                default -> cmp == 0;
            };
        }
        String text = major + "." + (m.group(3) == null ? "0" : m.group(3)) + "." + (m.group(4) == null ? "0" : m.group(4));
        int cmp = v.withoutUpgradeMarker().compareTo(Version.parse(text));
        if (m.group(3) != null && m.group(4) == null && (op.equals("==") || op.equals("="))) {
            return v.major() == major && v.minor() == Integer.parseInt(m.group(3));
        }
        return switch (op) {
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            case ">=" -> cmp >= 0;
            case "!=" -> cmp != 0;
            default -> cmp == 0;
        };
    }
}
