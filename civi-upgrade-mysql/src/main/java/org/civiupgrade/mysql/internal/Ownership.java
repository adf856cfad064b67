package org.civiupgrade.mysql.internal;

import java.util.Locale;
import org.civiupgrade.spi.DatabaseObject.Owner;

/**
 * Who owns an object in a database shared by Drupal and CiviCRM. CiviCRM's objects are the
 * tables and views {@code civicrm_*} (custom data {@code civicrm_value_*}, multilingual views
 * {@code civicrm_contact_en_US}, temporary and import tables included) and {@code log_civicrm_*},
 * the triggers on those tables, and the routines and events named {@code civicrm_*}
 * ({@code civicrm_strip_non_numeric}). Everything else is the CMS's. Drupal owns every name
 * beginning with its table prefix, unless that prefix is itself the start of CiviCRM's names
 * (a prefix such as {@code civi} cannot make {@code civicrm_contact} Drupal's). In a separate
 * logging database only {@code log_civicrm_*} tables and their triggers are CiviCRM's.
 */
public final class Ownership {
    private Ownership() {
    }

    /** The owner of a table or view name. */
    public static Owner ofTable(String name, String cmsPrefix, boolean loggingDatabase) {
        String lower = name.toLowerCase(Locale.ROOT);
        String prefix = cmsPrefix == null ? "" : cmsPrefix.toLowerCase(Locale.ROOT);
        boolean civiName = lower.startsWith("civicrm_") || lower.startsWith("log_civicrm_");
        if (loggingDatabase) {
            return lower.startsWith("log_civicrm_") ? Owner.CIVICRM : Owner.CMS;
        }
        if (!prefix.isEmpty() && lower.startsWith(prefix)
                && !"civicrm_".startsWith(prefix) && !"log_civicrm_".startsWith(prefix)) {
            return Owner.CMS;
        }
        return civiName ? Owner.CIVICRM : Owner.CMS;
    }

    /** The owner of a routine or event name. */
    public static Owner ofRoutine(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith("civicrm_") ? Owner.CIVICRM : Owner.CMS;
    }
}
