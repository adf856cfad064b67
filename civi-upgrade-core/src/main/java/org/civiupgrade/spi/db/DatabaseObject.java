package org.civiupgrade.spi.db;

import java.util.Objects;

/**
 * One object of a database and who owns it.
 *
 * @param schema the schema holding it
 * @param kind   table, view, trigger, routine or event
 * @param name   its name
 * @param owner  CiviCRM or the CMS
 */
public record DatabaseObject(String schema, Kind kind, String name, Owner owner) {
    public DatabaseObject {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
    }

    /** The kind of object. */
    public enum Kind {
        /** A base table. */
        TABLE,
        /** A view. */
        VIEW,
        /** A trigger (CiviCRM's detailed logging uses them). */
        TRIGGER,
        /** A stored function. */
        FUNCTION,
        /** A stored procedure. */
        PROCEDURE,
        /** A scheduled event of the event scheduler. */
        EVENT
    }

    /** Who owns an object in a shared database. */
    public enum Owner {
        /** CiviCRM's: dropped and restored by a rollback. */
        CIVICRM,
        /** The CMS's (or anything else): never touched by a CiviCRM rollback. */
        CMS
    }

    /** True for CiviCRM's objects. */
    public boolean civicrm() {
        return owner == Owner.CIVICRM;
    }
}
