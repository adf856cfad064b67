package org.civiupgrade.mysql.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code SHOW GRANTS} lines of MySQL 5.x/8 and MariaDB: global ({@code *.*}), database
 * ({@code `db`.*}, including LIKE wildcards {@code `civi\_%`.*}), table-level grants,
 * {@code ALL PRIVILEGES}, and role grants ({@code GRANT `role` TO `user`}), whose own grants
 * the caller reads and adds.
 */
public final class Grants {
    /** Privileges civi-upgrade cares about. */
    public enum Privilege {
        SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER, CREATE_TEMPORARY_TABLES, LOCK_TABLES,
        CREATE_VIEW, SHOW_VIEW, TRIGGER, CREATE_ROUTINE, ALTER_ROUTINE, EVENT, EXECUTE, SUPER, RELOAD, FILE,
        PROCESS, REFERENCES;

        /** The SQL spelling, e.g. {@code CREATE TEMPORARY TABLES}. */
        public String sql() {
            return name().replace('_', ' ');
        }
    }

    private static final Pattern GRANT = Pattern.compile(
            "(?is)^\\s*GRANT\\s+(.+?)\\s+ON\\s+(?:(?:TABLE|FUNCTION|PROCEDURE|PACKAGE(?:\\s+BODY)?)\\s+)?(\\S+)\\s+TO\\s+.*$");
    private static final Pattern ROLE = Pattern.compile("(?is)^\\s*GRANT\\s+(.+?)\\s+TO\\s+.*$");

    /** One privilege grant on an object pattern. */
    public record Grant(Set<Privilege> privileges, String databasePattern, String table) {
    }

    private final List<Grant> grants = new ArrayList<>();
    private final Set<String> roles = new LinkedHashSet<>();

    /** Adds lines of {@code SHOW GRANTS}. */
    public Grants add(Iterable<String> lines) {
        for (String line : lines) {
            addLine(line);
        }
        return this;
    }

    private void addLine(String line) {
        if (line == null) {
            return;
        }
        Matcher m = GRANT.matcher(line);
        if (m.matches()) {
            String privText = stripColumns(m.group(1));
            Set<Privilege> privs = EnumSet.noneOf(Privilege.class);
            for (String p : privText.split(",")) {
                String name = p.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
                if (name.equals("ALL") || name.equals("ALL PRIVILEGES")) {
                    privs.addAll(EnumSet.allOf(Privilege.class));
                    continue;
                }
                try {
                    privs.add(Privilege.valueOf(name.replace(' ', '_')));
                } catch (IllegalArgumentException ignored) {
                    // USAGE, PROXY, BINLOG ADMIN... not needed
                }
            }
            String target = m.group(2);
            String[] parts = splitTarget(target);
            grants.add(new Grant(privs, parts[0], parts[1]));
            return;
        }
        Matcher r = ROLE.matcher(line);
        if (r.matches() && !line.toUpperCase(Locale.ROOT).contains(" ON ")) {
            for (String role : r.group(1).split(",")) {
                roles.add(unquote(role.trim()));
            }
        }
    }

    /** Removes column lists: {@code SELECT (a, b), INSERT} becomes {@code SELECT, INSERT}. */
    private static String stripColumns(String s) {
        return s.replaceAll("\\([^)]*\\)", "");
    }

    private static String[] splitTarget(String target) {
        // `db`.`tbl`, `db`.*, *.*, db.*
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < target.length(); i++) {
            char ch = target.charAt(i);
            if (ch == '`') {
                if (quoted && i + 1 < target.length() && target.charAt(i + 1) == '`') {
                    cur.append('`');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == '.' && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        parts.add(cur.toString());
        String db = parts.get(0);
        String tbl = parts.size() > 1 ? parts.get(1) : "*";
        return new String[] {db, tbl};
    }

    private static String unquote(String s) {
        int at = s.indexOf('@');
        String name = at > 0 && s.startsWith("`") ? s.substring(0, at) : s;
        if (name.length() >= 2 && (name.startsWith("`") || name.startsWith("'")) ) {
            name = name.substring(1, name.length() - 1);
        }
        return name;
    }

    /** Roles granted to the account, whose grants must be added too. */
    public Set<String> roles() {
        return Set.copyOf(roles);
    }

    /** Privileges the account holds on every table of {@code database}. */
    public Set<Privilege> onDatabase(String database) {
        Set<Privilege> out = EnumSet.noneOf(Privilege.class);
        for (Grant g : grants) {
            if (g.table().equals("*") && matches(g.databasePattern(), database)) {
                out.addAll(g.privileges());
            }
        }
        return out;
    }

    /** Global privileges ({@code *.*}). */
    public Set<Privilege> global() {
        Set<Privilege> out = EnumSet.noneOf(Privilege.class);
        for (Grant g : grants) {
            if (g.databasePattern().equals("*")) {
                out.addAll(g.privileges());
            }
        }
        return out;
    }

    /** Whether a grant's database pattern (LIKE syntax, {@code \_} a literal underscore) names the database. */
    static boolean matches(String pattern, String database) {
        if (pattern.equals("*")) {
            return true;
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (ch == '%') {
                re.append(".*");
            } else if (ch == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(database).matches();
    }
}
