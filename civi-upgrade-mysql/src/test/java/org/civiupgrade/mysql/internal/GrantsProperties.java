package org.civiupgrade.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.civiupgrade.mysql.internal.Grants.Privilege;

/**
 * {@link Grants} reads database-level {@code SHOW GRANTS} lines as MariaDB and MySQL print them:
 * any privilege list, exact and LIKE-pattern database names ({@code \_} a literal underscore,
 * {@code %} any run), doubled backquotes, {@code WITH GRANT OPTION}; table-level grants never count
 * for the whole database. These decide which rights {@code check} reports missing and which
 * verification the backup does.
 */
class GrantsProperties {
    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withChars("abcz019_`-$").ofMinLength(1).ofMaxLength(12);
    }

    @Provide
    Arbitrary<Set<Privilege>> privileges() {
        return Arbitraries.of(Privilege.class).set().ofMinSize(1).ofMaxSize(8);
    }

    private static String escapeLike(String name) {
        return name.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%");
    }

    private static String quote(String s) {
        return "`" + s.replace("`", "``") + "`";
    }

    private static String line(Set<Privilege> privs, String pattern, String table, boolean grantOption) {
        return "GRANT " + privs.stream().map(Privilege::sql).collect(Collectors.joining(", ")) + " ON " + quote(pattern) + "."
                + (table == null ? "*" : quote(table)) + " TO `u`@`%`" + (grantOption ? " WITH GRANT OPTION" : "");
    }

    @Property
    void anExactDatabaseGrantGivesExactlyItsPrivileges(@ForAll("names") String db, @ForAll("privileges") Set<Privilege> privs,
                                                       @ForAll boolean grantOption) {
        Grants g = new Grants().add(List.of("GRANT USAGE ON *.* TO `u`@`%`", line(privs, escapeLike(db), null, grantOption)));
        assertThat(g.onDatabase(db)).isEqualTo(privs);
        assertThat(g.onDatabase(db + "x")).isEmpty();
        assertThat(g.global()).isEmpty();
    }

    @Property
    void aPrefixPatternCoversEveryNameWithThatPrefix(@ForAll("names") String prefix, @ForAll("names") String rest,
                                                     @ForAll("privileges") Set<Privilege> privs) {
        Grants g = new Grants().add(List.of(line(privs, escapeLike(prefix) + "%", null, false)));
        assertThat(g.onDatabase(prefix + rest)).isEqualTo(privs);
        assertThat(g.onDatabase(prefix)).isEqualTo(privs);
        if (!("x" + rest).startsWith(prefix)) {
            assertThat(g.onDatabase("x" + rest)).isEmpty();
        }
    }

    @Property
    void tableGrantsAndColumnListsNeverCountForTheDatabase(@ForAll("names") String db, @ForAll("names") String table,
                                                           @ForAll("privileges") Set<Privilege> privs) {
        Grants g = new Grants().add(List.of(line(privs, db, table, false),
                "GRANT SELECT (`id`, `name`), INSERT (`id`) ON " + quote(db) + "." + quote(table) + " TO `u`@`%`"));
        assertThat(g.onDatabase(db)).isEmpty();
    }

    @Property
    void allPrivilegesAndGlobalGrantsCoverEveryDatabase(@ForAll("names") String db, @ForAll boolean global) {
        Grants g = new Grants().add(List.of("GRANT ALL PRIVILEGES ON " + (global ? "*.*" : quote(escapeLike(db)) + ".*")
                + " TO `u`@`localhost` WITH GRANT OPTION"));
        assertThat(g.onDatabase(db)).isEqualTo(EnumSet.allOf(Privilege.class));
        assertThat(Verify.scratchAllowed(g)).isEqualTo(global);
    }
}
