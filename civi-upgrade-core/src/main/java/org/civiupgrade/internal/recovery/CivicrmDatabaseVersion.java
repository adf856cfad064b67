package org.civiupgrade.internal.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.civiupgrade.Site;
import org.civiupgrade.Version;
import org.civiupgrade.internal.json.Json;
import org.civiupgrade.spi.support.Scopes;
import org.civiupgrade.spi.SiteResources;

/**
 * The CiviCRM database's version ({@code civicrm_domain.version}) against the version the run's
 * database backup recorded ({@code civicrmVersion} of a {@code manifest.json} in a folder of the
 * run folder, which the backup writes last): a version ending in {@code .upgrade} (an upgrade
 * stopped half-way) or newer than the backup's means the schema upgrade ran.
 */
final class CivicrmDatabaseVersion {
    private CivicrmDatabaseVersion() {
    }

    /** The backup's folder and CiviCRM version, when the run folder holds a complete backup. */
    record Backup(Path folder, Version version) { }

    static Optional<Backup> backup(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(runDir)) {
            for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
                Path manifest = d.resolve("manifest.json");
                if (Files.isRegularFile(manifest)) {
                    JsonNode node = Json.mapper().readTree(manifest.toFile());
                    Optional<Version> v = Version.tryParse(node.path("civicrmVersion").asText(""));
                    if (v.isPresent()) {
                        return Optional.of(new Backup(d, v.get()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static List<Finding> find(Site site, SiteResources resources, Path runDir) {
        List<Finding> out = new ArrayList<>();
        Optional<Backup> backup = backup(runDir);
        if (backup.isEmpty()) {
            return out;
        }
        String database = site.civicrmDatabase().database();
        String restore = "restore the CiviCRM database '" + database + "' from the backup in " + backup.get().folder()
                + " (version " + backup.get().version() + "): write it as one SQL script with the database module's "
                + "SqlDumpExport (for MySQL/MariaDB: new MySqlDialect().writeSqlDump(Path.of(\"" + backup.get().folder()
                + "\"), out)) and load it with: mysql " + database + " < dump.sql; then drop the tables, views, "
                + "triggers and routines the upgrade created that the backup's manifest.json does not list";
        List<String> versions = new ArrayList<>();
        try (Connection c = resources.civicrmDatabase().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT version FROM civicrm_domain")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        } catch (SQLException e) {
            out.add(new Finding("the CiviCRM database's version cannot be read (" + e.getMessage() + ")",
                    Scopes.civicrmDatabase(), restore, true));
            return out;
        }
        for (String raw : versions) {
            Optional<Version> v = Version.tryParse(raw == null ? "" : raw);
            if (v.isEmpty()) {
                out.add(new Finding("the CiviCRM database's version is '" + raw + "'", Scopes.civicrmDatabase(), restore, true));
            } else if (v.get().isPartialUpgrade()) {
                out.add(new Finding("the CiviCRM database is half-upgraded (version " + raw + "; the backup holds "
                        + backup.get().version() + ")", Scopes.civicrmDatabase(), restore, true));
            } else if (backup.get().version().isBefore(v.get())) {
                out.add(new Finding("the CiviCRM database holds version " + raw + ", newer than the backup's "
                        + backup.get().version(), Scopes.civicrmDatabase(), restore, true));
            }
        }
        return out;
    }

    /**
     * The CiviCRM database against the installed code, for a site whose work directory holds no
     * journal: a half-upgraded database ({@code X.Y.Z.upgrade}), or code newer than the database
     * (the code was swapped and the schema upgrade did not finish). A database that cannot be read
     * says nothing here (the run's own checks report it).
     */
    static List<Finding> againstCode(Site site, SiteResources resources) {
        List<Finding> out = new ArrayList<>();
        Optional<Version> code = org.civiupgrade.Release.readInstalledVersion(site.civicrmCodeDir());
        List<String> versions = new ArrayList<>();
        try (Connection c = resources.civicrmDatabase().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT version FROM civicrm_domain")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        } catch (SQLException | RuntimeException e) {
            return out;
        }
        String byHand = "put the old CiviCRM code back and restore the CiviCRM database from your backup (a civi-upgrade "
                + "run keeps both in the runs/<run> folder of its work directory), or finish the upgrade with the release's "
                + "own upgrader (cv upgrade:db)";
        for (String raw : versions) {
            Optional<Version> v = Version.tryParse(raw == null ? "" : raw);
            if (v.isPresent() && v.get().isPartialUpgrade()) {
                out.add(new Finding("the CiviCRM database is half-upgraded (version " + raw + "), and no journal in this work "
                        + "directory accounts for it", Scopes.civicrmDatabase(), byHand, true));
            } else if (v.isPresent() && code.isPresent() && v.get().isBefore(code.get())) {
                out.add(new Finding("the CiviCRM code in " + site.civicrmCodeDir() + " is version " + code.get()
                        + " but the CiviCRM database is still " + raw + ", and no journal in this work directory accounts "
                        + "for it", Scopes.civicrmDatabase(), byHand, true));
            }
        }
        return out;
    }
}
