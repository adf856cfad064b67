package org.civiupgrade.mysql.internal;

import java.util.Locale;
import org.civiupgrade.spi.db.DatabaseObject;
import org.civiupgrade.spi.db.DatabaseObject.Kind;
import org.civiupgrade.spi.db.DatabaseObject.Owner;

/**
 * Who owns an object in a database shared by Drupal and CiviCRM, and which new objects an
 * upgrade created.
 *
 * <p>By name, CiviCRM's objects are the tables and views {@code civicrm_*} (custom data
 * {@code civicrm_value_*}, multilingual views {@code civicrm_contact_en_US}, temporary and import
 * tables included), {@code log_civicrm_*}, the upgrader's snapshot tables
 * {@code snap_civicrm_vX_Y_<table>} (CiviCRM 5.45+ creates them while it upgrades), the triggers
 * on those tables, and the routines and events named {@code civicrm_*}
 * ({@code civicrm_strip_non_numeric}). Everything else is the CMS's. Drupal owns every name
 * beginning with its table prefix, unless that prefix is itself the start of CiviCRM's names (a
 * prefix such as {@code civi} cannot make {@code civicrm_contact} Drupal's). In a separate logging
 * database only {@code log_civicrm_*} tables and their triggers are CiviCRM's.
 *
 * <p>Objects that appeared after the backup ({@link #upgradeCreated}): the rollback drops every
 * one that belongs to the upgrade. The rule:
 * <ul>
 *   <li>CiviCRM in its own database (the schema held no CMS table when it was backed up, as the
 *       manifest records): every new
 *       table, view, trigger, routine and event is the upgrade's, whatever its name.</li>
 *   <li>A database shared with Drupal: a new object with a CiviCRM name (above) is the upgrade's,
 *       and so is a new table, view, routine or event outside Drupal's table prefix when that
 *       prefix is not empty. With an empty Drupal prefix a new object without a CiviCRM name may
 *       be Drupal's (a cache table of a module) and is kept; a new trigger is the upgrade's only
 *       on a CiviCRM table.</li>
 * </ul>
 */
public final class Ownership {
    private Ownership() {
    }

    /** The owner of a table or view name. */
    public static Owner ofTable(String name, String cmsPrefix, boolean loggingDatabase) {
        String lower = name.toLowerCase(Locale.ROOT);
        String prefix = cmsPrefix == null ? "" : cmsPrefix.toLowerCase(Locale.ROOT);
        boolean civiName = lower.startsWith("civicrm_") || lower.startsWith("log_civicrm_") || lower.startsWith("snap_civicrm_");
        if (loggingDatabase) {
            return lower.startsWith("log_civicrm_") ? Owner.CIVICRM : Owner.CMS;
        }
        if (!prefix.isEmpty() && lower.startsWith(prefix)
                && !"civicrm_".startsWith(prefix) && !"log_civicrm_".startsWith(prefix) && !"snap_civicrm_".startsWith(prefix)) {
            return Owner.CMS;
        }
        return civiName ? Owner.CIVICRM : Owner.CMS;
    }

    /** The owner of a routine or event name. */
    public static Owner ofRoutine(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith("civicrm_") ? Owner.CIVICRM : Owner.CMS;
    }

    /**
     * True when {@code created}, an object that is not in the backup, belongs to the upgrade and
     * is dropped on rollback (the rule is in the class comment).
     *
     * @param cmsPrefix      Drupal's table prefix ({@code ""} for none)
     * @param sharedWithCms  whether the schema held CMS tables when it was backed up
     */
    public static boolean upgradeCreated(DatabaseObject created, String cmsPrefix, boolean sharedWithCms) {
        if (!sharedWithCms || created.civicrm()) {
            return true;
        }
        if (created.kind() == Kind.TRIGGER) {
            return false;
        }
        String prefix = cmsPrefix == null ? "" : cmsPrefix.toLowerCase(Locale.ROOT);
        return !prefix.isEmpty() && !created.name().toLowerCase(Locale.ROOT).startsWith(prefix);
    }
}
