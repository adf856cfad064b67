package org.civiupgrade.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.civiupgrade.spi.db.DatabaseObject;
import org.civiupgrade.spi.db.DatabaseObject.Kind;
import org.civiupgrade.spi.db.DatabaseObject.Owner;
import org.junit.jupiter.api.Test;

/** The ownership rule for objects that appeared after the backup. */
class OwnershipTest {
    private static DatabaseObject table(String name, String prefix) {
        return new DatabaseObject("db", Kind.TABLE, name, Ownership.ofTable(name, prefix, false));
    }

    @Test
    void snapshotTablesAreCiviCrmsWhateverTheDrupalPrefix() {
        for (String prefix : new String[] {"", "d7_", "snap_", "s"}) {
            assertThat(Ownership.ofTable("snap_civicrm_v5_51_fields", prefix, false)).as(prefix).isEqualTo(Owner.CIVICRM);
        }
        assertThat(Ownership.ofTable("snap_civicrm_v5_51_fields", "", true)).isEqualTo(Owner.CMS);
    }

    @Test
    void inItsOwnDatabaseEverythingNewIsTheUpgrades() {
        assertThat(Ownership.upgradeCreated(table("whatever", ""), "", false)).isTrue();
        assertThat(Ownership.upgradeCreated(new DatabaseObject("db", Kind.TRIGGER, "t_bi", Owner.CMS), "", false)).isTrue();
        assertThat(Ownership.upgradeCreated(new DatabaseObject("db", Kind.PROCEDURE, "p", Owner.CMS), "", false)).isTrue();
    }

    @Test
    void sharedWithDrupalDrupalsNewObjectsAreKept() {
        assertThat(Ownership.upgradeCreated(table("snap_civicrm_v5_51_fields", "d7_"), "d7_", true)).isTrue();
        assertThat(Ownership.upgradeCreated(table("civicrm_new", "d7_"), "d7_", true)).isTrue();
        assertThat(Ownership.upgradeCreated(table("d7_cache_new", "d7_"), "d7_", true)).isFalse();
        assertThat(Ownership.upgradeCreated(table("D7_Cache_New", "d7_"), "d7_", true)).isFalse();
        assertThat(Ownership.upgradeCreated(table("upgrade_scratch", "d7_"), "d7_", true)).isTrue();
        // without a prefix a new non-CiviCRM name may be Drupal's
        assertThat(Ownership.upgradeCreated(table("cache_new", ""), "", true)).isFalse();
        assertThat(Ownership.upgradeCreated(table("snap_civicrm_v5_51_fields", ""), "", true)).isTrue();
        // a trigger on a Drupal table is Drupal's
        assertThat(Ownership.upgradeCreated(new DatabaseObject("db", Kind.TRIGGER, "x_bi", Owner.CMS), "d7_", true)).isFalse();
        assertThat(Ownership.upgradeCreated(new DatabaseObject("db", Kind.FUNCTION, "civicrm_fn", Owner.CIVICRM), "", true)).isTrue();
    }
}
