package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.civiupgrade.Version;
import org.civiupgrade.mysql.internal.Definitions;
import org.civiupgrade.mysql.internal.Checks;
import org.civiupgrade.mysql.internal.Grants;
import org.civiupgrade.mysql.internal.Grants.Privilege;
import org.civiupgrade.mysql.internal.MinimumVersions;
import org.civiupgrade.mysql.internal.NamedLock;
import org.civiupgrade.mysql.internal.Ownership;
import org.civiupgrade.mysql.internal.TextFormat;
import org.civiupgrade.spi.db.DatabaseObject.Owner;
import org.junit.jupiter.api.Test;

/** Codecs, parsers and safety rules, without a server. */
class UnitsTest {
    @Property
    void textFormatRoundTripsAnyRow(@ForAll @Size(min = 1, max = 6) List<byte @net.jqwik.api.constraints.WithNull(0.2) []> row)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                out.write('\t');
            }
            TextFormat.writeField(out, row.get(i));
        }
        out.write('\n');
        List<byte[]> back = TextFormat.readRow(new ByteArrayInputStream(out.toByteArray()));
        assertThat(back).hasSameSizeAs(row);
        for (int i = 0; i < row.size(); i++) {
            assertThat(back.get(i)).isEqualTo(row.get(i));
        }
    }

    @Test
    void textFormatEscapesOnlyWhatLoadDataNeeds() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextFormat.writeField(out, new byte[] {'a', '\t', '\n', '\\', 0, '\r', 'N'});
        assertThat(out.toByteArray()).isEqualTo(new byte[] {'a', '\\', 't', '\\', 'n', '\\', '\\', '\\', '0', '\r', 'N'});
        out.reset();
        TextFormat.writeField(out, null);
        assertThat(out.toString()).isEqualTo("\\N");
    }

    @Test
    void grantsOfMysql8MariadbWildcardsAndRolesAreUnderstood() {
        Grants g = new Grants().add(List.of(
                "GRANT USAGE ON *.* TO `civi`@`localhost`",
                "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER, CREATE TEMPORARY TABLES, LOCK TABLES,"
                        + " CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, TRIGGER ON `civicrm`.* TO `civi`@`localhost`",
                "GRANT ALL PRIVILEGES ON `civi\\_%`.* TO `civi`@`%` IDENTIFIED BY PASSWORD '*ABCDEF'",
                "GRANT SELECT (id, name), INSERT ON `other`.`t` TO `civi`@`%`",
                "GRANT `civi_role` TO `civi`@`localhost`",
                "GRANT `app_rw`@`%`,`reporting`@`%` TO `civi`@`%`"));
        assertThat(g.onDatabase("civicrm")).contains(Privilege.TRIGGER, Privilege.LOCK_TABLES, Privilege.CREATE_TEMPORARY_TABLES)
                .doesNotContain(Privilege.SUPER);
        assertThat(g.onDatabase("civi_prod")).containsAll(Checks.BASE);
        assertThat(g.onDatabase("civixprod")).isEmpty();
        assertThat(g.onDatabase("other")).isEmpty();
        assertThat(g.global()).isEmpty();
        assertThat(g.roles()).containsExactlyInAnyOrder("civi_role", "app_rw", "reporting");
        assertThat(new Grants().add(List.of("GRANT ALL PRIVILEGES ON *.* TO 'root'@'localhost' WITH GRANT OPTION"))
                .onDatabase("anything")).contains(Privilege.SUPER, Privilege.TRIGGER);
    }

    @Property
    void aNameUnderTheDrupalPrefixIsNeverCivicrms(@ForAll("prefixes") String prefix, @ForAll @StringLength(min = 1, max = 20) String rest) {
        if (!"civicrm_".startsWith(prefix.toLowerCase()) && !"log_civicrm_".startsWith(prefix.toLowerCase())) {
            assertThat(Ownership.ofTable(prefix + rest, prefix, false)).isEqualTo(Owner.CMS);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> prefixes() {
        return net.jqwik.api.Arbitraries.oneOf(net.jqwik.api.Arbitraries.of("d7_", "drupal_", "civicrm_d7_", "main.", "civi", "c"),
                net.jqwik.api.Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(8));
    }

    @Test
    void ownershipFollowsCivicrmNames() {
        assertThat(Ownership.ofTable("civicrm_value_extra_3", "", false)).isEqualTo(Owner.CIVICRM);
        assertThat(Ownership.ofTable("civicrm_contact_en_US", "", false)).isEqualTo(Owner.CIVICRM);
        assertThat(Ownership.ofTable("log_civicrm_contact", "", false)).isEqualTo(Owner.CIVICRM);
        assertThat(Ownership.ofTable("civicrm_contact", "civi", false)).isEqualTo(Owner.CIVICRM);
        assertThat(Ownership.ofTable("civicrm_d7_users", "civicrm_d7_", false)).isEqualTo(Owner.CMS);
        assertThat(Ownership.ofTable("civicrm_contact", "civicrm_d7_", false)).isEqualTo(Owner.CIVICRM);
        assertThat(Ownership.ofTable("users", "", false)).isEqualTo(Owner.CMS);
        assertThat(Ownership.ofTable("webform_civicrm_forms", "", false)).isEqualTo(Owner.CMS);
        assertThat(Ownership.ofTable("civicrm_contact", "", true)).isEqualTo(Owner.CMS);
        assertThat(Ownership.ofRoutine("civicrm_strip_non_numeric")).isEqualTo(Owner.CIVICRM);
        assertThat(Ownership.ofRoutine("drupal_fn")).isEqualTo(Owner.CMS);
    }

    @Test
    void minimumVersionsFollowTheDocumentedWindows() {
        assertThat(MinimumVersions.minimumFor(Version.parse("4.4.5"))).contains(Version.parse("2.2"));
        assertThat(MinimumVersions.minimumFor(Version.parse("4.7.31"))).contains(Version.parse("4.0.8"));
        assertThat(MinimumVersions.minimumFor(Version.parse("5.0.0"))).contains(Version.parse("4.0.8"));
        assertThat(MinimumVersions.minimumFor(Version.parse("5.45.0"))).contains(Version.parse("4.4.7"));
        assertThat(MinimumVersions.minimumFor(Version.parse("6.2.0"))).contains(Version.parse("5.51.0"));
        assertThat(MinimumVersions.minimumFor(Version.parse("4.3.0"))).isEmpty();
        assertThat(MinimumVersions.hops(Version.parse("4.7.31"), Version.parse("6.0.0"))).containsExactly("5.81");
        assertThat(MinimumVersions.hops(Version.parse("5.60.0"), Version.parse("6.0.0"))).isEmpty();
        assertThat(MinimumVersions.hops(Version.parse("2.1"), Version.parse("5.45.0"))).containsExactly("2.2", "4.6");
        assertThat(MySqlDialect.upgradeHops(Version.parse("3.4.8"), Version.parse("6.1.0"))).containsExactly("4.6", "5.81");
    }

    @Property
    void everyHopIsAcceptedByTheNextAndTheLastByTheTarget(@ForAll("versions") String from, @ForAll("versions") String to) {
        Version current = Version.parse(from);
        Version target = Version.parse(to);
        List<String> chain = new ArrayList<>(MinimumVersions.hops(current, target));
        chain.add(to);
        Version at = current;
        for (String hop : chain) {
            Version next = Version.parse(hop);
            MinimumVersions.minimumFor(next).ifPresent(min -> {
                // a hop named as a minimum ("2.2") is a floor, not a release checked against a window
            });
            if (!hop.equals("2.2") && MinimumVersions.minimumFor(next).isPresent()) {
                assertThat(at.isAtLeast(MinimumVersions.minimumFor(next).get())).as(at + " -> " + hop).isTrue();
            }
            at = next;
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> versions() {
        return net.jqwik.api.Arbitraries.of("2.1", "2.2.9", "3.4.8", "4.0.8", "4.2.0", "4.4.7", "4.6.38", "4.7.31", "5.0.0",
                "5.32.4", "5.33.0", "5.51.0", "5.81.2", "6.0.0", "6.4.1");
    }

    @Test
    void definerClausesAreRemovedInEveryShape() {
        assertThat(Definitions.withoutDefiner("CREATE DEFINER=`root`@`localhost` TRIGGER t AFTER INSERT ON x FOR EACH ROW SET @a = 1"))
                .isEqualTo("CREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW SET @a = 1");
        assertThat(Definitions.withoutDefiner("CREATE ALGORITHM=UNDEFINED DEFINER=`gh``ost`@`%` SQL SECURITY DEFINER VIEW `v` AS select 1"))
                .isEqualTo("CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `v` AS select 1");
        assertThat(Definitions.withoutDefiner("CREATE DEFINER=`civi_role` FUNCTION f() RETURNS INT RETURN 1"))
                .isEqualTo("CREATE FUNCTION f() RETURNS INT RETURN 1");
        assertThat(Definitions.withoutDefiner("CREATE DEFINER='u'@'h' PROCEDURE p() SELECT 'DEFINER=x@y'"))
                .isEqualTo("CREATE PROCEDURE p() SELECT 'DEFINER=x@y'");
        assertThat(Definitions.withoutDefiner("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1"))
                .isEqualTo("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1");
    }

    @Test
    void lockNamesFitTheServerLimit() {
        String a = NamedLock.serverName("/var/www/" + "very-long-site-path/".repeat(10) + "#default");
        assertThat(a.length()).isLessThanOrEqualTo(64);
        assertThat(a).startsWith("civi-upgrade:");
        assertThat(NamedLock.serverName("x")).isNotEqualTo(NamedLock.serverName("y"));
    }
}
