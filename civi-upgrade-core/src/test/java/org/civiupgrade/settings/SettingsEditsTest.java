package org.civiupgrade.settings;

import org.civiupgrade.php.PhpValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civiupgrade.settings.SettingsFileTest.PLAIN_44;
import static org.civiupgrade.settings.SettingsFileTest.WRAPPED_5;
import static org.civiupgrade.settings.SettingsFileTest.parse;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Version;
import org.junit.jupiter.api.Test;

class SettingsEditsTest {
    private static String text(SettingsFile f) {
        return new String(f.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void setDefineReplacesOnlyTheValueAndKeepsQuotes() {
        SettingsFile f = parse(PLAIN_44);
        SettingsEdit e = SettingsEdits.setDefine(f, "CIVICRM_UF_BASEURL", PhpValue.of("https://new.example.org/")).orElseThrow();
        SettingsFile g = f.apply(e);
        assertThat(text(g)).isEqualTo(PLAIN_44.replace("'http://www.example.org/'", "'https://new.example.org/'"));
        assertThat(g.define("CIVICRM_UF_BASEURL")).contains("https://new.example.org/");
        assertThat(SettingsEdits.setDefine(g, "CIVICRM_UF_BASEURL", PhpValue.of("https://new.example.org/"))).isEmpty();
        assertThat(g.apply(e.inverse(f)).bytes()).isEqualTo(f.bytes());
    }

    @Test
    void addedDefineFollowsTheWrappedStyle() {
        SettingsFile f = parse(WRAPPED_5);
        SettingsFile g = f.apply(SettingsEdits.setDefine(f, "CIVICRM_MAIL_SMARTY", new PhpValue.Int(0)).orElseThrow());
        assertThat(g.activeDefine("CIVICRM_MAIL_SMARTY")).hasValueSatisfying(d -> assertThat(d.wrapped()).isTrue());
        assertThat(text(g)).contains("if (!defined('CIVICRM_MAIL_SMARTY')) {\n  define( 'CIVICRM_MAIL_SMARTY', 0);\n}");
        assertThat(g.problems()).isEmpty();
    }

    @Test
    void addedDefineFollowsThePlainStyleWithoutPadding() {
        SettingsFile f = parse(PLAIN_44);
        SettingsFile g = f.apply(SettingsEdits.setDefine(f, "CIVICRM_MAIL_SMARTY", new PhpValue.Int(0)).orElseThrow());
        assertThat(g.defineValue("CIVICRM_MAIL_SMARTY")).contains(new PhpValue.Int(0));
        assertThat(g.activeDefine("CIVICRM_MAIL_SMARTY").orElseThrow().wrapped()).isFalse();
        assertThat(g.problems()).isEmpty();
    }

    @Test
    void convertsDottedOverridesKeepingTheValueSpelling() {
        SettingsFile f = parse(PLAIN_44);
        SettingsFile g = f.apply(SettingsEdits.convertDottedOverrides(f).orElseThrow());
        assertThat(text(g)).contains("global $civicrm_setting;\n$civicrm_setting['URL Preferences']['customCSSURL'] = "
                + "\"http://www.example.org/custom.css\";");
        assertThat(g.define("URL Preferences.customCSSURL")).isEmpty();
        assertThat(g.setting("URL Preferences", "customCSSURL")).contains(PhpValue.of("http://www.example.org/custom.css"));
    }

    @Test
    void setSettingAddsGlobalOnlyWhenNeeded() {
        SettingsFile plain = parse(PLAIN_44);
        SettingsFile g = plain.apply(SettingsEdits.setSetting(plain, "domain", "x", PhpValue.of("y")).orElseThrow());
        assertThat(text(g)).contains("global $civicrm_setting;\n$civicrm_setting['domain']['x'] = 'y';");
        SettingsFile wrapped = parse(WRAPPED_5);
        SettingsFile h = wrapped.apply(SettingsEdits.setSetting(wrapped, "domain", "x", PhpValue.of("y")).orElseThrow());
        assertThat(text(h)).contains("\n$civicrm_setting['domain']['x'] = 'y';").doesNotContain("global $civicrm_setting;");
        assertThat(h.setting("domain", "x")).contains(PhpValue.of("y"));
        SettingsFile i = h.apply(SettingsEdits.setSetting(h, "domain", "userFrameworkResourceURL", PhpValue.of("z")).orElseThrow());
        assertThat(i.setting("domain", "userFrameworkResourceURL")).contains(PhpValue.of("z"));
    }

    @Test
    void classLoaderLinesGoBeforeTheClosingTag() {
        String old = "<?php\r\ndefine( 'CIVICRM_UF', 'Drupal' );\r\n?>\r\n";
        SettingsFile f = parse(old);
        SettingsFile g = f.apply(SettingsEdits.addClassLoader(f).orElseThrow());
        assertThat(text(g)).isEqualTo("<?php\r\ndefine( 'CIVICRM_UF', 'Drupal' );\r\n\r\nrequire_once 'CRM/Core/ClassLoader.php';"
                + "\r\nCRM_Core_ClassLoader::singleton()->register();\r\n?>\r\n");
        assertThat(g.registersClassLoader()).isTrue();
        assertThat(SettingsEdits.addClassLoader(g)).isEmpty();
    }

    @Test
    void commentsOutIdsAndAddsSiteKey() {
        SettingsFile f = parse(PLAIN_44);
        SettingsUpgrade.Plan plan = SettingsUpgrade.plan(f, Version.parse("4.1.6"), Version.parse("4.4.5"),
                SettingsOptions.defaults().withAddSiteKey(true).withCommentOutIds(true), new SecureRandom());
        SettingsFile g = plan.result();
        assertThat(g.activeDefine("CIVICRM_IDS_ENABLE")).isEmpty();
        assertThat(g.define("CIVICRM_SITE_KEY")).hasValueSatisfying(k -> assertThat(k).matches("[A-Za-z0-9]{32}"));
        assertThat(g.setting("URL Preferences", "customCSSURL")).isPresent();
        assertThat(plan.edits()).extracting(SettingsEdit::description).noneMatch(d -> d.contains(g.define("CIVICRM_SITE_KEY").get()));
        assertThat(plan.findings()).extracting(CheckResult::id).contains("settings.ids-ignored");
        assertThat(g.problems()).isEmpty();
        // undo the whole plan, newest first
        SettingsFile back = g;
        java.util.List<SettingsFile> states = new java.util.ArrayList<>();
        SettingsFile s = f;
        for (SettingsEdit e : plan.edits()) {
            states.add(s);
            s = s.apply(e);
        }
        for (int k = plan.edits().size() - 1; k >= 0; k--) {
            back = back.apply(plan.edits().get(k).inverse(states.get(k)));
        }
        assertThat(back.bytes()).isEqualTo(f.bytes());
    }

    @Test
    void withoutARegisteredEditorTheBuiltInOneIsUsedAndWritesAtomically(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        org.civiupgrade.Site site = org.civiupgrade.Site.builder(dir).cms("Drupal", "7.100").civicrmCodeDir(dir)
                .cmsDatabase(org.civiupgrade.DatabaseCoordinates.fromDsn("mysql://u:p@localhost/d")).build();
        org.civiupgrade.spi.SettingsEditor editor = org.civiupgrade.internal.plugins.Plugins.installed().settingsEditor(site, null);
        assertThat(editor.getClass().getName()).isEqualTo("org.civiupgrade.settings.internal.DefaultSettingsEditor");
        java.nio.file.Path file = dir.resolve("civicrm.settings.php");
        java.nio.file.Files.writeString(file, PLAIN_44);
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("r--r-----"));
        SettingsUpgrade.Plan plan = editor.plan(editor.read(file), Version.parse("4.1.6"), Version.parse("4.2.0"),
                SettingsOptions.defaults());
        editor.write(file, plan.result());
        assertThat(java.nio.file.Files.readAllBytes(file)).isEqualTo(plan.result().bytes());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file)))
                .isEqualTo("r--r-----");
        try (var left = java.nio.file.Files.list(dir)) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void credentialAndSigningKeysAreReportedWhenTheTargetNeedsThem() {
        SettingsFile f = parse(WRAPPED_5);
        assertThat(SettingsUpgrade.plan(f, Version.parse("5.80.0"), Version.parse("6.10.0"), SettingsOptions.defaults())
                .findings()).extracting(CheckResult::id).filteredOn("settings.keys-missing"::equals).hasSize(2);
        assertThat(SettingsUpgrade.plan(f, Version.parse("5.80.0"), Version.parse("6.9.0"), SettingsOptions.defaults())
                .findings()).extracting(CheckResult::id).doesNotContain("settings.keys-missing");
    }

    @Test
    void relocationUpdatesRootCompileDirAndBaseUrl() {
        SettingsFile f = parse(WRAPPED_5);
        SettingsUpgrade.Plan plan = SettingsUpgrade.plan(f, Version.parse("5.10.0"), Version.parse("5.14.0"),
                SettingsOptions.defaults().withMove("/srv/new/civicrm/", "/srv/new/templates_c/", "https://n.example/"));
        SettingsFile g = plan.result();
        assertThat(g.civicrmRoot()).contains("/srv/new/civicrm/");
        assertThat(g.define("CIVICRM_TEMPLATE_COMPILEDIR")).contains("/srv/new/templates_c/");
        assertThat(g.define("CIVICRM_UF_BASEURL")).contains("https://n.example/");
        assertThat(plan.findings()).extracting(CheckResult::id).containsExactly("settings.class-loader", "settings.resource-url");
    }
}
