package org.civiupgrade.mysql.internal;

import org.civiupgrade.spi.support.IoProblems;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.support.SafeFiles;

/**
 * The JSON manifest of a native backup, written last: a backup without it is incomplete and is
 * never restored or verified.
 */
public record Manifest(String format, String createdAt, String serverVersion, String civicrmVersion, long lockMillis,
                       List<SchemaEntry> schemas) {
    /** The format identifier. */
    public static final String FORMAT = "civi-upgrade-mysql-backup/1";
    /** The manifest's file name. */
    public static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Manifest {
        schemas = List.copyOf(schemas);
    }

    /**
     * One backed-up schema. {@code role} is {@code main} or {@code logging}. {@code sharedWithCms}:
     * whether the schema held CMS tables when backed up (also when only CiviCRM's objects were
     * backed up); {@code null} in manifests written before it was recorded, where the backed-up
     * tables tell.
     */
    public record SchemaEntry(String role, String name, String cmsTablePrefix, List<TableEntry> tables,
                              List<ObjectEntry> objects, Boolean sharedWithCms) {
        public SchemaEntry {
            tables = List.copyOf(tables);
            objects = List.copyOf(objects);
        }

        /** Whether the schema is shared with the CMS (see the record comment). */
        public boolean shared() {
            return sharedWithCms != null ? sharedWithCms : tables.stream().anyMatch(t -> !t.civicrm());
        }
    }

    /** One table's definition, data file and checksums. */
    public record TableEntry(String name, String owner, String engine, String createSql, List<Column> columns,
                             String file, long rows, long dataBytes, long fileBytes, long crc32c, Long checksum) {
        public TableEntry {
            columns = List.copyOf(columns);
        }

        public boolean civicrm() {
            return "CIVICRM".equals(owner);
        }
    }

    /** A column as dumped: {@code kind} is TEXT, BINARY, NUMBER or BIT; {@code charset} of text columns. */
    public record Column(String name, String kind, String charset) {
    }

    /**
     * A view, trigger, routine or event. {@code createSql} is the server's own definition (with
     * its original DEFINER); {@code table} is the trigger's table.
     */
    public record ObjectEntry(String kind, String name, String owner, String table, String createSql, String sqlMode,
                              String characterSetClient, String collationConnection) {
        public boolean civicrm() {
            return "CIVICRM".equals(owner);
        }
    }

    /** Writes the manifest atomically, owner-only. */
    public void write(Path dir) throws IOException {
        SafeFiles.writeAtomically(dir.resolve(FILE), JSON.writeValueAsBytes(this), PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * Reads the manifest of a backup.
     *
     * @throws UpgradeException {@link ErrorCode#FILE_ERROR} when the backup is incomplete or unreadable
     */
    public static Manifest read(Path dir) {
        try {
            Manifest m = JSON.readValue(Files.readAllBytes(dir.resolve(FILE)), Manifest.class);
            if (!FORMAT.equals(m.format())) {
                throw new UpgradeException(ErrorCode.FILE_ERROR, "The backup in " + dir + " has format '" + m.format()
                        + "', not " + FORMAT + ".", "Use a backup taken by this version of civi-upgrade.", null);
            }
            return m;
        } catch (NoSuchFileException e) {
            throw new UpgradeException(ErrorCode.FILE_ERROR, "The backup in " + dir + " is incomplete: it has no " + FILE
                    + " (the backup was interrupted or is still running).", "Take a new backup; an incomplete one is never used.", e);
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot read the manifest of the backup in " + dir, e);
        }
    }

    /** The schema of a role, if backed up. */
    public java.util.Optional<SchemaEntry> schema(String role) {
        return schemas.stream().filter(s -> s.role().equals(role)).findFirst();
    }
}
