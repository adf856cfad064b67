package org.civiupgrade.drupal7.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Drupal tables' restore names its tables as the other Drupal compensations do, prefix or not. */
class RestoreDrupalTablesScopeTest {
    @Test
    void prefixedTablesAreNamedByTheirDrupalNames() {
        RestoreDrupalTables restore = new RestoreDrupalTables("drupal-tables", List.of("d7_variable", "D7_system", "d7_cache_menu"), "d7_");
        assertThat(restore.touches()).containsExactlyInAnyOrder("db:cms/variable", "db:cms/system", "db:cms/cache_menu");

        String maintenance = new RestoreDrupalVariable("d7_", "maintenance_mode", null).touches().iterator().next();
        assertThat(maintenance).as("a variable's undo lies inside the variable table's scope").startsWith("db:cms/variable/");
        String module = new SetDrupalModuleStatus("d7_", List.of("civicrm_rules"), 1).touches().iterator().next();
        assertThat(module).startsWith("db:cms/system/");
    }

    @Test
    void withoutAPrefixOrFromAnOlderJournalTheNamesStay() {
        assertThat(new RestoreDrupalTables("drupal-tables", List.of("variable", "cache"), "").touches())
                .containsExactlyInAnyOrder("db:cms/variable", "db:cms/cache");
        assertThat(new RestoreDrupalTables("drupal-tables", List.of("variable"), null).touches())
                .containsExactly("db:cms/variable");
    }
}
