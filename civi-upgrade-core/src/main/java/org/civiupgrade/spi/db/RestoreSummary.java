package org.civiupgrade.spi.db;

import java.util.List;

/**
 * What a restore did.
 *
 * @param tablesRestored  tables dropped, recreated and reloaded
 * @param tablesUnchanged tables left alone because their checksum and definition matched (selective)
 * @param tablesDropped   tables dropped because the backup does not know them (selective)
 * @param objectsRecreated views, triggers, routines and events recreated
 * @param rowsLoaded      rows loaded
 */
public record RestoreSummary(List<String> tablesRestored, List<String> tablesUnchanged, List<String> tablesDropped,
                             int objectsRecreated, long rowsLoaded) {
    public RestoreSummary {
        tablesRestored = List.copyOf(tablesRestored);
        tablesUnchanged = List.copyOf(tablesUnchanged);
        tablesDropped = List.copyOf(tablesDropped);
    }
}
