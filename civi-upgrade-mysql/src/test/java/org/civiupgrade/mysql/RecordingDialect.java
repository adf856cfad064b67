package org.civiupgrade.mysql;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Version;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.BackupSummary;
import org.civiupgrade.spi.db.DatabaseCheckOptions;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.db.DatabaseObject;
import org.civiupgrade.spi.db.ObjectScope;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.RestoreSummary;
import org.civiupgrade.spi.db.VerifyOptions;
import org.civiupgrade.spi.db.VerifyReport;

/**
 * A second MySQL-family dialect, as a third party would write one around the MySQL dialect: it
 * is not registered as a service, does its work through {@link MySqlDialect} and notes every call
 * (in every instance, so that an instance a recovering engine makes by class name is seen too).
 */
public final class RecordingDialect implements DatabaseDialect {
    static final List<String> CALLS = java.util.Collections.synchronizedList(new ArrayList<>());
    static final AtomicInteger INSTANCES = new AtomicInteger();
    private final MySqlDialect real = new MySqlDialect();

    public RecordingDialect() {
        INSTANCES.incrementAndGet();
    }

    static void reset() {
        CALLS.clear();
        INSTANCES.set(0);
    }

    @Override
    public String name() {
        return "recording-mysql";
    }

    @Override
    public List<CheckResult> check(DataSource database, DatabaseCheckOptions options) {
        CALLS.add("check");
        return real.check(database, options);
    }

    @Override
    public List<DatabaseObject> classify(DataSource database, ObjectScope scope) {
        CALLS.add("classify");
        return real.classify(database, scope);
    }

    @Override
    public Optional<String> readVersion(DataSource database, int domainId) {
        CALLS.add("readVersion");
        return real.readVersion(database, domainId);
    }

    @Override
    public boolean repairMissingVersion(DataSource database, int domainId, Version version) {
        CALLS.add("repairMissingVersion");
        return real.repairMissingVersion(database, domainId, version);
    }

    @Override
    public BackupSummary backup(DataSource database, Path directory, BackupOptions options) {
        CALLS.add("backup");
        return real.backup(database, directory, options);
    }

    @Override
    public VerifyReport verify(DataSource database, Path directory, VerifyOptions options) {
        CALLS.add("verify");
        return real.verify(database, directory, options);
    }

    @Override
    public RestoreSummary restore(DataSource database, Path directory, RestoreOptions options) {
        CALLS.add("restore");
        return real.restore(database, directory, options);
    }

    @Override
    public List<DatabaseObject> dropCivicrmObjects(DataSource database, ObjectScope scope) {
        CALLS.add("dropCivicrmObjects");
        return real.dropCivicrmObjects(database, scope);
    }

    @Override
    public BackupSummary describeBackup(Path directory) {
        CALLS.add("describeBackup");
        return real.describeBackup(directory);
    }
}
