package org.civiupgrade.mysql.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.civiupgrade.CheckResult;

/**
 * Pre-flight checks on the views, triggers, routines and events of the CiviCRM schemas: whether
 * the backup can read each definition (the rights {@code SHOW CREATE ...} needs), and whether each
 * object's {@code DEFINER} names an account that exists (writes to a table whose trigger names a
 * missing account fail with error 1449, and so does an upgrade).
 */
final class ObjectChecks {
    private ObjectChecks() {
    }

    private static String in(Set<String> schemas) {
        return schemas.stream().sorted().map(Sql::literal).collect(Collectors.joining(","));
    }

    /**
     * Runs the {@code SHOW CREATE} the backup runs for every view, trigger, routine and event; each
     * right missing is one blocker naming it, the objects and the GRANT that adds it.
     */
    static List<CheckResult> definitionsReadable(Connection c, Set<String> schemas) throws SQLException {
        String in = in(schemas);
        List<String[]> objects = Sql.rows(c, "SELECT 'VIEW', TABLE_SCHEMA, TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN ("
                + in + ") UNION ALL SELECT 'TRIGGER', TRIGGER_SCHEMA, TRIGGER_NAME FROM information_schema.TRIGGERS WHERE"
                + " TRIGGER_SCHEMA IN (" + in + ") UNION ALL SELECT ROUTINE_TYPE, ROUTINE_SCHEMA, ROUTINE_NAME FROM"
                + " information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (" + in + ") AND ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE')"
                + " UNION ALL SELECT 'EVENT', EVENT_SCHEMA, EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN (" + in + ")");
        String account = Checks.account(c);
        // right (GRANT text) -> objects
        Map<String, List<String>> missing = new TreeMap<>();
        Map<String, String> grants = new LinkedHashMap<>();
        Map<String, String> why = new LinkedHashMap<>();
        String version = Sql.one(c, "SELECT VERSION()").orElse("");
        for (String[] o : objects) {
            String kind = o[0];
            String name = o[1] + "." + o[2];
            String label = kind.toLowerCase(Locale.ROOT) + " " + name;
            String column = switch (kind) {
                case "VIEW" -> "Create View";
                case "TRIGGER" -> "SQL Original Statement";
                case "FUNCTION" -> "Create Function";
                case "PROCEDURE" -> "Create Procedure";
                default -> "Create Event";
            };
            String right = switch (kind) {
                case "VIEW" -> "SHOW VIEW";
                case "TRIGGER" -> "TRIGGER";
                case "EVENT" -> "EVENT";
                default -> "routine bodies";
            };
            String grant = switch (kind) {
                case "VIEW", "TRIGGER", "EVENT" -> "GRANT " + right + " ON " + Sql.q(o[1]) + ".* TO " + account;
                default -> routineGrant(version, o[1], account);
            };
            String problem = null;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW CREATE " + kind + " " + Sql.q(o[1], o[2]))) {
                if (!rs.next()) {
                    problem = "not shown";
                } else {
                    byte[] b = rs.getBytes(column);
                    if (b == null || new String(b, StandardCharsets.UTF_8).isBlank()) {
                        problem = "its definition is hidden (NULL)";
                    }
                }
            } catch (SQLException e) {
                if (!Checks.ACCESS_DENIED.contains(e.getErrorCode())) {
                    throw e;
                }
                problem = "error " + e.getErrorCode();
            }
            if (problem != null) {
                missing.computeIfAbsent(right, k -> new ArrayList<>()).add(label);
                grants.put(right, grant);
                why.put(right, problem);
            }
        }
        List<CheckResult> out = new ArrayList<>();
        for (String schema : schemas.stream().sorted().toList()) {
            // information_schema.EVENTS hides events from an account without EVENT: ask the server
            try {
                Sql.rows(c, "SHOW EVENTS FROM " + Sql.q(schema));
            } catch (SQLException e) {
                if (!Checks.ACCESS_DENIED.contains(e.getErrorCode())) {
                    throw e;
                }
                out.add(CheckResult.warning("mysql.object-definitions", "The database user lacks EVENT on " + schema
                        + " (" + Checks.cause(e) + "): it cannot see the schema's events, so the backup would leave out any"
                        + " there are.", "As an administrator run: GRANT EVENT ON " + Sql.q(schema) + ".* TO " + account + ";"));
            }
        }
        for (Map.Entry<String, List<String>> e : missing.entrySet()) {
            String right = e.getKey();
            String what = right.equals("routine bodies")
                    ? "cannot read the bodies of routines defined by another account (SHOW CREATE shows NULL)"
                    : "lacks " + right + " (" + why.get(right) + ")";
            out.add(CheckResult.blocker("mysql.object-definitions", "The database user " + what + ", so the backup cannot"
                    + " save the definition of: " + String.join(", ", e.getValue()) + ".",
                    "As an administrator run: " + grants.get(right) + "; (or run the upgrade as the objects' definer)."));
        }
        if (out.stream().noneMatch(CheckResult::isBlocker)) {
            out.add(CheckResult.info("mysql.object-definitions", "The backup can read the definition of every view, trigger,"
                    + " routine and event (" + objects.size() + ")."));
        }
        return out;
    }

    /** The grant that lets an account read routine bodies it did not define, by server. */
    static String routineGrant(String version, String schema, String account) {
        int[] v = Checks.parseServerVersion(version);
        boolean maria = version.toLowerCase(Locale.ROOT).contains("mariadb");
        if (maria && (v[0] > 11 || v[0] == 11 && v[1] >= 3)) {
            return "GRANT SHOW CREATE ROUTINE ON " + Sql.q(schema) + ".* TO " + account;
        }
        if (!maria && (v[0] > 8 || v[0] == 8 && (v[1] > 0 || v[2] >= 20))) {
            return "GRANT SHOW_ROUTINE ON *.* TO " + account;
        }
        return "GRANT SELECT ON mysql.proc TO " + account;
    }

    /** Splits an information_schema DEFINER ({@code user@host}, the user may hold '@') into user and host. */
    static String[] splitDefiner(String definer) {
        int at = definer.lastIndexOf('@');
        return at < 0 ? new String[] {definer, ""} : new String[] {definer.substring(0, at), definer.substring(at + 1)};
    }

    /**
     * Triggers, events, and views and routines with {@code SQL SECURITY DEFINER}, whose definer
     * does not exist: one blocker per missing account, naming the objects and the statements that
     * create the account. When the user may not read the account list, a warning says so.
     */
    static List<CheckResult> definers(Connection c, Set<String> schemas) throws SQLException {
        String in = in(schemas);
        List<String[]> objects = Sql.rows(c, "SELECT 'trigger', TRIGGER_SCHEMA, TRIGGER_NAME, DEFINER FROM information_schema.TRIGGERS"
                + " WHERE TRIGGER_SCHEMA IN (" + in + ") UNION ALL SELECT 'view', TABLE_SCHEMA, TABLE_NAME, DEFINER FROM"
                + " information_schema.VIEWS WHERE TABLE_SCHEMA IN (" + in + ") AND SECURITY_TYPE = 'DEFINER' UNION ALL SELECT"
                + " LOWER(ROUTINE_TYPE), ROUTINE_SCHEMA, ROUTINE_NAME, DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN ("
                + in + ") AND SECURITY_TYPE = 'DEFINER' UNION ALL SELECT 'event', EVENT_SCHEMA, EVENT_NAME, DEFINER FROM"
                + " information_schema.EVENTS WHERE EVENT_SCHEMA IN (" + in + ")");
        String self = Sql.one(c, "SELECT CURRENT_USER()").orElse("");
        Map<String, List<String>> byDefiner = new TreeMap<>();
        for (String[] o : objects) {
            if (o[3] != null && !o[3].equals(self)) {
                byDefiner.computeIfAbsent(o[3], k -> new ArrayList<>()).add(o[0] + " " + o[1] + "." + o[2]);
            }
        }
        if (byDefiner.isEmpty()) {
            return List.of(CheckResult.info("mysql.definers", "Every trigger, view, routine and event (" + objects.size()
                    + ") is defined by the database user itself."));
        }
        Set<String> accounts = new HashSet<>();
        try {
            List<String[]> rows;
            try {
                rows = Sql.rows(c, "SELECT User, Host FROM mysql.global_priv");
            } catch (SQLException e) {
                if (e.getErrorCode() != 1146) {
                    throw e;
                }
                rows = Sql.rows(c, "SELECT User, Host FROM mysql.user");
            }
            for (String[] r : rows) {
                accounts.add(r[0] + "@" + r[1].toLowerCase(Locale.ROOT));
            }
        } catch (SQLException e) {
            if (!Checks.ACCESS_DENIED.contains(e.getErrorCode())) {
                throw e;
            }
            String account = Checks.account(c);
            return List.of(CheckResult.warning("mysql.definers", "Cannot tell whether the definers of "
                    + byDefiner.values().stream().mapToInt(List::size).sum() + " triggers, views, routines and events ("
                    + String.join(", ", byDefiner.keySet()) + ") exist: the database user may not read the account list ("
                    + Checks.cause(e) + "). If one does not exist, every write to its tables fails with error 1449, and so"
                    + " will the upgrade.", "As an administrator run: GRANT SELECT ON mysql.global_priv TO " + account
                    + "; (MySQL: mysql.user), or check those accounts exist yourself."));
        }
        List<CheckResult> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byDefiner.entrySet()) {
            String[] uh = splitDefiner(e.getKey());
            if (accounts.contains(uh[0] + "@" + uh[1].toLowerCase(Locale.ROOT))) {
                continue;
            }
            String quoted = Sql.literal(uh[0]) + "@" + Sql.literal(uh[1]);
            Set<String> objectSchemas = new java.util.TreeSet<>();
            for (String o : e.getValue()) {
                String qualified = o.substring(o.indexOf(' ') + 1);
                for (String s : schemas) {
                    if (qualified.startsWith(s + ".")) {
                        objectSchemas.add(s);
                    }
                }
            }
            String grants = objectSchemas.stream().map(s -> "GRANT ALL ON " + Sql.q(s) + ".* TO " + quoted + ";")
                    .collect(Collectors.joining(" "));
            out.add(CheckResult.blocker("mysql.definers", e.getValue().size() + " object(s) name DEFINER " + quoted
                    + ", an account that does not exist on this server: " + String.join(", ", e.getValue()) + ". Every write"
                    + " that fires them already fails with error 1449 (\"The user specified as a definer does not exist\"),"
                    + " and so will the upgrade.", "As an administrator run: CREATE USER " + quoted + " ACCOUNT LOCK; " + grants
                    + " Or re-create each object with an existing definer: take its statement from SHOW CREATE, drop it"
                    + " (DROP TRIGGER/VIEW/FUNCTION/PROCEDURE/EVENT) and run the statement again with DEFINER=CURRENT_USER."));
        }
        if (out.isEmpty()) {
            out.add(CheckResult.info("mysql.definers", "Every DEFINER of the triggers, views, routines and events ("
                    + String.join(", ", byDefiner.keySet()) + ") exists."));
        }
        return out;
    }
}
