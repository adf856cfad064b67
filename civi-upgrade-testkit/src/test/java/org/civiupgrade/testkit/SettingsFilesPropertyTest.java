package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.civiupgrade.Version;
import org.civiupgrade.settings.Definition;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.settings.SettingsEdit;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.settings.SettingsOptions;
import org.civiupgrade.settings.SettingsUpgrade;
import org.civiupgrade.testkit.SettingsFiles.Era;
import org.civiupgrade.testkit.SettingsFiles.Generated;

class SettingsFilesPropertyTest {
    @Provide
    Arbitrary<Generated> settingsFiles() {
        return net.jqwik.api.Combinators.combine(Arbitraries.of(Era.class), Arbitraries.longs())
                .as(SettingsFiles::generate);
    }

    @Property(tries = 300)
    void parseThenPrintIsByteIdentical(@ForAll("settingsFiles") Generated g) {
        SettingsFile f = SettingsFile.parse(g.bytes());
        assertThat(f.print()).isEqualTo(g.bytes());
        assertThat(f.bytes()).isEqualTo(g.bytes());
    }

    @Property(tries = 300)
    void editorReadsWhatTheGeneratorWrote(@ForAll("settingsFiles") Generated g) {
        SettingsFile f = SettingsFile.parse(g.bytes());
        assertThat(f.problems()).as("problems in %s", g).isEmpty();
        for (Map.Entry<String, String> e : g.defines().entrySet()) {
            if (e.getValue() == null) {
                assertThat(f.defineValue(e.getKey())).as(e.getKey()).contains(new PhpValue.Null());
            } else {
                assertThat(f.define(e.getKey())).as(e.getKey()).contains(e.getValue());
            }
        }
        assertThat(f.defines().keySet()).containsExactlyInAnyOrderElementsOf(g.defines().keySet());
        assertThat(f.civicrmRoot()).contains(g.root());
        assertThat(f.civicrmDsn().password().reveal()).isEqualTo(SettingsFiles.effectivePassword(g.spec()));
        assertThat(f.civicrmDsn().user()).isEqualTo(g.spec().dbUser());
        assertThat(f.civicrmDsn().database()).isEqualTo(g.spec().dbName());
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        f.settings().forEach((group, m) -> m.forEach((name, v) -> settings.put(group + "/" + name, v.asPhpString())));
        assertThat(settings).isEqualTo(g.settings());
        assertThat(f.definitions()).filteredOn(d -> d.name().equals("CIVICRM_CLEANURL"))
                .extracting(Definition::state).containsOnly(Definition.State.CONDITIONAL).isNotEmpty();
        assertThat(f.registersClassLoader()).isEqualTo(g.spec().era().compareTo(Era.V4_2) >= 0);
    }

    @Property(tries = 300)
    void everyEditIsUndoneExactlyAndLeavesAReadableFile(@ForAll("settingsFiles") Generated g) {
        SettingsFile f = SettingsFile.parse(g.bytes());
        Version from = g.spec().era().version();
        Version to = from.isBefore(Version.parse("4.4.0")) ? Version.parse("4.4.5") : Version.parse("6.2.0");
        SettingsUpgrade.Plan plan = SettingsUpgrade.plan(f, from, to, SettingsOptions.defaults().withAddSiteKey(true)
                .withCommentOutIds(true).withMove("/srv/moved/civicrm/", "/srv/moved/templates_c/", "https://moved.example/"),
                new SecureRandom());
        SettingsFile edited = plan.result();
        assertThat(edited.problems()).isEmpty();
        assertThat(edited.print()).isEqualTo(edited.bytes());
        assertThat(edited.civicrmRoot()).contains("/srv/moved/civicrm/");
        assertThat(edited.define("CIVICRM_UF_BASEURL")).contains("https://moved.example/");
        assertThat(edited.define("CIVICRM_SITE_KEY")).isPresent();
        assertThat(edited.registersClassLoader()).isTrue();
        assertThat(edited.define("CIVICRM_DSN")).isEqualTo(f.define("CIVICRM_DSN"));
        if (to.isAtLeast(SettingsUpgrade.IDS_IGNORED_SINCE)) {
            assertThat(edited.activeDefine("CIVICRM_IDS_ENABLE")).isEmpty();
        }
        if (g.spec().overrides() && from.isBefore(SettingsUpgrade.SETTINGS_ARRAY_SINCE)) {
            assertThat(edited.setting("URL Preferences", "userFrameworkResourceURL")).isPresent();
        }
        // undo newest first
        List<SettingsFile> states = new ArrayList<>();
        SettingsFile s = f;
        for (SettingsEdit e : plan.edits()) {
            states.add(s);
            s = s.apply(e);
        }
        assertThat(s.bytes()).isEqualTo(edited.bytes());
        for (int k = plan.edits().size() - 1; k >= 0; k--) {
            s = s.apply(plan.edits().get(k).inverse(states.get(k)));
        }
        assertThat(s.bytes()).isEqualTo(g.bytes());
    }
}
