package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.civiupgrade.Version;
import org.civiupgrade.testkit.RealDumps.Definers;
import org.civiupgrade.testkit.RealDumps.RealDump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real dump loads, and holds what its name says. */
@WithTestDatabase
class RealDumpsTest {
    static List<RealDump> dumps() {
        return RealDumps.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dumps")
    void everyRealDumpLoadsAndCarriesItsReleasesVersion(RealDump dump, TestDatabase db) {
        RealDumps.load(dump, db);

        String version = db.queryString("SELECT version FROM civicrm_domain WHERE id = 1");
        assertThat(Version.parse(version)).isEqualTo(dump.version());
        assertThat(Integer.parseInt(db.queryString(
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'civicrm\\_%'")))
                .isGreaterThan(100);
        assertThat(Integer.parseInt(db.queryString("SELECT COUNT(*) FROM civicrm_contact"))).isPositive();
        if (dump.version().compareTo(Version.parse("4.6")) >= 0) {
            assertThat(db.queryColumn(
                    "SELECT DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"))
                    .as("stripped DEFINERs leave the loading account").isNotEmpty()
                    .allSatisfy(d -> assertThat(d).startsWith(db.coordinates().user() + "@"));
        }
    }

    @Test
    void asDumpedDefinersNameTheAccountOfTheMachineThatMadeTheDump(TestDatabase db) {
        RealDump dump = RealDumps.all().stream().filter(d -> d.version().compareTo(Version.parse("4.6")) >= 0)
                .findFirst().orElseThrow();
        RealDumps.load(dump, db.coordinates(), Definers.AS_DUMPED);

        List<String> definers = db.queryColumn(
                "SELECT DISTINCT DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()");
        assertThat(definers).isNotEmpty().noneMatch(d -> d.startsWith(db.coordinates().user() + "@"));
        assertThatThrownBy(() -> db.execute("INSERT INTO civicrm_address (contact_id) VALUES (NULL)"))
                .as("a write through a trigger of a missing DEFINER fails as on a moved real site")
                .hasMessageContaining("does not exist");
    }

    @Test
    void dumpsAreFoundOldestFirstWithTheirVersions() {
        List<RealDump> all = RealDumps.all();
        assertThat(all).isSortedAccordingTo((a, b) -> a.version().compareTo(b.version()));
        assertThat(RealDumps.of(all.get(0).version().toString())).isEqualTo(all.get(0));
        assertThatThrownBy(() -> RealDumps.of("1.0")).hasMessageContaining("no real dump of CiviCRM 1.0");
    }
}
