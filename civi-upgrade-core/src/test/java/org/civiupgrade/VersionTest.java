package org.civiupgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class VersionTest {
    @Test
    void ordersReleasesNumericallyAndPreReleasesBeforeTheRelease() {
        List<String> sorted = List.of("2.1", "2.2", "2.2.0", "2.2.9", "3.4.8", "4.2.alpha1", "4.2.beta2", "4.2.0", "4.4.7",
                "4.7.alpha1", "4.7.beta1", "4.7.rc1", "4.7.0", "4.7.31", "5.9.0", "5.10.0", "5.45.beta2", "5.45.0", "6.0.0");
        List<Version> shuffled = new ArrayList<>(sorted.stream().map(Version::parse).toList());
        Collections.shuffle(shuffled, new java.util.Random(7));
        Collections.sort(shuffled);
        assertThat(shuffled).extracting(Version::toString).containsExactly("2.1.0", "2.2.alpha1", "2.2.0", "2.2.9", "3.4.8",
                "4.2.alpha1", "4.2.beta2", "4.2.0", "4.4.7", "4.7.alpha1", "4.7.beta1", "4.7.rc1", "4.7.0", "4.7.31", "5.9.0",
                "5.10.0", "5.45.beta2", "5.45.0", "6.0.0");
    }

    @Test
    void legacyValuesOfTheDomainTableMapToTheirReleases() {
        assertThat(Version.parse("2.1")).isEqualTo(Version.parse("2.1.0"));
        assertThat(Version.parse("2.2")).hasToString("2.2.alpha1");
    }

    @Test
    void upgradeMarkerMeansPartiallyUpgraded() {
        Version v = Version.parse("4.4.0.upgrade");
        assertThat(v.isPartialUpgrade()).isTrue();
        assertThat(v.withoutUpgradeMarker()).isEqualTo(Version.parse("4.4.0"));
        assertThat(v).isNotEqualTo(Version.parse("4.4.0"));
        assertThat(v.compareTo(Version.parse("4.4.0"))).isZero();
        assertThat(Version.parse("4.7.alpha1.upgrade").withoutUpgradeMarker()).hasToString("4.7.alpha1");
    }

    @Test
    void twoAndThreeComponentReleasesAreEqual() {
        assertThat(Version.parse("4.7")).isEqualTo(Version.parse("4.7.0"));
        assertThat(Version.parse("4.7").hashCode()).isEqualTo(Version.parse("4.7.0").hashCode());
        assertThat(Version.parse("5.45.2").majorMinor()).isEqualTo("5.45");
    }

    @Test
    void rejectsTextThatIsNotAVersionWithAClearError() {
        for (String bad : List.of("", "abc", "4..4", "4.4.x", "v4.4", "4.4.0-beta", "4.4.0.upgradez")) {
            assertThat(Version.tryParse(bad)).as(bad).isEmpty();
        }
        assertThatThrownBy(() -> Version.parse("4.x")).isInstanceOf(UpgradeException.class)
                .hasMessageContaining("'4.x' is not a CiviCRM version")
                .satisfies(e -> assertThat(((UpgradeException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Property(tries = 500)
    void orderIsTotalAntisymmetricAndTransitive(@ForAll("versions") Version a, @ForAll("versions") Version b,
                                                @ForAll("versions") Version c) {
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
        if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
            assertThat(a.compareTo(c)).isLessThanOrEqualTo(0);
        }
        if (a.compareTo(b) == 0 && !a.isPartialUpgrade() && !b.isPartialUpgrade()) {
            assertThat(a).isEqualTo(b);
            assertThat(a.hashCode()).isEqualTo(b.hashCode());
        }
    }

    @Property(tries = 500)
    void printedFormParsesBackToTheSameVersion(@ForAll("versions") Version v) {
        assertThat(Version.parse(v.toString())).isEqualTo(v);
    }

    @Property(tries = 300)
    void preReleasesSortBeforeTheirRelease(@ForAll("releases") Version release) {
        String base = release.major() + "." + release.minor();
        Version alpha = Version.parse(base + ".alpha1");
        Version beta = Version.parse(base + ".beta1");
        Version rc = Version.parse(base + ".rc1");
        Version zero = Version.parse(base + ".0");
        assertThat(alpha).isLessThan(beta);
        assertThat(beta).isLessThan(rc);
        assertThat(rc).isLessThan(zero);
        assertThat(zero).isLessThanOrEqualTo(release);
    }

    @Provide
    Arbitrary<Version> releases() {
        return Combinators.combine(Arbitraries.integers().between(0, 12), Arbitraries.integers().between(0, 80),
                Arbitraries.integers().between(0, 40)).as((a, b, c) -> Version.parse(a + "." + b + "." + c));
    }

    @Provide
    Arbitrary<Version> versions() {
        Arbitrary<String> numbers = Combinators.combine(Arbitraries.integers().between(0, 12),
                Arbitraries.integers().between(0, 80), Arbitraries.integers().between(0, 40))
                .as((a, b, c) -> a + "." + b + "." + c);
        Arbitrary<String> pre = Combinators.combine(Arbitraries.integers().between(0, 12), Arbitraries.integers().between(0, 80),
                Arbitraries.of("alpha", "beta", "rc"), Arbitraries.integers().between(1, 9))
                .as((a, b, s, n) -> a + "." + b + "." + s + n);
        return Combinators.combine(Arbitraries.oneOf(numbers, pre), Arbitraries.of("", ".upgrade"))
                .as((v, m) -> Version.parse(v + m));
    }
}
