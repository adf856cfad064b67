package org.civiupgrade.internal.cms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.civiupgrade.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** info.xml as CiviCRM extensions ship it, and CiviCRM's reading of {@code <compatibility><ver>}. */
class ExtensionInfoTest {
    @TempDir
    Path tmp;

    private ExtensionInfo read(String xml) throws IOException {
        Path f = tmp.resolve("info.xml");
        Files.writeString(f, xml, StandardCharsets.UTF_8);
        return ExtensionInfo.read(f);
    }

    private static String info(String compatibility) {
        return "<?xml version=\"1.0\"?>\n<extension key=\"org.example.volunteer\" type=\"module\">\n  <file>volunteer</file>\n"
                + "  <name>Volunteer</name>\n  <urls>\n    <url desc=\"Documentation\">https://example.org/docs</url>\n  </urls>\n"
                + "  <releaseDate>2018-06-29</releaseDate>\n  <version>2.4.3</version>\n" + compatibility
                + "  <comments>Made with &lt;3 &amp; care</comments>\n  <civix>\n    <namespace>CRM/Volunteer</namespace>\n  </civix>\n"
                + "  <requires>\n    <ext>org.civicrm.angularprofiles</ext>\n    <ext>civi_campaign</ext>\n  </requires>\n"
                + "  <php_compatibility>\n    <ver>8.1</ver>\n    <ver>8.2</ver>\n  </php_compatibility>\n</extension>\n";
    }

    @Test
    void readsKeyCompatibilityRequirementsAndPhpVersions() throws IOException {
        ExtensionInfo i = read(info("  <compatibility>\n    <ver>4.6</ver>\n    <ver>5.28</ver>\n  </compatibility>\n"));
        assertThat(i.key()).isEqualTo("org.example.volunteer");
        assertThat(i.compatibility()).containsExactly("4.6", "5.28");
        assertThat(i.requires()).containsExactly("org.civicrm.angularprofiles", "civi_campaign");
        assertThat(i.php()).containsExactly("8.1", "8.2");
    }

    /** Since 5.0 a value of 4.7 or later covers later versions too; older values name one major.minor exactly. */
    @ParameterizedTest(name = "<ver>{0}</ver> on {1}: {2}")
    @CsvSource({"5.28, 5.28.0, true", "5.28, 5.56.1, true", "5.28, 5.27.4, false", "5.28, 6.0.0, true", "5.78, 5.56.1, false",
            "4.7, 5.56.1, true", "4.7, 4.7.31, true", "4.7, 4.6.36, false", "4.6, 4.6.36, true", "4.6, 4.7.31, false",
            "4.6, 5.0.0, false", "4.4, 4.4.5, true", "4.4, 4.5.0, false", "5.0, 5.0.alpha1, true", "6.1, 6.0.2, false"})
    void compatibilityFollowsCiviCrmsRule(String ver, String target, boolean expected) throws IOException {
        ExtensionInfo i = read(info("  <compatibility>\n    <ver>" + ver + "</ver>\n  </compatibility>\n"));
        assertThat(i.compatibleWith(Version.parse(target))).isEqualTo(expected);
    }

    @Test
    void anyMatchingValueIsEnoughAndNoDeclarationDeclaresNothing() throws IOException {
        ExtensionInfo both = read(info("  <compatibility>\n    <ver>4.6</ver>\n    <ver>5.10</ver>\n  </compatibility>\n"));
        assertThat(both.compatibleWith(Version.parse("4.6.2"))).isTrue();
        assertThat(both.compatibleWith(Version.parse("4.7.31"))).isFalse();
        assertThat(both.compatibleWith(Version.parse("5.56.1"))).isTrue();
        assertThat(read(info("")).compatibleWith(Version.parse("3.4.0"))).isTrue();
    }

    @Test
    void externalEntitiesAndDoctypesAreRefused() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "s3cr3t");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE extension [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<extension key=\"&x;\" type=\"module\"><compatibility><ver>5.0</ver></compatibility></extension>\n";
        assertThatThrownBy(() -> read(xxe)).isInstanceOf(IOException.class).hasMessageContaining("info.xml")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void aRefusedOrMalformedInfoXmlPrintsNothingOfItsOwnOnStandardError() throws IOException {
        // the JDK parser's default error handler prints "[Fatal Error] ..." beside the exception; a CLI run with
        // --json would show it between its own lines
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (String xml : java.util.List.of("<?xml version=\"1.0\"?>\n<!DOCTYPE extension [<!ENTITY a \"aa\">]>\n<extension key=\"&a;\"/>\n",
                    "<extension key=\"a\"><compatibility>", "<extension key=\"a\"></extensio>", "")) {
                assertThatThrownBy(() -> read(xml)).isInstanceOf(IOException.class).hasMessageContaining("info.xml");
            }
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void malformedXmlIsAnIoErrorNamingTheFile() {
        assertThatThrownBy(() -> read("<extension key=\"a\"><compatibility>")).isInstanceOf(IOException.class)
                .hasMessageContaining(tmp.resolve("info.xml").toString());
    }
}
