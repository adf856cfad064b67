package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.civiupgrade.settings.Definition;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.testkit.SettingsFiles.Era;
import org.civiupgrade.testkit.SettingsFiles.Generated;
import org.junit.jupiter.api.Test;

/** Files of 4.7.31 and later are written in the installer's nested-guard format; older eras keep theirs. */
class SettingsFilesInstallerFormatTest {
    @Test
    void installerErasUseNestedGuardsAndReadAsAWebRequest() {
        for (Era era : Era.values()) {
            Generated g = SettingsFiles.generate(era);
            String t = g.text();
            boolean installer = era.compareTo(Era.V4_7) >= 0;
            assertThat(t.contains("if (getenv('CIVICRM_UF')) {")).as("%s", era).isEqualTo(installer);
            assertThat(t.contains("if (!defined('CIVICRM_UF_DSN') && CIVICRM_UF !== 'UnitTests') {")).as("%s", era).isEqualTo(installer);
            assertThat(t.contains("$GLOBALS['_CV']['TEST_DB_DSN']")).as("%s", era).isEqualTo(installer);
            assertThat(t.contains("global $civicrm_root, $civicrm_setting, $civicrm_paths;")).as("%s", era).isEqualTo(installer);
            assertThat(t.contains("throw new \\Exception(")).as("%s", era).isEqualTo(era == Era.V6);
            SettingsFile f = SettingsFile.parse(g.bytes());
            assertThat(f.define("CIVICRM_UF")).contains("Drupal");
            assertThat(f.civicrmDsn().database()).isEqualTo(g.spec().dbName());
            assertThat(f.define("CIVICRM_UF_DSN")).contains(g.defines().get("CIVICRM_UF_DSN"));
            assertThat(f.definitions()).filteredOn(d -> d.state() == Definition.State.NOT_TAKEN).extracting(Definition::name)
                    .as("%s", era).containsOnly(installer ? new String[] {"CIVICRM_UF", "CIVICRM_DSN"} : new String[0]);
            assertThat(f.problems()).as("%s", era).isEmpty();
        }
    }
}
